// `warpsim regress`: runs a suite's cases and compares their per-kernel counters with the
// checked-in baseline. Tolerances apply in both directions (an unexplained speed-up fails too,
// until the baseline is refreshed on purpose with --update-baseline). A case whose config hash or
// instruction counts changed is "stale", not a regression: its counters are not comparable.
#pragma once

#include <string>

namespace warpsim::analysis {

struct RegressOptions {
  std::string suite;
  std::string baseline;     // empty: the suite's
  bool update_baseline = false;
  std::string db = "warpsim.db";
  unsigned jobs = 0;        // 0: one per core
  std::string presets_dir;  // forwarded to each run when set
};

// Prints one line per case and a verdict; returns the exit code: 0 pass, 5 regression,
// 6 baseline stale (DESIGN.md §5). Bad input (suite, baseline, a case's workload or config)
// throws InputError.
int run_regress(const RegressOptions& options);

}  // namespace warpsim::analysis
