// CTA dispatch: every CTA that fits an SM goes resident when the kernel starts, however many the
// SM's launch channel holds at once (a dispatcher refused by a full channel must hear when the SM
// takes a CTA from it, not only when a CTA completes). One GPU per TEST (one SystemC simulation
// per process).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/models/core_rig.h"
#include "tests/models/scripted_kernel.h"

namespace warpsim {
namespace {

using testing::alu;
using testing::Rig;
using testing::ScriptedKernel;
using testing::WarpScript;

WarpScript chain(int n) {
  WarpScript s;
  for (int i = 0; i < n; ++i) s.push_back(alu(OpClass::fp32, 1, {1}));
  return s;
}

TEST(CtaDispatch, EveryCtaThatFitsStartsWithTheKernel) {
  // tiny: 2 SMs of 32 warps. CTAs of one warp, 16 per SM (the CTA slot limit), 32 in all: the
  // launch channel (2 deep) fills many times over while they go out.
  Rig rig;
  ScriptedKernel k({32, 1, 1}, {32, 1, 1}, {chain(400)});
  const uint32_t slot = rig.gpu.launch(k, 0);
  uint64_t end = 0;
  while (rig.gpu.running() > 0) {
    for (const auto& f : rig.gpu.run(~uint64_t(0) - 1)) {
      if (f.slot == slot && !f.result.hit_cycle_limit) end = f.result.end_cycle;
    }
  }
  // One wave: 4 warps per scheduler share its 16-lane FP32 pipe (2 cycles per warp FFMA), so
  // 400 FFMAs each take 3,200 cycles. Two CTAs per SM at a time would be 8 rounds of one
  // latency-bound chain (400 x 4 cycles): 12,800.
  EXPECT_GT(end, 3200u);
  EXPECT_LT(end, 4000u);
  EXPECT_EQ(rig.value("dispatcher", "ctas_launched"), 32u);
  EXPECT_EQ(k.opened_on.size(), 32u);
}

}  // namespace
}  // namespace warpsim
