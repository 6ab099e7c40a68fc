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
  double warp_insts = 0, thread_insts = 0, active = 0;
  for (uint32_t i = 0; i < shape.num_sms; ++i) {
    const std::string sm = "sm[" + std::to_string(i) + "]";
    warp_insts += get(raw, sm, "warp_insts");
    thread_insts += get(raw, sm, "thread_insts");
    active += get(raw, sm, "active_cycles");
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

  // Aggregates: a per-instance location's counters summed under its kind (`sm[3].l1d` -> `l1d`,
  // `l2[17]` -> `l2`, `dram[5]` -> `dram`, `noc.req` -> `noc`).
  for (const auto& [key, value] : raw) {
    const std::string& loc = key.location;
    std::string kind;
    if (loc.rfind("sm[", 0) == 0) {
      const size_t dot = loc.find("].");
      if (dot == std::string::npos) continue;
      kind = loc.substr(dot + 2);
      if (kind != "l1d" && kind != "shmem" && kind != "ldst") continue;
    } else if (loc.rfind("l2[", 0) == 0) {
      kind = "l2";
    } else if (loc.rfind("dram[", 0) == 0) {
      kind = "dram";
    } else if (loc.rfind("noc.", 0) == 0 && loc.find('.', 4) == std::string::npos) {
      kind = "noc";
    } else {
      continue;
    }
    out[{kind, key.name}] += value;
  }
  for (const char* name : {"accesses", "hits", "misses"}) {
    out.emplace(stats::CounterKey{"l1d", name}, 0.0);
    out.emplace(stats::CounterKey{"l2", name}, 0.0);
  }
  for (const char* name : {"accesses", "bank_conflicts"}) out.emplace(stats::CounterKey{"shmem", name}, 0.0);
  for (const char* name : {"reads", "writes", "bytes", "row_hits", "row_misses"}) {
    out.emplace(stats::CounterKey{"dram", name}, 0.0);
  }
  for (const char* name : {"packets", "flits", "stall_cycles"}) {
    out.emplace(stats::CounterKey{"noc", name}, 0.0);
  }
  auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
  for (const char* level : {"l1d", "l2"}) {
    out[{level, "hit_rate"}] = ratio(get(out, level, "hits"), get(out, level, "accesses"));
  }
  for (const char* level : {"l1", "l2", "dram"}) {
    out[{"ldst", std::string("mean_load_latency_") + level}] =
        ratio(get(out, "ldst", std::string("load_latency_sum_") + level), get(out, "ldst", std::string("loads_") + level));
  }
  const double dram_cycles = double(cycles) * shape.dram_cycles_per_core_cycle;
  out[{"dram", "bus_utilization"}] =
      ratio(get(out, "dram", "bus_busy_cycles"), dram_cycles * shape.num_dram_channels);
  // Bytes per second of simulated time: bytes / (cycles / core clock).
  out[{"dram", "bandwidth_gbps"}] = ratio(get(out, "dram", "bytes") * shape.core_mhz * 1e-3, double(cycles));
  out[{"dram", "row_hit_rate"}] = ratio(get(out, "dram", "row_hits"),
                                        get(out, "dram", "row_hits") + get(out, "dram", "row_misses") +
                                            get(out, "dram", "row_conflicts"));
  return out;
}

}  // namespace warpsim
