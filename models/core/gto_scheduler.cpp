// Greedy-then-oldest (Rogers et al., MICRO 2012; Accel-Sim's Volta default): keep issuing from the
// warp that issued last while it can, otherwise the oldest warp. Greedy issue keeps one warp's
// working set hot; falling back to the oldest lets the CTA that started first finish first.
#include "models/core/warp_scheduler.h"

namespace warpsim {
namespace {

class GtoScheduler : public WarpScheduler {
 public:
  void prioritize(const std::vector<uint32_t>& warps, std::vector<uint32_t>& order) override {
    order.clear();
    for (uint32_t w : warps) {
      if (w == last_) order.push_back(w);
    }
    for (uint32_t w : warps) {
      if (w != last_) order.push_back(w);
    }
  }
  void on_issue(uint32_t slot) override { last_ = slot; }

 private:
  uint32_t last_ = ~0u;
};

WARPSIM_REGISTER(WarpSchedulerRegistry, "gto", [] { return std::make_unique<GtoScheduler>(); });

}  // namespace
}  // namespace warpsim
