// Two-level scheduling (Gebhart et al., ISCA 2011; Narasiman et al., MICRO 2011): only an active
// pool of `core.active_warps` warps competes for issue, round robin among them; a warp that
// issues a long-latency operation (a global or local load, an atomic, a barrier) leaves the pool
// for the back of the pending queue, and the oldest pending warp takes its place. The pool keeps
// the scheduler's choice small (a smaller, cheaper selection stage and register-file cache in
// hardware) while the demotion keeps warps that only wait for memory out of the way.
#include <algorithm>
#include <deque>
#include <memory>
#include <vector>

#include "models/core/warp_scheduler.h"

namespace warpsim {
namespace {

class TwoLevelScheduler : public WarpScheduler {
 public:
  explicit TwoLevelScheduler(uint32_t active) : active_size_(active) {}

  void prioritize(const std::vector<uint32_t>& warps, std::vector<uint32_t>& order) override {
    // Warps that left keep no place; new ones queue as pending, oldest first.
    auto live = [&](uint32_t w) { return std::find(warps.begin(), warps.end(), w) != warps.end(); };
    active_.erase(std::remove_if(active_.begin(), active_.end(), [&](uint32_t w) { return !live(w); }),
                  active_.end());
    pending_.erase(std::remove_if(pending_.begin(), pending_.end(), [&](uint32_t w) { return !live(w); }),
                   pending_.end());
    for (uint32_t w : warps) {
      if (std::find(active_.begin(), active_.end(), w) == active_.end() &&
          std::find(pending_.begin(), pending_.end(), w) == pending_.end()) {
        pending_.push_back(w);
      }
    }
    refill();
    order.assign(active_.begin(), active_.end());
    order.insert(order.end(), pending_.begin(), pending_.end());
  }

  size_t candidates(const std::vector<uint32_t>&) const override { return active_.size(); }

  size_t first_index(const std::vector<uint32_t>&) const override {
    // Round robin within the pool: the member after the last one to issue.
    return active_.empty() ? 0 : next_ % active_.size();
  }

  bool on_issue(uint32_t slot, const WarpInst& inst) override {
    auto it = std::find(active_.begin(), active_.end(), slot);
    if (it == active_.end()) return false;
    const size_t at = size_t(it - active_.begin());
    if (!long_latency(inst)) {
      next_ = at + 1;
      return false;
    }
    // The rotation goes on from the member that followed the demoted one.
    const uint32_t follower = active_.size() > 1 ? active_[(at + 1) % active_.size()] : kNoWarp;
    active_.erase(it);
    pending_.push_back(slot);
    refill();  // the oldest pending warp joins at the back of the pool
    const auto f = std::find(active_.begin(), active_.end(), follower);
    next_ = f == active_.end() ? 0 : size_t(f - active_.begin());
    return true;
  }

 private:
  // Also a barrier wait: warps held at a barrier must make room for the pending warps that
  // still have to reach it.
  static bool long_latency(const WarpInst& inst) {
    if (inst.op_class == OpClass::atomic) return true;
    if (inst.op_class == OpClass::barrier) return !inst.barrier_arrive_only;
    return inst.op_class == OpClass::load &&
           (inst.space == MemSpace::global || inst.space == MemSpace::local);
  }
  void refill() {
    while (active_.size() < active_size_ && !pending_.empty()) {
      active_.push_back(pending_.front());
      pending_.pop_front();
    }
  }

  uint32_t active_size_;
  std::vector<uint32_t> active_;  // the pool, in round-robin order
  std::deque<uint32_t> pending_;  // waiting to join, in the order they left or arrived
  size_t next_ = 0;
};

WARPSIM_REGISTER(WarpSchedulerRegistry, "two_level", [](const WarpSchedulerParams& p) {
  return std::make_unique<TwoLevelScheduler>(p.active_warps);
});

}  // namespace
}  // namespace warpsim
