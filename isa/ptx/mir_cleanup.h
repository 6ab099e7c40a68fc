// Control-flow cleanup of machine IR before register allocation: branches to a branch are
// threaded to the final target, unconditional branches to the next instruction disappear
// (inlined `ret`s produce them), and code that no path reaches is dropped.
#pragma once

#include "isa/ptx/mir.h"

namespace warpsim::isa::ptx {

void cleanup_control_flow(MFunction& f);

}  // namespace warpsim::isa::ptx
