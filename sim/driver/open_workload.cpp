// Chooses the reader for a workload path: a trace when it looks like one, else a manifest.
#include <algorithm>
#include <array>
#include <fstream>
#include <memory>

#include "sim/driver/accelsim_workload.h"
#include "sim/driver/manifest_workload.h"
#include "sim/driver/native_workload.h"
#include "sim/driver/workload.h"
#include "traces/accelsim/accelsim_trace.h"
#include "traces/native/format.h"

namespace warpsim {

bool is_native_trace(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::array<uint8_t, sizeof traces::native::kMagic> head{};
  if (!in.read(reinterpret_cast<char*>(head.data()), head.size())) return false;
  return std::equal(head.begin(), head.end(), std::begin(traces::native::kMagic));
}

std::unique_ptr<Workload> open_workload(const std::string& path, const WorkloadOptions& options) {
  if (is_native_trace(path)) return std::make_unique<NativeWorkload>(path);
  if (traces::looks_like_accelsim(path)) return std::make_unique<AccelSimWorkload>(path, options);
  return std::make_unique<ManifestWorkload>(path, options);
}

}  // namespace warpsim
