// Ampere (sm_80, sm_86, sm_87): Turing plus asynchronous global->shared copies (LDGSTS with its
// LDGDEPBAR), FP64 tensor cores, warp-wide reductions and the fast conversions. Mnemonics: NVIDIA's
// CUDA Binary Utilities reference for Ampere and every row of Accel-Sim's ampere_opcode.h.
#include "isa/sass/tables.h"

namespace warpsim::sass {

namespace {

using C = OpClass;
using M = SassMem;

constexpr SassOp kAmpereOps[] = {
    {"HMNMX2", C::fp16},
    {"DMMA", C::tensor},
    // Full-rate packing/conversion variants (F2FP packs two FP32 into FP16/BF16)
    {"F2FP", C::fp16},
    {"I2FP", C::int_alu},
    {"F2IP", C::int_alu},
    // cp.async: counted as a load for timing (its data goes to shared memory, not registers)
    {"LDGSTS", C::load, M::global_to_shared},
    {"LDGDEPBAR", C::misc},
    {"REDUX", C::int_alu},
    {"UF2FP", C::int_alu},
    {"SUQUERY", C::misc},
};

}  // namespace

extern const SassOpList kAmpereRows = kAmpereOps;

const SassTable& ampere_table() {
  static const SassTable table("Ampere (sm_80)", {kVoltaRows, kTuringRows, kAmpereRows});
  return table;
}

}  // namespace warpsim::sass
