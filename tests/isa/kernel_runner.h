// A tiny stand-in for the timing model: runs every CTA of a launch by issuing its warps
// round-robin, holding a warp that issued a barrier until the barrier's thread count (or every
// non-exited warp of its CTA) has arrived; BAR.ARRIVE counts without waiting.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "isa/exec/cta_executor.h"
#include "isa/exec/device_memory.h"
#include "isa/exec/exec_kernel_source.h"
#include "isa/exec/param_buffer.h"
#include "isa/program.h"

namespace warpsim::isa::testing {

struct RunStats {
  uint64_t warp_insts = 0, thread_insts = 0;
  unsigned max_stack_depth = 0;
};

// Runs the launch; `after_cta` (optional) inspects each CTA once all its warps have exited.
RunStats run_kernel(const Kernel& kernel, DeviceMemory& mem, Dim3 grid, Dim3 block,
                    const std::vector<ParamArg>& args, uint32_t dynamic_shared = 0,
                    const std::function<void(CtaExecutor&)>& after_cta = {});

// Reads a file under the source tree (WARPSIM_SOURCE_DIR from the environment, else the
// compile definition).
std::string source_path(const std::string& relative);
std::string read_text(const std::string& path);

template <class T>
uint64_t upload(DeviceMemory& mem, const std::vector<T>& v) {
  uint64_t a = mem.allocate(v.size() * sizeof(T));
  mem.write(a, v.data(), v.size() * sizeof(T));
  return a;
}
template <class T>
std::vector<T> download(const DeviceMemory& mem, uint64_t addr, size_t count) {
  std::vector<T> v(count);
  mem.read(addr, v.data(), count * sizeof(T));
  return v;
}

}  // namespace warpsim::isa::testing
