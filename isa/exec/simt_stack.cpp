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
  if (top.rpc == rpc && !top.frame) {
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

void SimtStack::call(uint32_t lanes, uint32_t target, uint32_t return_pc) {
  entries_.back().pc = return_pc;
  entries_.push_back({target, kFrameRpc, lanes, true});
}

void SimtStack::call_indirect(uint32_t lanes, const uint32_t* targets, uint32_t return_pc) {
  entries_.back().pc = return_pc;
  // Group the lanes by target in order of their lowest lane, then push the groups in reverse so
  // that the lowest lane's target runs first.
  uint32_t group_target[32], group_mask[32];
  unsigned groups = 0;
  for (uint32_t rest = lanes; rest;) {
    unsigned l = static_cast<unsigned>(__builtin_ctz(rest));
    uint32_t target = targets[l], m = 0;
    for (uint32_t r = rest; r; r &= r - 1) {
      unsigned k = static_cast<unsigned>(__builtin_ctz(r));
      if (targets[k] == target) m |= 1u << k;
    }
    group_target[groups] = target;
    group_mask[groups++] = m;
    rest &= ~m;
  }
  while (groups--) entries_.push_back({group_target[groups], kFrameRpc, group_mask[groups], true});
}

uint32_t SimtStack::ret(uint32_t lanes, uint32_t next_pc) {
  size_t f = entries_.size();
  while (f > 0 && !entries_[f - 1].frame) --f;
  if (f == 0) {  // no call to return from: the lanes exit
    exit(lanes, next_pc);
    return lanes;
  }
  for (size_t i = f - 1; i < entries_.size(); ++i) entries_[i].mask &= ~lanes;
  if (entries_.back().mask) entries_.back().pc = next_pc;
  reconverge();
  return 0;
}

}  // namespace warpsim::isa
