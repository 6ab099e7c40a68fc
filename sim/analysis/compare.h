// `warpsim compare`: the counters of two runs side by side (or of two sets of runs, paired by
// workload), with absolute and relative deltas, the largest relative change first.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/analysis/run_db.h"

namespace warpsim::analysis {

struct CompareOptions {
  std::string base, next;  // RUN arguments; both empty: the last two finished runs
  std::string kernel;      // a kernel_seq or a kernel name; empty: every kernel and the run level
  std::string location;    // a location and everything under it (`sm[3]` takes `sm[3].l1d`)
  size_t top = 0;          // keep the first N rows after sorting; 0: all
};

struct CompareRow {
  std::string workload;
  int64_t kernel_seq = 0;
  std::string kernel;  // name ("" for the run level, kernel_seq 0)
  std::string location, name;
  std::optional<double> base, next;  // absent: the counter exists in one run only
  // next - base; and (next - base) / |base|, infinite when base is 0 and next is not.
  double delta() const { return next.value_or(0) - base.value_or(0); }
  double relative() const;
};

struct RunPair {
  RunRecord base, next;
};

struct Comparison {
  std::vector<RunPair> pairs;
  std::vector<CompareRow> rows;   // sorted, cut to `top`
  size_t total_rows = 0;          // before the cut
  std::vector<std::string> unmatched;  // workloads in one set only
};

// InputError (exit 2) for an unknown RUN, fewer than two finished runs, sets with no workload in
// common, or a --kernel that names no kernel of the compared runs.
Comparison compare_runs(const RunDb& db, const CompareOptions& options);

std::string format_text(const Comparison& c);
std::string format_csv(const Comparison& c);
std::string format_json(const Comparison& c);

}  // namespace warpsim::analysis
