// Loose round-robin: after a warp issues, the next cycle starts looking from the warp after it,
// so every ready warp gets a turn (the fair baseline that GTO is usually compared against).
#include <algorithm>

#include "models/core/warp_scheduler.h"

namespace warpsim {
namespace {

class LrrScheduler : public WarpScheduler {
 public:
  void prioritize(const std::vector<uint32_t>& warps, std::vector<uint32_t>& order) override {
    order = warps;
    std::sort(order.begin(), order.end());
    // Rotate so that the first slot after the last issued one comes first.
    auto first = std::upper_bound(order.begin(), order.end(), last_);
    std::rotate(order.begin(), first, order.end());
  }
  bool on_issue(uint32_t slot) override {
    const bool changed = slot != last_;
    last_ = slot;
    return changed;
  }

 private:
  uint32_t last_ = ~0u;
};

WARPSIM_REGISTER(WarpSchedulerRegistry, "lrr", [] { return std::make_unique<LrrScheduler>(); });

}  // namespace
}  // namespace warpsim
