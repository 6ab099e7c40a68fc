// `warpsim correlate`: simulated kernels against hardware measurements. Reads Nsight Compute's
// `--csv` output as it comes (one row per kernel launch and metric: "ID", "Kernel Name",
// "Metric Name", "Metric Unit", "Metric Value") or a plain CSV with one row per launch (a `kernel`
// column and one column per metric, e.g. `cycles`), pairs launches with simulated kernels by name
// and launch order, and reports per metric the mean absolute percentage error, the mean error,
// Pearson's r and how many launches are within 1 % and 10 %.
//
// Metric names map to counters through a built-in table (Nsight's cycle, instruction, hit-rate
// and DRAM metrics; `cycles`, `warp_insts`, `duration_ns`, `duration_us` for plain CSVs) that a
// YAML file extends or overrides:
//   metrics:
//     my_cycles: {counter: gpu.cycles, kind: cycles}      # kind: value (default) | cycles | duration
//     lts__t_sector_hit_rate.pct: {counter: l2.hit_rate, scale: 0.01}
//     elapsed_ms: {counter: gpu.cycles, kind: duration, unit_seconds: 0.001}
// Cycles of a GPU clocked differently from the preset (--hw-clock-mhz) and durations are compared
// as time: simulated cycles / the run's core clock.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace warpsim::analysis {

struct CorrelateOptions {
  std::string db;
  std::string hw_csv;
  std::string map;                // optional YAML
  std::vector<std::string> runs;  // RUN arguments; empty: every finished run, in run order
  double hw_clock_mhz = 0;        // 0: the hardware ran at the preset's core clock
  bool details = true;            // print every matched launch, not only the summary
};

struct CorrelatedLaunch {
  std::string kernel;  // the simulated kernel's name
  size_t launch = 0;   // 1 for its first launch, ...
  double hw = 0, sim = 0;
};

struct Correlation {
  size_t runs = 0, matched = 0, hw_only = 0, sim_only = 0;
  // Per metric ("gpc__cycles_elapsed.max", or "... [us]" when compared as time), in launch order.
  std::map<std::string, std::vector<CorrelatedLaunch>> metrics;
};

// InputError for an unreadable CSV, one without a kernel column or any known metric, a malformed
// map, or no launch matching a simulated kernel.
Correlation correlate(const CorrelateOptions& options);

// Prints the summary table (and, with options.details, every launch).
void print_correlation(const CorrelateOptions& options, const Correlation& c);

}  // namespace warpsim::analysis
