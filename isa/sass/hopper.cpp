// Hopper (sm_90): Ampere plus thread-block clusters (distributed shared memory, cluster
// barriers), the tensor memory accelerator (UTMA*/UBLK*), warpgroup MMA (*GMMA) and DPX.
// Mnemonics: NVIDIA's CUDA Binary Utilities reference for Hopper and Accel-Sim's hopper_opcode.h.
#include "isa/sass/tables.h"

namespace warpsim::sass {

namespace {

using C = OpClass;
using M = SassMem;

constexpr SassOp kHopperOps[] = {
    // DPX (dynamic-programming) integer instructions
    {"VIADD", C::int_alu},
    {"VIADDMNMX", C::int_alu},
    {"VIMNMX", C::int_alu},
    {"VIMNMX3", C::int_alu},
    {"VHMNMX", C::fp16},
    {"IMAD32I", C::int_mul},
    // Warpgroup MMA
    {"HGMMA", C::tensor},
    {"IGMMA", C::tensor},
    {"QGMMA", C::tensor},
    {"BGMMA", C::tensor},
    {"WARPGROUP", C::misc},
    // Memory
    {"LDGMC", C::load, M::global},
    {"STSM", C::store, M::shared},
    {"STAS", C::store, M::shared},
    {"REDAS", C::atomic, M::shared},
    {"REDG", C::atomic, M::global},
    {"FENCE", C::misc},
    {"CGAERRBAR", C::misc},
    // Asynchronous transaction barriers and cluster barriers: not CTA barriers (`BAR`)
    {"SYNCS", C::misc},
    {"ARRIVES", C::misc},
    {"UCGABAR_ARV", C::misc},
    {"UCGABAR_WAIT", C::misc},
    {"UCGABAR_GET", C::misc},
    {"UCGABAR_SET", C::misc},
    // Tensor memory accelerator and bulk copies: no per-lane addresses (see sass_table.h)
    {"UTMALDG", C::misc},
    {"UTMASTG", C::misc},
    {"UTMAPF", C::misc},
    {"UTMAREDG", C::misc},
    {"UTMACCTL", C::misc},
    {"UTMACMDFLUSH", C::misc},
    {"UBLKCP", C::misc},
    {"UBLKPF", C::misc},
    {"UBLKRED", C::misc},
    // Control
    {"ELECT", C::branch},
    {"ACQBULK", C::misc},
    {"ENDCOLLECTIVE", C::branch},
    {"PREEXIT", C::misc},
    // Uniform datapath additions
    {"UMOV32I", C::int_alu},
    {"ULEPC", C::misc},
    {"USETMAXREG", C::misc},
    {"USETSHMSZ", C::misc},
};

}  // namespace

const SassTable& hopper_table() {
  static const SassTable table("Hopper (sm_90)",
                               {kVoltaRows, kTuringRows, kAmpereRows, SassOpList(kHopperOps)});
  return table;
}

}  // namespace warpsim::sass
