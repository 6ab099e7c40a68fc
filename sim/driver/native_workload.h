// Trace mode: a native trace (.wtr, `warpsim trace record` / `trace convert`) replayed kernel by
// kernel. A trace recorded from a manifest replays the same instruction streams, so the same
// config gives the same counters (except location `workload`: a trace carries no data).
#pragma once

#include <string>

#include "sim/driver/workload.h"
#include "traces/native/native_trace.h"

namespace warpsim {

class NativeWorkload : public Workload {
 public:
  explicit NativeWorkload(const std::string& path) : trace_(traces::NativeTrace::open(path)) {}

  const std::string& path() const override { return trace_.path(); }
  size_t num_launches() const override { return trace_.num_kernels(); }
  std::unique_ptr<KernelSource> launch(size_t i) override { return trace_.kernel(i); }
  std::pair<std::string, int> launch_origin(size_t i) const override { return {trace_.path(), int(i + 1)}; }
  uint64_t stream(size_t i) const override { return trace_.info(i).stream; }

 private:
  traces::NativeTrace trace_;
};

// Whether the file starts with the native trace's magic number.
bool is_native_trace(const std::string& path);

}  // namespace warpsim
