#include "tests/isa/kernel_runner.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

// The root CMakeLists defines it for every target; the fallback keeps this file buildable alone.
#ifndef WARPSIM_SOURCE_DIR
#define WARPSIM_SOURCE_DIR "."
#endif

namespace warpsim::isa::testing {

RunStats run_kernel(const Kernel& kernel, DeviceMemory& mem, Dim3 grid, Dim3 block,
                    const std::vector<ParamArg>& args, uint32_t dynamic_shared,
                    const std::function<void(CtaExecutor&)>& after_cta) {
  ExecKernelSource src(kernel, mem, grid, block, dynamic_shared, build_param_buffer(kernel, args));
  RunStats stats;
  uint64_t cycle = 0;
  for (uint64_t c = 0; c < grid.count(); ++c) {
    std::unique_ptr<WarpStream> cta = src.open_cta(c, 0);
    auto& exec = dynamic_cast<CtaExecutor&>(*cta);
    // Named barriers 0..15: warps that arrived (BAR.ARRIVE included) and how many warps the
    // barrier waits for (0: every warp that has not exited).
    struct Barrier {
      unsigned arrived = 0, expected = 0;
    };
    Barrier bars[16];
    std::vector<int> at_bar(cta->num_warps(), -1);  // barrier a warp waits at, -1: none
    for (;;) {
      bool issued = false;
      unsigned live = 0;
      for (unsigned w = 0; w < cta->num_warps(); ++w) {
        const WarpInst* p = cta->peek(w);
        if (!p) continue;
        ++live;
        if (at_bar[w] >= 0) continue;
        const WarpInst& done = cta->issue(w, cycle++);
        issued = true;
        ++stats.warp_insts;
        stats.thread_insts += static_cast<unsigned>(__builtin_popcount(done.active_mask));
        if (exec.stack(w).depth() > stats.max_stack_depth)
          stats.max_stack_depth = static_cast<unsigned>(exec.stack(w).depth());
        if (done.op_class == OpClass::barrier) {
          Barrier& b = bars[done.barrier_id & 15u];
          ++b.arrived;
          b.expected = (done.barrier_threads + kWarpSize - 1) / kWarpSize;
          if (!done.barrier_arrive_only) at_bar[w] = done.barrier_id & 15;
        }
        if (stats.warp_insts > 50'000'000) throw std::runtime_error("kernel does not finish");
      }
      if (live == 0) break;
      bool released = false;
      for (int id = 0; id < 16; ++id) {
        Barrier& b = bars[id];
        if (b.arrived == 0 || b.arrived < (b.expected ? b.expected : live)) continue;
        for (int& a : at_bar)
          if (a == id) a = -1;
        b.arrived = 0;
        released = true;
      }
      if (!issued && !released) throw std::runtime_error("no warp can issue");
    }
    if (after_cta) after_cta(exec);
  }
  return stats;
}

std::string source_path(const std::string& relative) {
  const char* env = std::getenv("WARPSIM_SOURCE_DIR");
  std::string root = env && *env ? env : WARPSIM_SOURCE_DIR;
  return root + "/" + relative;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace warpsim::isa::testing
