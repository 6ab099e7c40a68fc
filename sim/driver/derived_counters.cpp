#include "sim/driver/derived_counters.h"

#include <string>

#include "models/core/core_params.h"

namespace warpsim {

namespace {
double get(const stats::CounterTable& t, const std::string& loc, const std::string& name) {
  auto it = t.find({loc, name});
  return it == t.end() ? 0.0 : it->second;
}
}  // namespace

stats::CounterTable derive_counters(const stats::CounterTable& raw, uint64_t cycles,
                                    const GpuShape& shape) {
  stats::CounterTable out = raw;
  double warp_insts = 0, thread_insts = 0, active = 0, shmem_acc = 0, shmem_conf = 0;
  for (uint32_t i = 0; i < shape.num_sms; ++i) {
    const std::string sm = "sm[" + std::to_string(i) + "]";
    warp_insts += get(raw, sm, "warp_insts");
    thread_insts += get(raw, sm, "thread_insts");
    active += get(raw, sm, "active_cycles");
    shmem_acc += get(raw, sm + ".shmem", "accesses");
    shmem_conf += get(raw, sm + ".shmem", "bank_conflicts");
    // Per-SM stall breakdown: the mean over its schedulers, so it also sums to the cycles.
    for (size_t c = 0; c < size_t(SchedCycle::count_); ++c) {
      const std::string cat = sched_cycle_name(SchedCycle(c));
      double sum = 0;
      for (uint32_t j = 0; j < shape.num_schedulers; ++j) {
        sum += get(raw, sm + ".sched[" + std::to_string(j) + "]", cat);
      }
      out[{sm, cat}] = shape.num_schedulers ? sum / shape.num_schedulers : 0.0;
    }
  }
  for (size_t c = 0; c < size_t(SchedCycle::count_); ++c) {
    const std::string cat = sched_cycle_name(SchedCycle(c));
    double sum = 0;
    for (uint32_t i = 0; i < shape.num_sms; ++i) sum += out[{"sm[" + std::to_string(i) + "]", cat}];
    out[{"gpu", cat}] = shape.num_sms ? sum / shape.num_sms : 0.0;
  }
  out[{"gpu", "cycles"}] = double(cycles);
  out[{"gpu", "warp_insts"}] = warp_insts;
  out[{"gpu", "thread_insts"}] = thread_insts;
  out[{"gpu", "ipc"}] = cycles ? warp_insts / double(cycles) : 0.0;
  out[{"gpu", "thread_ipc"}] = cycles ? thread_insts / double(cycles) : 0.0;
  out[{"gpu", "active_sm_cycles"}] = active;

  out[{"shmem", "accesses"}] = shmem_acc;
  out[{"shmem", "bank_conflicts"}] = shmem_conf;
  // No caches, interconnect or DRAM model yet: the aggregates exist with zeros.
  for (const char* name : {"accesses", "hits", "misses"}) {
    out.emplace(stats::CounterKey{"l1d", name}, 0.0);
    out.emplace(stats::CounterKey{"l2", name}, 0.0);
  }
  for (const char* name : {"reads", "writes", "bytes", "row_hits", "row_misses"}) {
    out.emplace(stats::CounterKey{"dram", name}, 0.0);
  }
  for (const char* name : {"packets", "flits", "stall_cycles"}) {
    out.emplace(stats::CounterKey{"noc", name}, 0.0);
  }
  return out;
}

}  // namespace warpsim
