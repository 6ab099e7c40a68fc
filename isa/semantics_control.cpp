// Control instructions only report which lanes branch or finish; the emulator's SIMT stack
// (isa/exec/simt_stack.h) turns that into divergence and reconvergence, and the timing model
// holds warps at barriers.
#include "isa/semantics.h"

namespace warpsim::isa::sem {

void bra(ExecContext& x) { x.taken = x.mask; }
void exit(ExecContext& x) { x.exited = x.mask; }
void bar(ExecContext&) {}
void nop(ExecContext&) {}

}  // namespace warpsim::isa::sem
