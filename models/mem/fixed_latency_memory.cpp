#include "models/mem/fixed_latency_memory.h"

#include <algorithm>

namespace warpsim {

FixedLatencyMemory::FixedLatencyMemory(const CoreParams& params, stats::CounterRegistry& counters,
                                       std::vector<Channel<MemRequest>*> from_sms,
                                       std::vector<Channel<MemResponse>*> to_sms)
    : Component("mem"),
      p_(params),
      from_sms_(std::move(from_sms)),
      to_sms_(std::move(to_sms)),
      reads_(counters.counter("mem", "reads")),
      writes_(counters.counter("mem", "writes")),
      bytes_(counters.counter("mem", "bytes")),
      throttled_cycles_(counters.counter("mem", "throttled_cycles")) {}

bool FixedLatencyMemory::evaluate(uint64_t cycle) {
  // Bandwidth credit accrues every cycle, also the ones slept through, but never banks more than
  // one cycle's worth: an idle memory cannot later burst above its peak.
  const int64_t per_cycle = p_.global_bytes_per_cycle;
  const uint64_t elapsed = std::max<uint64_t>(1, cycle - last_cycle_);
  credit_ = std::min<int64_t>(per_cycle, credit_ + int64_t(std::min<uint64_t>(elapsed, 1u << 20)) * per_cycle);
  last_cycle_ = cycle;

  const Picos t = now();
  const uint32_t n = uint32_t(from_sms_.size());
  bool pending = false;
  uint32_t served_last = rr_;
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t s = (rr_ + i) % n;
    Channel<MemRequest>& in = *from_sms_[s];
    if (!in.ready(t)) {
      pending |= !in.empty();
      continue;
    }
    if (credit_ <= 0) {
      pending = true;
      ++throttled_cycles_;
      break;
    }
    MemRequest req = in.pop(t);
    credit_ -= req.bytes;
    ++(req.is_write ? writes_ : reads_);
    bytes_ += req.bytes;
    to_sms_[req.sm]->push(req);
    served_last = s;
    pending |= !in.empty();
  }
  rr_ = (served_last + 1) % n;
  return pending;
}

}  // namespace warpsim
