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
    start_known_ = false;
  }
  size_t first_index(const std::vector<uint32_t>& order) const override {
    // The first slot after the last issued one, wrapping to the lowest. A sub-core scans several
    // times per issue, so the search runs once per issue or new order.
    if (!start_known_) {
      const size_t i = size_t(std::upper_bound(order.begin(), order.end(), last_) - order.begin());
      start_ = i == order.size() ? 0 : i;
      start_known_ = true;
    }
    return start_;
  }
  bool on_issue(uint32_t slot, const WarpInst&) override {
    last_ = slot;
    start_known_ = false;
    return false;  // only the start moves
  }

 private:
  uint32_t last_ = ~0u;
  mutable size_t start_ = 0;
  mutable bool start_known_ = false;
};

WARPSIM_REGISTER(WarpSchedulerRegistry, "lrr", [](const WarpSchedulerParams&) { return std::make_unique<LrrScheduler>(); });

}  // namespace
}  // namespace warpsim
