// `warpsim trace record | info | convert`: native traces made from runs and from Accel-Sim traces.
#pragma once

#include <string>

#include "sim/driver/run.h"

namespace warpsim {

// Runs a manifest like `warpsim run` (recorded in SQLite as usual) and writes the warp
// instruction streams as issued to a native trace at `out_path`.
RunSummary record_trace(const RunOptions& options, const std::string& out_path);

// The summary of a native trace (kernels, CTAs, warps, instruction counts, sizes).
std::string trace_info(const std::string& path);

// Converts an Accel-Sim trace (kernelslist.g, its folder or one .traceg[.xz]) to a native trace;
// returns a one-line summary.
std::string convert_trace(const std::string& in_path, const std::string& out_path,
                          const WorkloadOptions& options);

}  // namespace warpsim
