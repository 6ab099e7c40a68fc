// Volta (sm_70, sm_72): the SASS of the Volta family, which Turing, Ampere, Ada and Hopper extend.
// Mnemonics: NVIDIA's CUDA Binary Utilities instruction-set reference for Volta, and every row of
// Accel-Sim's volta_opcode.h.
#include "isa/sass/tables.h"

namespace warpsim::sass {

namespace {

using C = OpClass;
using M = SassMem;

constexpr SassOp kVoltaOps[] = {
    // FP32
    {"FADD", C::fp32},
    {"FADD32I", C::fp32},
    {"FCHK", C::fp32},
    {"FFMA", C::fp32},
    {"FFMA32I", C::fp32},
    {"FMNMX", C::fp32},
    {"FMUL", C::fp32},
    {"FMUL32I", C::fp32},
    {"FSEL", C::fp32},
    {"FSET", C::fp32},
    {"FSETP", C::fp32},
    {"FSWZADD", C::fp32},
    // Transcendentals on the MUFU unit
    {"MUFU", C::sfu},
    // FP16 (packed pairs)
    {"HADD2", C::fp16},
    {"HADD2_32I", C::fp16},
    {"HFMA2", C::fp16},
    {"HFMA2_32I", C::fp16},
    {"HMUL2", C::fp16},
    {"HMUL2_32I", C::fp16},
    {"HSET2", C::fp16},
    {"HSETP2", C::fp16},
    // Tensor cores
    {"HMMA", C::tensor},
    {"IMMA", C::tensor},
    // FP64
    {"DADD", C::fp64},
    {"DFMA", C::fp64},
    {"DMUL", C::fp64},
    {"DSETP", C::fp64},
    // Integer: full-rate ALU
    {"BMSK", C::int_alu},
    {"IABS", C::int_alu},
    {"IADD", C::int_alu},
    {"IADD3", C::int_alu},
    {"IADD32I", C::int_alu},
    {"IMNMX", C::int_alu},
    {"ISCADD", C::int_alu},
    {"ISCADD32I", C::int_alu},
    {"ISETP", C::int_alu},
    {"LEA", C::int_alu},
    {"LOP", C::int_alu},
    {"LOP3", C::int_alu},
    {"LOP32I", C::int_alu},
    {"SHF", C::int_alu},
    {"SHL", C::int_alu},
    {"SHR", C::int_alu},
    {"VABSDIFF", C::int_alu},
    {"VABSDIFF4", C::int_alu},
    // Integer multiply / multiply-add / dot product
    {"IMAD", C::int_mul},
    {"IMUL", C::int_mul},
    {"IMUL32I", C::int_mul},
    {"IDP", C::int_mul},
    {"IDP4A", C::int_mul},
    // Quarter-rate bit operations (16/clk/SM on sm_70, like MUFU)
    {"BREV", C::sfu},
    {"FLO", C::sfu},
    {"POPC", C::sfu},
    // Conversions: F2F/F2I/I2F/FRND are quarter-rate; I2I (integer width) is full-rate
    {"F2F", C::sfu},
    {"F2I", C::sfu},
    {"I2F", C::sfu},
    {"FRND", C::sfu},
    {"I2I", C::int_alu},
    {"I2IP", C::int_alu},
    // Movement
    {"MOV", C::int_alu},
    {"MOV32I", C::int_alu},
    {"PRMT", C::int_alu},
    {"SEL", C::int_alu},
    {"SGXT", C::int_alu},
    {"SHFL", C::int_alu},
    // Predicates
    {"PLOP3", C::int_alu},
    {"PSETP", C::int_alu},
    {"P2R", C::int_alu},
    {"R2P", C::int_alu},
    // Memory
    {"LD", C::load, M::generic},
    {"LDC", C::load, M::constant},
    {"LDG", C::load, M::global},
    {"LDL", C::load, M::local},
    {"LDS", C::load, M::shared},
    {"ST", C::store, M::generic},
    {"STG", C::store, M::global},
    {"STL", C::store, M::local},
    {"STS", C::store, M::shared},
    {"ATOM", C::atomic, M::generic},
    {"ATOMG", C::atomic, M::global},
    {"ATOMS", C::atomic, M::shared},
    {"RED", C::atomic, M::generic},
    {"MATCH", C::int_alu},
    {"QSPC", C::int_alu},
    // Cache control and memory ordering: no data moves
    {"CCTL", C::misc},
    {"CCTLL", C::misc},
    {"CCTLT", C::misc},
    {"ERRBAR", C::misc},
    {"MEMBAR", C::misc},
    // Texture and surface: no per-lane addresses in NVBit traces (see sass_table.h)
    {"TEX", C::misc},
    {"TLD", C::misc},
    {"TLD4", C::misc},
    {"TMML", C::misc},
    {"TXD", C::misc},
    {"TXQ", C::misc},
    {"SUATOM", C::misc},
    {"SULD", C::misc},
    {"SURED", C::misc},
    {"SUST", C::misc},
    // Control flow
    {"BMOV", C::branch},
    {"BPT", C::branch},
    {"BRA", C::branch},
    {"BREAK", C::branch},
    {"BRX", C::branch},
    {"BSSY", C::branch},
    {"BSYNC", C::branch},
    {"CALL", C::branch},
    {"JMP", C::branch},
    {"JMX", C::branch},
    {"NANOSLEEP", C::branch},
    {"RET", C::branch},
    {"RPCMOV", C::branch},
    {"RTT", C::branch},
    {"WARPSYNC", C::branch},
    {"YIELD", C::branch},
    {"EXIT", C::exit},
    {"KILL", C::exit},
    // CTA barrier
    {"BAR", C::barrier},
    // Miscellaneous
    {"B2R", C::misc},
    {"CS2R", C::misc},
    {"CSMTEST", C::misc},
    {"DEPBAR", C::misc},
    {"GETLMEMBASE", C::misc},
    {"LEPC", C::misc},
    {"NOP", C::misc},
    {"PMTRIG", C::misc},
    {"R2B", C::misc},
    {"S2R", C::misc},
    {"SETCTAID", C::misc},
    {"SETLMEMBASE", C::misc},
    {"VOTE", C::int_alu},
    {"VOTE_VTG", C::misc},
};

}  // namespace

extern const SassOpList kVoltaRows = kVoltaOps;

const SassTable& volta_table() {
  static const SassTable table("Volta (sm_70)", {kVoltaRows});
  return table;
}

}  // namespace warpsim::sass
