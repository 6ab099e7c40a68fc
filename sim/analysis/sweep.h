// `warpsim sweep`: runs every point of a design space on every workload as parallel local
// processes into one database. Resumable: a (point, workload) that already has a finished run of
// the point's name in the database is skipped, so a killed sweep run again finishes the rest.
#pragma once

#include <string>

namespace warpsim::analysis {

struct SweepOptions {
  std::string spec;
  std::string db = "warpsim.db";
  unsigned jobs = 0;        // 0: one per core
  std::string presets_dir;  // forwarded to each run when set
};

// Returns 0 when every run finished ok, else the exit code of the first run that did not (its
// message printed). Bad input in the sweep file throws InputError.
int run_sweep(const SweepOptions& options);

}  // namespace warpsim::analysis
