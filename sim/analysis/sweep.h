// `warpsim sweep`: runs every point of a design space on every workload as parallel local
// processes into one database. Resumable: a (point, workload) that already has a finished run of
// the point's name in the database is skipped, so a killed sweep run again finishes the rest.
//
// Backend slurm: instead of running them, writes an `sbatch --array` job (one run per array task,
// each into its own database) and a merge job that depends on it (`warpsim merge` of the task
// databases into the sweep's database once the array has finished), and submits both. The tasks
// run this same warpsim binary, so it must be at the same path on the compute nodes (an installed
// tree on a shared filesystem), as must the workloads and the database's folder.
#pragma once

#include <string>
#include <vector>

namespace warpsim::analysis {

struct SweepOptions {
  std::string spec;
  std::string db = "warpsim.db";
  unsigned jobs = 0;        // 0: one per core
  std::string presets_dir;  // forwarded to each run when set
  std::string backend = "local";          // local | slurm
  std::vector<std::string> sbatch_args;   // slurm: extra sbatch options (--partition=..., --time=...)
};

// Returns 0 when every run finished ok, else the exit code of the first run that did not (its
// message printed). Bad input in the sweep file throws InputError.
int run_sweep(const SweepOptions& options);

}  // namespace warpsim::analysis
