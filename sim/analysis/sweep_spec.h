// A design-space sweep for `warpsim sweep` (YAML): a base config, parameters each with a list of
// values (every combination, or the lists zipped), and the workloads every point runs.
//
//   name: l2-size                      # names the runs: "l2-size:l2.slice_bytes=65536,..."
//   config: v100                       # base: a preset or YAML file, or a list of them
//   set: [noc.topology=mesh]           # optional base overrides
//   mode: cartesian                    # or zip: the i-th values of every list together
//   parameters:
//     l2.slice_bytes: [65536, 98304]
//     dram.standard: [HBM2, HBM2e]
//   workloads: [../workloads/saxpy, ../workloads/sgemm]   # relative to this file
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace warpsim::analysis {

struct SweepPoint {
  std::vector<std::pair<std::string, std::string>> values;  // (key, value) in the file's order
  std::string label() const;  // "key=value,key=value"
};

struct SweepSpec {
  std::string path;
  std::string name;
  std::vector<std::string> configs;
  std::vector<std::string> sets;
  std::vector<std::string> workloads;  // resolved
  std::vector<SweepPoint> points;
  // The run name of a point: "<name>:<label>" (a run name may not be all digits; this never is).
  std::string run_name(const SweepPoint& p) const { return name + ":" + p.label(); }
};

// InputError(path, line, problem) for anything malformed: unknown keys, an empty parameter list,
// zipped lists of different lengths, a missing workload.
SweepSpec load_sweep(const std::string& path);

}  // namespace warpsim::analysis
