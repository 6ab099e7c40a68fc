#include "models/core/kernel_counters.h"

namespace warpsim {

namespace {
bool is_memory(OpClass c) {
  return c == OpClass::load || c == OpClass::store || c == OpClass::atomic;
}
}  // namespace

// The keys mirror SimtCore's constructor; kernel_attribution_test checks that the attributed
// values of every key add up to the SM's own, which a renamed key would break.
SmKernelCounters::SmKernelCounters(const std::string& sm, const CoreParams& p, stats::CounterRegistry& r)
    : warp_insts(r.counter(sm, "warp_insts")),
      thread_insts(r.counter(sm, "thread_insts")),
      ctas_completed(r.counter(sm, "ctas_completed")),
      shmem_accesses(r.counter(sm + ".shmem", "accesses")),
      shmem_conflicts(r.counter(sm + ".shmem", "bank_conflicts")),
      loads(r.counter(sm + ".ldst", "loads")),
      stores(r.counter(sm + ".ldst", "stores")),
      atomics(r.counter(sm + ".ldst", "atomics")),
      sectors(r.counter(sm + ".ldst", "sectors")),
      requests(r.counter(sm + ".ldst", "requests")),
      schedulers(p.num_schedulers) {
  for (size_t c = 0; c < size_t(OpClass::count_); ++c) {
    class_insts[c] = &r.counter(sm + ".insts", op_class_name(OpClass(c)));
  }
  for (size_t i = 0; i < schedulers.size(); ++i) {
    const std::string loc = sm + ".sched[" + std::to_string(i) + "]";
    for (size_t c = 0; c < size_t(SchedCycle::count_); ++c) {
      if (SchedCycle(c) == SchedCycle::idle) continue;
      schedulers[i].cycles[c] = &r.counter(loc, sched_cycle_name(SchedCycle(c)));
    }
    for (size_t c = 0; c < size_t(OpClass::count_); ++c) {
      if (is_memory(OpClass(c))) continue;
      const uint8_t pipe = p.timing.of_class(OpClass(c)).pipe;
      if (schedulers[i].pipe_busy[pipe] == nullptr) {
        schedulers[i].pipe_busy[pipe] = &r.counter(loc, std::string("busy_") + op_class_name(OpClass(pipe)));
      }
    }
  }
}

}  // namespace warpsim
