// What an SM did for one kernel, when several kernels' CTAs are resident at once (concurrent
// kernels from different streams). The SM's own counters (SimtCore's) count everything it did,
// which is what the run totals and samples need; these count only the work of one kernel's
// warps, under the same (location, name) keys, in a registry of the kernel's own (one per
// concurrent kernel slot), so that the driver can give an overlapped kernel its own SM-side
// counters (docs/architecture.md, "Concurrent kernels").
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "isa/warp_stream.h"
#include "models/core/core_params.h"
#include "sim/stats/counter_registry.h"

namespace warpsim {

struct SmKernelCounters {
  // `sm`: the SM's location (`sm[3]`); registers the keys SimtCore registers for the same events.
  SmKernelCounters(const std::string& sm, const CoreParams& p, stats::CounterRegistry& registry);

  stats::Counter& warp_insts;
  stats::Counter& thread_insts;
  stats::Counter& ctas_completed;
  stats::Counter& shmem_accesses;
  stats::Counter& shmem_conflicts;
  stats::Counter& loads;
  stats::Counter& stores;
  stats::Counter& atomics;
  stats::Counter& sectors;
  stats::Counter& requests;
  std::array<stats::Counter*, size_t(OpClass::count_)> class_insts{};
  struct Scheduler {
    // Cycles the scheduler spent on this kernel's warps, by category (never `idle`: a cycle
    // with no warp belongs to no kernel; the driver makes the kernel's idle cycles up).
    std::array<stats::Counter*, size_t(SchedCycle::count_)> cycles{};
    std::array<stats::Counter*, size_t(OpClass::count_)> pipe_busy{};
  };
  std::vector<Scheduler> schedulers;
};

}  // namespace warpsim
