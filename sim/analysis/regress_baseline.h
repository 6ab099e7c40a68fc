// The checked-in baseline of a regression suite: per case, the config hash and, per kernel, its
// instruction counts and the compared counters' values (JSON, one counter per line so that a
// refreshed baseline reviews as a readable diff).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace warpsim::analysis {

struct BaselineKernel {
  int64_t seq = 0;
  std::string name;
  uint64_t warp_insts = 0, thread_insts = 0;
  std::map<std::string, double> counters;  // "LOCATION.COUNTER" -> value
};

struct BaselineCase {
  std::string workload, config_hash;
  std::vector<BaselineKernel> kernels;
};

struct Baseline {
  std::string sim_version;  // informational: a model change is exactly what the gate must catch
  std::map<std::string, BaselineCase> cases;
};

// InputError(path, line, problem) when missing or malformed.
Baseline read_baseline(const std::string& path);
// Writes atomically (a temporary file renamed over `path`).
void write_baseline(const std::string& path, const Baseline& b);

}  // namespace warpsim::analysis
