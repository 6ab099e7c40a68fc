// The rows the recorder writes, one struct per table of the SQLite schema (DESIGN.md §7).
// Shared by the counter registry / sampler (which produce them) and the recorder (which stores
// them).
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace warpsim::stats {

// The descriptive columns of `runs`; the result columns come with Recorder::finish_run.
struct RunInfo {
  std::string name;
  std::string workload;
  std::string config_name;
  std::string config_json;
  std::string config_hash;  // FNV-1a 64-bit hex of the canonical resolved config JSON
  std::string sim_version;
  std::string started_at;  // ISO-8601 UTC, see now_iso8601()
};

struct KernelRow {
  int kernel_seq = 0;  // 1, 2, ... in launch order
  std::string name;
  std::array<uint32_t, 3> grid{{1, 1, 1}};
  std::array<uint32_t, 3> block{{1, 1, 1}};
  uint64_t start_cycle = 0;
  uint64_t end_cycle = 0;
  uint64_t cycles = 0;
  uint64_t warp_insts = 0;
  uint64_t thread_insts = 0;
};

struct CounterRow {
  int kernel_seq = 0;  // 0 = run totals, k >= 1 = kernel k
  std::string location;
  std::string name;
  double value = 0.0;
};

struct SampleRow {
  uint64_t cycle = 0;
  std::string location;
  std::string name;
  double value = 0.0;
};

}  // namespace warpsim::stats
