// The warp scheduler changes what the L1 holds: on a kernel whose warps each stream through
// their own 4 KB twice more, 16 warps' 64 KB thrash a 16 KB L1 when round robin interleaves
// them, while greedy-then-oldest runs one warp far enough ahead that its second and third passes
// find its lines (Rogers et al., "Cache-Conscious Wavefront Scheduling", MICRO 2012).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/models/core_rig.h"
#include "tests/models/scripted_kernel.h"

namespace warpsim {
namespace {

using testing::mem;
using testing::Rig;
using testing::ScriptedKernel;
using testing::WarpScript;

struct HitRate {
  double hit_rate;
  uint64_t cycles;
};

HitRate run_thrashing_kernel(const std::string& scheduler) {
  // 128 KB SRAM with 112 KB of shared memory leaves a 16 KB L1 (128 lines); one sub-core.
  Rig rig({"core.scheduler=" + scheduler, "shmem.carveout_bytes=114688", "core.num_schedulers=1"});
  constexpr int kWarps = 16, kLines = 32, kPasses = 3;
  std::vector<WarpScript> warps;
  for (int w = 0; w < kWarps; ++w) {
    WarpScript s;
    for (int p = 0; p < kPasses; ++p) {
      for (int l = 0; l < kLines; ++l) {
        // Independent loads (registers rotate), one 128 B line each, the warp's own lines.
        const auto reg = uint16_t(10 + (p * kLines + l) % 32);
        s.push_back(mem(OpClass::load, MemSpace::global, reg, 0x100000 + uint64_t(w * kLines + l) * 128, 4));
      }
    }
    warps.push_back(s);
  }
  ScriptedKernel k({1, 1, 1}, {32 * kWarps, 1, 1}, warps);
  const auto r = rig.run(k);
  const uint64_t accesses = rig.value("sm[0].l1d", "accesses");
  EXPECT_EQ(accesses, uint64_t(kWarps * kLines * kPasses));
  return {double(rig.value("sm[0].l1d", "hits")) / double(accesses), r.end_cycle - r.start_cycle};
}

TEST(SchedulerLocality, RoundRobinThrashesTheL1) {
  const HitRate r = run_thrashing_kernel("lrr");
  EXPECT_LT(r.hit_rate, 0.05);
  EXPECT_GT(r.cycles, 7000u);
}

TEST(SchedulerLocality, GreedyThenOldestKeepsAWarpsLinesInTheL1) {
  const HitRate r = run_thrashing_kernel("gto");
  EXPECT_GT(r.hit_rate, 0.4);
  EXPECT_LT(r.cycles, 6000u);  // the hits save a third of the time
}

}  // namespace
}  // namespace warpsim
