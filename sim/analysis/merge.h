// `warpsim merge`: copies every run of several databases into one (e.g. the per-task databases of
// a Slurm array), renumbering run ids in input order. Each input is copied in one transaction, so
// a failure leaves the output with whole runs only.
#pragma once

#include <string>
#include <vector>

namespace warpsim::analysis {

struct MergeResult {
  size_t runs = 0;        // copied
  size_t total_runs = 0;  // in the output afterwards
};

// InputError for a missing input, one that is not a warpsim database or has another schema
// version, or an output that is also an input.
MergeResult merge_databases(const std::vector<std::string>& inputs, const std::string& output);

}  // namespace warpsim::analysis
