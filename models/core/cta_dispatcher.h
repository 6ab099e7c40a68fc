// The GPU's CTA dispatcher: places the running kernels' CTAs onto SMs in order while they fit
// the SM's occupancy limits (threads, warps, registers, shared memory, CTAs), and frees the
// resources when an SM reports a CTA done. It keeps its own book of each SM's free resources, as the
// hardware's work distributor does, so it never has to look inside an SM.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "isa/warp_stream.h"
#include "models/core/core_params.h"
#include "models/core/cta_messages.h"
#include "sim/engine/channel.h"
#include "sim/engine/component.h"
#include "sim/stats/counter_registry.h"

namespace warpsim {

// Resources one CTA of `kernel` takes on an SM with `p`'s allocation rules.
CtaFootprint cta_footprint(const KernelSource& kernel, const CoreParams& p);
// How many CTAs of that footprint fit an empty SM (0: the kernel cannot run on this GPU).
uint32_t ctas_per_sm(const CtaFootprint& f, const CoreParams& p);

class CtaDispatcher : public Component {
 public:
  CtaDispatcher(const CoreParams& params, stats::CounterRegistry& counters,
                std::vector<Channel<CtaLaunch>*> to_sms, Channel<CtaDone>& done_in);

  // Concurrent kernels: up to `max_kernels` kernels hold a slot at once, from launch() until
  // release(). CTAs go out oldest kernel first (by start cycle, then launch order): a younger
  // kernel gets an SM's free resources only once every older kernel has dispatched all its CTAs
  // (the "left-over" policy of NVIDIA's hardware work distributor, Pai et al., ASPLOS 2013).
  void set_max_kernels(uint32_t n) { max_kernels_ = n; }
  bool has_free_slot() const { return running_ < max_kernels_; }
  // Starts dispatching `kernel` at `start_cycle`, in a free slot (returned). The kernel must fit
  // an SM (ctas_per_sm > 0). `attributed`: the slot's per-kernel counters (ctas_launched).
  uint32_t launch(KernelSource& kernel, uint64_t start_cycle, stats::CounterRegistry* attributed = nullptr);
  // Frees the slot of a finished kernel (its source may be destroyed after this).
  void release(uint32_t slot);
  uint32_t running() const { return running_; }
  bool slot_active(uint32_t slot) const { return slot < kernels_.size() && kernels_[slot].active; }
  // Every CTA of the kernel in `slot` has completed; the cycle the last completion arrived.
  bool kernel_done(uint32_t slot) const { return kernels_[slot].active && kernels_[slot].completed == kernels_[slot].total; }
  uint64_t end_cycle(uint32_t slot) const { return kernels_[slot].end_cycle; }
  uint64_t start_cycle(uint32_t slot) const { return kernels_[slot].start_cycle; }
  const KernelSource& kernel(uint32_t slot) const { return *kernels_[slot].source; }
  // Over the kernels holding a slot (deadlock reports).
  uint64_t ctas_completed() const;
  uint64_t ctas_total() const;
  // Called when the last CTA of the kernel in `slot` has completed.
  void set_done_listener(std::function<void(uint32_t slot)> f) { on_done_ = std::move(f); }

  bool evaluate(uint64_t cycle) override;

 private:
  struct SmBook {
    CtaFootprint used;
    uint32_t ctas = 0;
    uint64_t next_launch = 0;  // earliest cycle of the next launch onto this SM
  };
  struct Kernel {
    bool active = false;
    KernelSource* source = nullptr;
    CtaFootprint footprint;
    uint64_t order = 0;  // launch order, for ties between equal start cycles
    uint64_t start_cycle = 0;
    uint64_t next_cta = 0;
    uint64_t total = 0;
    uint64_t completed = 0;
    uint64_t end_cycle = 0;
    stats::Counter* ctas_launched = nullptr;  // the slot's own count
  };
  bool fits(const SmBook& sm, const CtaFootprint& f) const;
  // The oldest started kernel with CTAs left to dispatch at `cycle`, or -1 (none).
  int dispatching(uint64_t cycle) const;

  const CoreParams& p_;
  std::vector<Channel<CtaLaunch>*> to_sms_;
  Channel<CtaDone>& done_in_;
  std::vector<SmBook> sms_;
  std::vector<Kernel> kernels_;  // by slot
  uint32_t max_kernels_ = 1;
  uint32_t running_ = 0;
  uint64_t launches_ = 0;
  uint64_t age_ = 0;
  uint32_t rr_ = 0;
  stats::Counter& ctas_launched_;
  std::function<void(uint32_t)> on_done_;
};

}  // namespace warpsim
