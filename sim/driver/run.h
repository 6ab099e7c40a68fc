// `warpsim run`: builds the configured GPU, runs a workload on it, checks its results, and
// records the run in SQLite (DESIGN.md §5, §7).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/driver/workload.h"

namespace warpsim {

class Config;

struct RunOptions {
  std::string workload;              // manifest, Accel-Sim trace or native trace (open_workload)
  WorkloadOptions workload_options;
  std::vector<std::string> configs;  // -c, in order
  std::vector<std::string> sets;     // --set, in order
  std::string presets_dir;
  std::string db_path = "warpsim.db";
  std::string name;                  // --name
  uint64_t max_cycles = 0;           // 0: unlimited
  uint64_t sample_interval = 0;      // 0: no samples
  bool json = false;
  std::chrono::steady_clock::time_point process_start = std::chrono::steady_clock::now();
};

// What the summary prints (and --json emits).
struct RunSummary {
  int64_t run_id = 0;
  std::string name, workload, config_name, config_hash, status, db_path;
  uint64_t kernels = 0, cycles = 0, warp_insts = 0, thread_insts = 0;
  double ipc = 0;
  std::optional<double> l1_hit_rate, l2_hit_rate;  // absent while no access reached the cache
  uint64_t dram_bytes = 0;
  double dram_gbps = 0;
  double dram_utilization = 0;  // data-bus busy cycles / DRAM cycles, over all channels
  double wall_seconds = 0, sim_seconds = 0;
  std::string check = "none";  // none | passed | failed
  std::string check_message;
  std::vector<std::string> warnings;
  // How the preset was chosen when no -c was given and the workload said (an Accel-Sim trace's
  // binary version); empty otherwise.
  std::string preset_note;
};

// The preset a run without -c uses for `workload`, with `*note` saying why: for an Accel-Sim trace,
// the one for its first kernel's `-binary version` (60/61/70/75 -> v100, 80/86/89 -> a100, 90 ->
// h100); for a native trace, the preset it was recorded on (one of `presets_dir`'s), else the one
// for the binary version of the trace it was converted from, else v100; for a manifest, v100
// (note empty).
std::string default_preset_for(const std::string& workload, const std::string& presets_dir, std::string* note);

// Runs the workload. Bad input throws InputError before any run row is written; failures during
// the run (deadlock, internal error) are recorded with their status and rethrown. A failed
// functional check is a completed run: status check_failed, `check` "failed", no exception.
RunSummary run_workload(const RunOptions& options);

// Wraps launch i's source before it runs (e.g. to record what it issues); the wrapper is
// destroyed when the kernel has finished.
using LaunchWrapper =
    std::function<std::unique_ptr<KernelSource>(std::unique_ptr<KernelSource>, size_t launch)>;
// The workload options of a run: the command line's, and those the config decides
// (`ptx.schedule`).
WorkloadOptions workload_options(const RunOptions& options, const Config& cfg);

// The same with a loaded config and an opened workload.
RunSummary run_workload(const RunOptions& options, const Config& cfg, Workload& work,
                        const LaunchWrapper& wrap = {});

void print_summary(const RunSummary& s, bool json);

}  // namespace warpsim
