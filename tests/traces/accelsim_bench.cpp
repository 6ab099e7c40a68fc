// Replay speed and memory of the Accel-Sim reader on its own (no timing model): not a test.
//   accelsim_bench PATH [RESIDENT_CTAS]     PATH: kernelslist.g, its folder, or a .traceg[.xz]
// Prints, per kernel and in total: CTAs, warp and thread instructions, the pre-scan (open) and
// replay times, warp instructions per second, and the process's peak RSS.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "sim/error.h"
#include "traces/accelsim/accelsim_trace.h"
#include "traces/common/replay.h"

// Debian's SystemC defines main() and calls sc_main (DESIGN.md §3).
extern "C" int sc_main(int argc, char* argv[]) {
  using namespace warpsim;
  using clock = std::chrono::steady_clock;
  if (argc < 2) {
    std::cerr << "usage: accelsim_bench PATH [RESIDENT_CTAS]\n";
    return 2;
  }
  unsigned resident = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : 8;
  try {
    auto t = traces::AccelSimTrace::open(argv[1]);
    double open_s = 0, replay_s = 0;
    uint64_t warp = 0, thread = 0;
    for (size_t i = 0; i < t.num_kernels(); ++i) {
      auto t0 = clock::now();
      auto k = t.kernel(i);
      auto t1 = clock::now();
      traces::ReplayOptions o;
      o.resident_ctas = resident;
      traces::ReplayStats s = traces::replay_kernel(*k, o);
      auto t2 = clock::now();
      double a = std::chrono::duration<double>(t1 - t0).count();
      double b = std::chrono::duration<double>(t2 - t1).count();
      open_s += a;
      replay_s += b;
      warp += s.warp_insts;
      thread += s.thread_insts;
      std::printf(
          "kernel %zu %s: %llu CTAs, %llu warp insts, %llu thread insts, index %.3f s, replay %.3f "
          "s\n",
          i + 1, k->name().c_str(), static_cast<unsigned long long>(s.ctas),
          static_cast<unsigned long long>(s.warp_insts),
          static_cast<unsigned long long>(s.thread_insts), a, b);
    }
    struct rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    std::printf(
        "total: %llu warp insts, %llu thread insts; index %.3f s + replay %.3f s; "
        "%.2f M warp-inst/s (replay), %.2f M warp-inst/s (index + replay); peak RSS %.1f MB\n",
        static_cast<unsigned long long>(warp), static_cast<unsigned long long>(thread), open_s,
        replay_s, warp / replay_s / 1e6, warp / (open_s + replay_s) / 1e6, ru.ru_maxrss / 1024.0);
    for (const std::string& w : t.warnings()) std::cerr << "warning: " << w << "\n";
  } catch (const InputError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
