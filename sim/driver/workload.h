// What a run simulates: a sequence of kernel launches, each a KernelSource, from a workload
// manifest (execution mode) or a trace. The run loop (sim/driver/run.cpp) is the same for all.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "isa/warp_stream.h"
#include "sim/stats/counter_registry.h"

namespace warpsim {

class Workload {
 public:
  virtual ~Workload() = default;
  // `runs.workload`: the manifest or trace path.
  virtual const std::string& path() const = 0;
  virtual size_t num_launches() const = 0;
  // Builds launch i just before it runs (memory and earlier launches' effects are in place).
  // InputError for a launch that cannot be built.
  virtual std::unique_ptr<KernelSource> launch(size_t i) = 0;
  // Host-to-device copies (device address, bytes) issued before launch i and after launch i - 1
  // (Accel-Sim's MemcpyHtoD commands); the GPU may pre-fill its L2 with them.
  virtual std::vector<std::pair<uint64_t, uint64_t>> copies_before(size_t i) const {
    (void)i;
    return {};
  }
  // The CUDA stream of launch i (a manifest's `stream:`, a trace's stream id); 0 is the default
  // stream. Called before launch(i), possibly while earlier launches run, so it must be cheap.
  // Launches of one stream run in order; of different streams, concurrently (sim/driver/run.cpp).
  virtual uint64_t stream(size_t i) const {
    (void)i;
    return 0;
  }
  // Where a placement error about launch i is reported (file, line).
  virtual std::pair<std::string, int> launch_origin(size_t i) const = 0;

  // After every launch ran: the functional check ("" when passed or there is nothing to check)
  // and values reported at location `workload` (kernel_seq 0).
  virtual bool has_checks() const { return false; }
  virtual std::string check() { return ""; }
  virtual void report(stats::CounterTable& totals) { (void)totals; }
  // Messages for the user that do not stop the run (e.g. unknown trace header keys).
  virtual std::vector<std::string> warnings() const { return {}; }
};

struct WorkloadOptions {
  // Accel-Sim traces: a SASS mnemonic missing from the architecture's table is an error (false)
  // or counted as an integer ALU instruction with a warning (true, --unknown-opcode=alu).
  bool unknown_opcode_as_alu = false;
  // Manifests with PTX kernels: schedule the translation for latency (config `ptx.schedule`).
  bool schedule_ptx = true;
};

// Opens the workload at `path`: a manifest (.yaml) or a folder holding manifest.yaml, an
// Accel-Sim command list (kernelslist.g or its folder, or one .traceg[.xz]), or a native trace.
// Bad input throws InputError before anything is simulated.
std::unique_ptr<Workload> open_workload(const std::string& path, const WorkloadOptions& options = {});

}  // namespace warpsim
