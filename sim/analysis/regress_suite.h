// A regression suite for `warpsim regress` (YAML): workload x config cases, and the per-kernel
// counters compared with a checked-in baseline, each with a relative tolerance.
//
//   baseline: suite.baseline.json      # relative to this file (default: <suite>.baseline.json)
//   counters:                          # LOCATION.COUNTER: tolerance ("2%" or a fraction, 0.02)
//     gpu.cycles: 2%                   # the default when no counters are given
//   cases:
//     - name: saxpy-tiny
//       workload: ../../workloads/saxpy  # relative to this file
//       config: tiny                     # a preset or a YAML file, or a list of them
//       set: [l2.slice_bytes=16384]      # optional --set overrides
//       counters: {l2.hits: 0}           # optional: added to (or replacing) the suite's
#pragma once

#include <string>
#include <vector>

namespace warpsim::analysis {

struct CounterSpec {
  std::string key;  // "LOCATION.COUNTER" as written
  std::string location, name;
  double tolerance = 0.02;  // relative, both directions
  int line = 0;
};

struct RegressCase {
  std::string name;
  std::string workload;              // resolved against the suite's folder
  std::string workload_as_written;   // what the suite says (the baseline records it: portable)
  std::vector<std::string> configs;  // presets by name, files resolved against the suite's folder
  std::vector<std::string> sets;
  std::vector<CounterSpec> counters;
  int line = 0;
};

struct RegressSuite {
  std::string path;
  std::string baseline;  // resolved
  std::vector<RegressCase> cases;
};

// InputError(path, line, problem) for anything malformed: unknown keys, a missing or duplicate
// case name, a workload that does not exist, a counter key without a location, a bad tolerance.
RegressSuite load_regress_suite(const std::string& path);

}  // namespace warpsim::analysis
