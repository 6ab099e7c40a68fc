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
    std::sort(order.begin(), order.end());  // slot order; the start rotates (first_index)
  }
  size_t first_index(const std::vector<uint32_t>& order) const override {
    // The first slot after the last issued one, wrapping to the lowest.
    const size_t i = size_t(std::upper_bound(order.begin(), order.end(), last_) - order.begin());
    return i == order.size() ? 0 : i;
  }
  bool on_issue(uint32_t slot, const WarpInst&) override {
    last_ = slot;
    return false;  // only the start moves
  }

 private:
  uint32_t last_ = ~0u;
};

WARPSIM_REGISTER(WarpSchedulerRegistry, "lrr", [](const WarpSchedulerParams&) { return std::make_unique<LrrScheduler>(); });

}  // namespace
}  // namespace warpsim
