#include "isa/instruction.h"

namespace warpsim::isa {

const char* special_reg_name(SpecialReg r) {
  static constexpr const char* kNames[] = {
      "SR_TID.X",   "SR_TID.Y",   "SR_TID.Z",   "SR_NTID.X",   "SR_NTID.Y",   "SR_NTID.Z",
      "SR_CTAID.X", "SR_CTAID.Y", "SR_CTAID.Z", "SR_NCTAID.X", "SR_NCTAID.Y", "SR_NCTAID.Z",
      "SR_LANEID",  "SR_WARPID",  "SR_SMID",    "SR_CLOCKLO",  "SR_CLOCKHI",
      "SR_LANEMASK_EQ", "SR_LANEMASK_LT", "SR_LANEMASK_LE", "SR_LANEMASK_GT", "SR_LANEMASK_GE",
      "SR_CLOCK64", "SR_GLOBALTIMER", "SR_GLOBALTIMERLO", "SR_GLOBALTIMERHI"};
  static_assert(sizeof(kNames) / sizeof(kNames[0]) == static_cast<unsigned>(SpecialReg::count_));
  unsigned i = static_cast<unsigned>(r);
  return i < static_cast<unsigned>(SpecialReg::count_) ? kNames[i] : "SR_?";
}

}  // namespace warpsim::isa
