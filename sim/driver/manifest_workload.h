// Execution mode: a workload manifest's kernels run in the functional emulator under the timing
// model, on device buffers initialised as the manifest says, with the results checked at the end.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "isa/exec/device_memory.h"
#include "isa/program.h"
#include "sim/driver/manifest.h"
#include "sim/driver/workload.h"

namespace warpsim {

class ManifestWorkload : public Workload {
 public:
  // Loads and validates the manifest, its kernel and its buffers' initial contents.
  explicit ManifestWorkload(const std::string& path, const WorkloadOptions& options = {});

  const std::string& path() const override { return manifest_.path; }
  size_t num_launches() const override { return manifest_.launches.size(); }
  uint64_t stream(size_t i) const override { return manifest_.launches[i].stream; }
  std::unique_ptr<KernelSource> launch(size_t i) override;
  std::pair<std::string, int> launch_origin(size_t i) const override;
  bool has_checks() const override { return !manifest_.expects.empty(); }
  std::string check() override;
  void report(stats::CounterTable& totals) override;

  const workload::Manifest& manifest() const { return manifest_; }

 private:
  std::vector<uint8_t> read_buffer(size_t b) const;
  size_t buffer_index(const std::string& name) const;
  // A {struct: [...]} argument's bytes, fields at their natural alignment.
  std::vector<uint8_t> struct_bytes(const workload::ArgSpec& a) const;
  void map_memory();

  workload::Manifest manifest_;
  isa::Program program_;
  std::vector<const isa::Kernel*> kernels_;  // per launch
  std::vector<std::vector<uint8_t>> initial_;
  isa::DeviceMemory memory_;
  std::vector<uint64_t> addrs_;              // per buffer
  bool mapped_ = false;
};

}  // namespace warpsim
