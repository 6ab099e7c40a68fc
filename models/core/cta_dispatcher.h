// The GPU's CTA dispatcher: places a kernel's CTAs onto SMs in order while they fit the SM's
// occupancy limits (threads, warps, registers, shared memory, CTAs), and frees the resources
// when an SM reports a CTA done. It keeps its own book of each SM's free resources, as the
// hardware's work distributor does, so it never has to look inside an SM.
#pragma once

#include <cstdint>
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

  // Starts dispatching `kernel` at `start_cycle`. The kernel must fit an SM (ctas_per_sm > 0).
  void launch(KernelSource& kernel, uint64_t start_cycle);
  bool kernel_done() const { return kernel_ != nullptr && completed_ == total_; }
  uint64_t end_cycle() const { return end_cycle_; }
  uint64_t ctas_completed() const { return completed_; }
  uint64_t ctas_total() const { return total_; }

  bool evaluate(uint64_t cycle) override;

 private:
  struct SmBook {
    CtaFootprint used;
    uint32_t ctas = 0;
    uint64_t next_launch = 0;  // earliest cycle of the next launch onto this SM
  };
  bool fits(const SmBook& sm) const;

  const CoreParams& p_;
  std::vector<Channel<CtaLaunch>*> to_sms_;
  Channel<CtaDone>& done_in_;
  std::vector<SmBook> sms_;
  KernelSource* kernel_ = nullptr;
  CtaFootprint footprint_;
  uint64_t next_cta_ = 0;
  uint64_t total_ = 0;
  uint64_t completed_ = 0;
  uint64_t age_ = 0;
  uint64_t end_cycle_ = 0;
  uint32_t rr_ = 0;
  stats::Counter& ctas_launched_;
};

}  // namespace warpsim
