#include "isa/exec/simt_stack.h"

namespace warpsim::isa {

void SimtStack::reset(uint32_t lanes) {
  entries_.clear();
  // Depth stays small: each divergence level needs at most three entries, and paths that
  // share the reconvergence pc of the entry they split from reuse it (see branch()).
  entries_.reserve(16);
  if (lanes) entries_.push_back({0, 0xFFFFFFFFu, lanes});
}

void SimtStack::reconverge() {
  while (!entries_.empty() &&
         (entries_.back().mask == 0 || entries_.back().pc == entries_.back().rpc))
    entries_.pop_back();
}

void SimtStack::advance(uint32_t next_pc) {
  entries_.back().pc = next_pc;
  reconverge();
}

void SimtStack::branch(uint32_t taken, uint32_t target, uint32_t fallthrough, uint32_t rpc) {
  Entry& top = entries_.back();
  uint32_t t = taken & top.mask, n = top.mask & ~taken;
  if (n == 0 || t == 0) {
    top.pc = n == 0 ? target : fallthrough;
    reconverge();
    return;
  }
  if (top.rpc == rpc) {
    // Splitting again towards the same reconvergence point (e.g. a divergent loop back edge):
    // the entry below already waits there with all these lanes, so no new one is needed and
    // the stack does not grow with every divergent iteration.
    entries_.pop_back();
  } else {
    top.pc = rpc;
  }
  if (fallthrough != rpc) entries_.push_back({fallthrough, rpc, n});
  if (target != rpc) entries_.push_back({target, rpc, t});
  reconverge();
}

void SimtStack::exit(uint32_t lanes, uint32_t next_pc) {
  for (Entry& e : entries_) e.mask &= ~lanes;
  if (entries_.back().mask) entries_.back().pc = next_pc;
  reconverge();
}

}  // namespace warpsim::isa
