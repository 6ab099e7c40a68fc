// Ada Lovelace (sm_89): the Ampere instruction set; the FP8 tensor-core forms are HMMA variants
// (HMMA.16832.F32.E4M3 ...), so the base mnemonics are Ampere's. Accel-Sim has no Ada table.
#include "isa/sass/tables.h"

namespace warpsim::sass {

const SassTable& ada_table() {
  static const SassTable table("Ada (sm_89)", {kVoltaRows, kTuringRows, kAmpereRows});
  return table;
}

}  // namespace warpsim::sass
