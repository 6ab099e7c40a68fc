// Oldest first: every cycle the oldest warp that can issue does (CTA dispatch order, then warp
// order). GTO without the greed: the issuing warp changes whenever an older one becomes ready,
// which spreads issue over more warps' working sets (a common baseline in scheduler studies).
#include <memory>
#include <vector>

#include "models/core/warp_scheduler.h"

namespace warpsim {
namespace {

class OldestFirstScheduler : public WarpScheduler {
 public:
  void prioritize(const std::vector<uint32_t>& warps, std::vector<uint32_t>& order) override {
    order = warps;  // oldest first
  }
  bool on_issue(uint32_t, const WarpInst&) override { return false; }
};

WARPSIM_REGISTER(WarpSchedulerRegistry, "oldest_first",
                 [](const WarpSchedulerParams&) { return std::make_unique<OldestFirstScheduler>(); });

}  // namespace
}  // namespace warpsim
