// Trace mode: an Accel-Sim / NVBit command list replayed kernel by kernel on the timing model.
// MemcpyHtoD commands carry no data (traces hold addresses, not values) and take no simulated
// time; with `l2.prefill_from_memcpy` their ranges are loaded into the L2 before the next kernel.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/driver/workload.h"
#include "traces/accelsim/accelsim_trace.h"

namespace warpsim {

// The Accel-Sim reader's options for a run's workload options.
traces::AccelSimOptions accelsim_options(const WorkloadOptions& options);

class AccelSimWorkload : public Workload {
 public:
  AccelSimWorkload(const std::string& path, const WorkloadOptions& options);

  const std::string& path() const override { return trace_.list_path(); }
  size_t num_launches() const override { return trace_.num_kernels(); }
  std::unique_ptr<KernelSource> launch(size_t i) override { return trace_.kernel(i); }
  std::pair<std::string, int> launch_origin(size_t i) const override {
    return {trace_.list_path(), trace_.kernel_command(i).line};
  }
  std::vector<std::string> warnings() const override { return trace_.warnings(); }
  std::vector<std::pair<uint64_t, uint64_t>> copies_before(size_t i) const override;
  uint64_t stream(size_t i) const override { return trace_.stream(i); }

 private:
  traces::AccelSimTrace trace_;
};

}  // namespace warpsim
