// Control-flow cleanup of machine IR before register allocation: branches to a branch are
// threaded to the final target, unconditional branches to the next instruction disappear
// (inlined `ret`s produce them), and code that no path reaches is dropped.
#pragma once

#include "isa/ptx/mir.h"

namespace warpsim::isa::ptx {

void cleanup_control_flow(MFunction& f);

// Constants PTX materializes with mov (member masks, shuffle clamps, addresses of variables,
// fp literals) fold into the instructions that use them: zero becomes RZ, an address base
// becomes an absolute address, other values become immediates where the chip's opcode table
// allows one (SASS encodes these as immediates too). Values only read there stay defined by
// their MOV, which the allocator's dead-code pass then removes.
void fold_constants(MFunction& f);

}  // namespace warpsim::isa::ptx
