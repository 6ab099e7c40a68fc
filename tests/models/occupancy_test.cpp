// Occupancy: how many CTAs of a kernel fit an SM, limited by threads, warps, registers (allocated
// per warp in units), shared memory (allocated in units) and the CTA slot count.
#include <gtest/gtest.h>

#include "models/core/cta_dispatcher.h"
#include "tests/models/scripted_kernel.h"

namespace warpsim {
namespace {

CoreParams v100_like() {
  CoreParams p;
  p.max_warps = 64;
  p.max_threads = 2048;
  p.max_ctas = 32;
  p.registers = 65536;
  p.register_alloc_unit = 256;
  p.shared_bytes = 98304;
  p.shared_alloc_unit = 256;
  return p;
}

uint32_t fit(unsigned block, unsigned regs, unsigned shared) {
  testing::ScriptedKernel k({1, 1, 1}, {block, 1, 1}, {}, regs, shared);
  return ctas_per_sm(cta_footprint(k, v100_like()), v100_like());
}

TEST(Occupancy, ThreadLimit) { EXPECT_EQ(fit(1024, 16, 0), 2u); }
TEST(Occupancy, CtaSlotLimit) { EXPECT_EQ(fit(32, 16, 0), 32u); }
TEST(Occupancy, RegisterLimitRoundsPerWarp) {
  // 33 registers x 32 lanes = 1056, rounded up to 1280 per warp; 8 warps per CTA = 10240.
  EXPECT_EQ(fit(256, 33, 0), 6u);
  EXPECT_EQ(fit(256, 32, 0), 8u);
}
TEST(Occupancy, SharedMemoryLimitRoundsUp) {
  EXPECT_EQ(fit(128, 16, 48 * 1024), 2u);
  EXPECT_EQ(fit(128, 16, 48 * 1024 + 1), 1u);
}
TEST(Occupancy, PartialWarpCountsAsWholeWarp) {
  testing::ScriptedKernel k({1, 1, 1}, {33, 1, 1}, {}, 16, 0);
  EXPECT_EQ(cta_footprint(k, v100_like()).warps, 2u);
}
TEST(Occupancy, KernelThatCannotFitGivesZero) { EXPECT_EQ(fit(256, 255, 100000), 0u); }

}  // namespace
}  // namespace warpsim
