// The architecture tables (one per file) and the rows later architectures inherit.
// Internal to isa/sass: everything else asks registry.cpp by binary version.
#pragma once

#include "isa/sass/sass_table.h"

namespace warpsim::sass {

const SassTable& kepler_table();          // kepler.cpp  (sm_30..37)
const SassTable& maxwell_pascal_table();  // pascal.cpp  (sm_50..62)
const SassTable& volta_table();           // volta.cpp   (sm_70, 72)
const SassTable& turing_table();          // turing.cpp  (sm_75)
const SassTable& ampere_table();          // ampere.cpp  (sm_80, 86, 87)
const SassTable& ada_table();             // ada.cpp     (sm_89)
const SassTable& hopper_table();          // hopper.cpp  (sm_90)

// Rows shared by the Volta family onwards, and each generation's additions.
extern const SassOpList kVoltaRows;
extern const SassOpList kTuringRows;
extern const SassOpList kAmpereRows;

}  // namespace warpsim::sass
