// Chooses the reader for a workload path: a trace when it looks like one, else a manifest.
#include <memory>

#include "sim/driver/accelsim_workload.h"
#include "sim/driver/manifest_workload.h"
#include "sim/driver/workload.h"
#include "traces/accelsim/accelsim_trace.h"

namespace warpsim {

std::unique_ptr<Workload> open_workload(const std::string& path, const WorkloadOptions& options) {
  if (traces::looks_like_accelsim(path)) return std::make_unique<AccelSimWorkload>(path, options);
  return std::make_unique<ManifestWorkload>(path);
}

}  // namespace warpsim
