// The first-form memory path: every global/local access takes a fixed latency, and the whole
// GPU's memory bandwidth is limited to `global_bytes_per_cycle`. Requests from the SMs are served
// round-robin, one per SM per cycle, while bandwidth credit remains; a request larger than the
// remaining credit still goes and leaves a debt, so any size eventually gets through.
// Caches, the interconnect and DRAM replace this in the memory-system issue.
#pragma once

#include <cstdint>
#include <vector>

#include "models/core/core_params.h"
#include "models/mem/mem_messages.h"
#include "sim/engine/channel.h"
#include "sim/engine/component.h"
#include "sim/stats/counter_registry.h"

namespace warpsim {

class FixedLatencyMemory : public Component {
 public:
  FixedLatencyMemory(const CoreParams& params, stats::CounterRegistry& counters,
                     std::vector<Channel<MemRequest>*> from_sms,
                     std::vector<Channel<MemResponse>*> to_sms);
  bool evaluate(uint64_t cycle) override;

 private:
  const CoreParams& p_;
  std::vector<Channel<MemRequest>*> from_sms_;
  std::vector<Channel<MemResponse>*> to_sms_;
  int64_t credit_ = 0;
  uint64_t last_cycle_ = 0;
  uint32_t rr_ = 0;
  stats::Counter& reads_;
  stats::Counter& writes_;
  stats::Counter& bytes_;
  stats::Counter& throttled_cycles_;
};

}  // namespace warpsim
