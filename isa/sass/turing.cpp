// Turing (sm_75): Volta plus the uniform datapath (U* instructions on UR registers), LDSM/MOVM and
// integer/binary tensor-core MMA. Mnemonics: NVIDIA's CUDA Binary Utilities reference for Turing
// and every row of Accel-Sim's turing_opcode.h.
#include "isa/sass/tables.h"

namespace warpsim::sass {

namespace {

using C = OpClass;
using M = SassMem;

constexpr SassOp kTuringOps[] = {
    {"BMMA", C::tensor},
    {"MOVM", C::int_alu},
    {"LDSM", C::load, M::shared},
    {"BRXU", C::branch},
    {"JMXU", C::branch},
    // Uniform datapath: one value per warp, its own unit; scheduled as integer ALU work
    {"R2UR", C::int_alu},
    {"S2UR", C::misc},
    {"UBMSK", C::int_alu},
    {"UBREV", C::int_alu},
    {"UCLEA", C::int_alu},
    {"UFLO", C::int_alu},
    {"UIADD3", C::int_alu},
    {"UIMAD", C::int_alu},
    {"UISETP", C::int_alu},
    {"ULDC", C::int_alu},
    {"ULEA", C::int_alu},
    {"ULOP", C::int_alu},
    {"ULOP3", C::int_alu},
    {"ULOP32I", C::int_alu},
    {"UMOV", C::int_alu},
    {"UP2UR", C::int_alu},
    {"UPLOP3", C::int_alu},
    {"UPOPC", C::int_alu},
    {"UPRMT", C::int_alu},
    {"UPSETP", C::int_alu},
    {"UR2UP", C::int_alu},
    {"USEL", C::int_alu},
    {"USGXT", C::int_alu},
    {"USHF", C::int_alu},
    {"USHL", C::int_alu},
    {"USHR", C::int_alu},
    {"VOTEU", C::int_alu},
};

}  // namespace

extern const SassOpList kTuringRows = kTuringOps;

const SassTable& turing_table() {
  static const SassTable table("Turing (sm_75)", {kVoltaRows, kTuringRows});
  return table;
}

}  // namespace warpsim::sass
