// Derived metrics and aggregate locations written next to the raw counters (DESIGN.md §7):
// `gpu` (cycles, instructions, ipc, active_sm_cycles, mean stall breakdown), per-SM means over
// schedulers, and the aggregates: every counter of `sm[i].l1d`, `sm[i].shmem`, `sm[i].ldst`,
// `l2[j]`, `dram[c]` and `noc.*` summed at `l1d`, `shmem`, `ldst`, `l2`, `dram`, `noc`, plus rates
// and means (hit rates, mean load latency per level, DRAM bandwidth and bus utilisation). The
// schema's aggregate counters always exist, so queries never special-case a missing location.
#pragma once

#include <cstdint>

#include "sim/stats/counter_registry.h"

namespace warpsim {

struct GpuShape {
  uint32_t num_sms = 0;
  uint32_t num_schedulers = 0;
  uint32_t num_dram_channels = 0;
  double dram_cycles_per_core_cycle = 1.0;
  double core_mhz = 1000.0;
};

// `raw` holds one kernel's (or the run's) raw counter deltas; returns raw + derived rows.
stats::CounterTable derive_counters(const stats::CounterTable& raw, uint64_t cycles,
                                    const GpuShape& shape);

// A kernel that ran concurrently with others: `window` holds everything the GPU counted while it
// held its slot; its SM-side counters are replaced by what its own warps did (`own`,
// Gpu::kernel_counters), and each scheduler's cycles of the kernel that went to no warp of it
// count `idle`, so that its stall categories still sum to its `cycles`. The memory system's
// counters stay the window's (docs/architecture.md, "Concurrent kernels").
void attribute_to_kernel(stats::CounterTable& window, const stats::CounterRegistry& own, uint64_t cycles);

}  // namespace warpsim
