// Greedy-then-oldest (Rogers et al., MICRO 2012; Accel-Sim's Volta default): keep issuing from the
// warp that issued last while it can, otherwise the oldest warp. Greedy issue keeps one warp's
// working set hot; falling back to the oldest lets the CTA that started first finish first.
#include "models/core/warp_scheduler.h"

namespace warpsim {
namespace {

class GtoScheduler : public WarpScheduler {
 public:
  void prioritize(const std::vector<uint32_t>& warps, std::vector<uint32_t>& order) override {
    order = warps;  // oldest first
  }
  uint32_t preferred() const override { return last_; }
  bool on_issue(uint32_t slot, const WarpInst&) override {
    last_ = slot;
    return false;  // only the preferred warp moves
  }

 private:
  uint32_t last_ = kNoWarp;
};

WARPSIM_REGISTER(WarpSchedulerRegistry, "gto", [](const WarpSchedulerParams&) { return std::make_unique<GtoScheduler>(); });

}  // namespace
}  // namespace warpsim
