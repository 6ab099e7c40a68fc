// Derived metrics and aggregate locations written next to the raw counters (DESIGN.md §7):
// `gpu` (cycles, instructions, ipc, active_sm_cycles, mean stall breakdown), per-SM means over
// schedulers, and the aggregates `l1d`, `shmem`, `l2`, `dram`, `noc` (zeros where no model
// exists yet, so queries never have to special-case a missing location).
#pragma once

#include <cstdint>

#include "sim/stats/counter_registry.h"

namespace warpsim {

struct GpuShape {
  uint32_t num_sms = 0;
  uint32_t num_schedulers = 0;
};

// `raw` holds one kernel's (or the run's) raw counter deltas; returns raw + derived rows.
stats::CounterTable derive_counters(const stats::CounterTable& raw, uint64_t cycles,
                                    const GpuShape& shape);

}  // namespace warpsim
