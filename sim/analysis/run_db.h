// Read-only access to a run database (DESIGN.md §7) for the tools built on top of it: compare,
// regress, and whatever reads runs back. It never creates or changes a file, so pointing a tool
// at the wrong path cannot leave an empty database behind.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/stats/sqlite_handle.h"

namespace warpsim::analysis {

struct RunRecord {
  int64_t run_id = 0;
  std::string name, workload, config_name, config_hash, sim_version, status;
  uint64_t cycles = 0, warp_insts = 0, thread_insts = 0;
  double wall_seconds = 0;
};

struct KernelRecord {
  int64_t kernel_seq = 0;
  std::string name;
  uint64_t cycles = 0, warp_insts = 0, thread_insts = 0;
};

struct CounterRecord {
  int64_t kernel_seq = 0;
  std::string location, name;
  double value = 0;
};

class RunDb {
 public:
  // Opens `path` read-only. InputError(path) when it does not exist, is not a SQLite file, or
  // lacks the runs/kernels/counters tables of a warpsim database.
  explicit RunDb(const std::string& path);

  const std::string& path() const { return path_; }

  // Runs in run_id order; `finished_only` leaves out runs still (or forever) 'interrupted'.
  std::vector<RunRecord> runs(bool finished_only = false) const;
  RunRecord run(int64_t run_id) const;
  // A RUN argument (DESIGN.md §5): all digits = that run id; otherwise every run with that name,
  // the latest one per workload (a name given to one design point of a sweep labels one run per
  // workload). Empty when nothing matches.
  std::vector<int64_t> resolve(const std::string& id_or_name) const;

  // The run's resolved configuration (runs.config_json).
  std::string config_json(int64_t run_id) const;
  std::vector<KernelRecord> kernels(int64_t run_id) const;
  // One counter's samples (cycle, value) in cycle order (the opt-in time series).
  std::vector<std::pair<int64_t, double>> samples(int64_t run_id, const std::string& location,
                                                  const std::string& name) const;
  // The same for an aggregate location (`dram`): its own samples, or else the sum over its
  // instances (`dram[0]`, `dram[1]`, ...) at each cycle, since samples record instances.
  std::vector<std::pair<int64_t, double>> samples_total(int64_t run_id, const std::string& location,
                                                        const std::string& name) const;
  // Counter rows of a run in (kernel_seq, location, name) order.
  std::vector<CounterRecord> counters(int64_t run_id) const;

 private:
  std::string path_;
  stats::SqliteDb db_;
};

}  // namespace warpsim::analysis
