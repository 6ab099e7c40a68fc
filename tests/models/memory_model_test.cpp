// Coalescing, bank conflicts and the memory path's bandwidth limit.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "models/gpu.h"
#include "models/mem/coalescing_unit.h"
#include "models/mem/shared_memory_banks.h"
#include "sim/config/config.h"
#include "tests/models/scripted_kernel.h"

namespace warpsim {
namespace {

WarpInst access(uint64_t base, uint64_t stride, uint8_t bytes, uint32_t mask = ~0u) {
  WarpInst i = testing::mem(OpClass::load, MemSpace::global, 1, base, stride, bytes);
  i.active_mask = mask;
  return i;
}

TEST(Coalescing, ConsecutiveWordsUseFourSectors) { EXPECT_EQ(count_sectors(access(0, 4, 4), 32), 4u); }
TEST(Coalescing, SameAddressIsOneSector) { EXPECT_EQ(count_sectors(access(64, 0, 4), 32), 1u); }
TEST(Coalescing, StridedLanesUseASectorEach) { EXPECT_EQ(count_sectors(access(0, 128, 4), 32), 32u); }
TEST(Coalescing, MisalignedWideAccessesStraddle) {
  EXPECT_EQ(count_sectors(access(16, 32, 16), 32), 32u);  // each lane in its own sector
  // Each lane straddles two sectors, shared with its neighbours: sectors 0..32.
  EXPECT_EQ(count_sectors(access(24, 32, 16), 32), 33u);
}
TEST(Coalescing, InactiveLanesDoNotCount) { EXPECT_EQ(count_sectors(access(0, 128, 4, 0x3), 32), 2u); }
TEST(Coalescing, SixteenBytePerLaneUsesSixteenSectors) {
  EXPECT_EQ(count_sectors(access(0, 16, 16), 32), 16u);
}

// Lanes in any order, revisiting sectors: the count is the number of distinct sectors touched
// (power-of-two sectors and others).
TEST(Coalescing, AnyLaneOrderCountsDistinctSectors) {
  std::mt19937_64 rng(7);
  for (uint32_t sector : {32u, 48u}) {
    for (int trial = 0; trial < 500; ++trial) {
      WarpInst i = access(0, 0, uint8_t(1u << (trial % 5)));  // 1..16 bytes per lane
      i.active_mask = uint32_t(rng()) | 1u;
      std::set<uint64_t> expected;
      for (unsigned lane = 0; lane < kWarpSize; ++lane) {
        // Few distinct sectors, so lanes collide out of order (descending, interleaved).
        i.addr[lane] = (rng() % 8) * 24 + (trial % 3 == 0 ? 1000 - 8 * lane : 0);
        if (((i.active_mask >> lane) & 1u) == 0) continue;
        for (uint64_t b = i.addr[lane]; b < i.addr[lane] + i.access_bytes; ++b) expected.insert(b / sector);
      }
      EXPECT_EQ(count_sectors(i, sector), expected.size()) << "sector " << sector << " trial " << trial;
    }
  }
}

TEST(SharedBanks, StrideOneIsConflictFree) { EXPECT_EQ(shared_access_passes(access(0, 4, 4), 32, 4), 1u); }
TEST(SharedBanks, StrideTwoIsTwoWay) { EXPECT_EQ(shared_access_passes(access(0, 8, 4), 32, 4), 2u); }
TEST(SharedBanks, NWayConflicts) {
  for (uint32_t n : {2u, 4u, 8u, 16u, 32u}) {
    EXPECT_EQ(shared_access_passes(access(0, 4 * n, 4), 32, 4), n) << n << "-way";
  }
}
TEST(SharedBanks, BroadcastIsFree) { EXPECT_EQ(shared_access_passes(access(0, 0, 4), 32, 4), 1u); }
TEST(SharedBanks, EightBytesPerLaneTakesTwoPasses) {
  EXPECT_EQ(shared_access_passes(access(0, 8, 8), 32, 4), 2u);
}

TEST(MemoryPath, BandwidthLimitsStreamingLoads) {
  // 2 SMs streaming 128 B per warp load through a 64 B/cycle memory: at most 64 B per cycle.
  const Config cfg = Config::load({"tiny"}, {"memory.global_bytes_per_cycle=64"}, default_presets_dir());
  Engine engine;
  stats::CounterRegistry counters;
  Gpu gpu(cfg, engine, counters);
  testing::WarpScript w;
  for (int i = 0; i < 64; ++i) {
    w.push_back(testing::mem(OpClass::load, MemSpace::global, uint16_t(10 + i % 8), 0x100000 + 128 * i, 4));
  }
  testing::ScriptedKernel k({16, 1, 1}, {256, 1, 1}, {w, w, w, w, w, w, w, w});
  const auto r = gpu.run_kernel(k, ~uint64_t(0) - 1);
  const double bytes = double(counters.value("mem", "bytes").value_or(0));
  const double cycles = double(r.end_cycle - r.start_cycle);
  EXPECT_EQ(bytes, 16.0 * 8 * 64 * 128);
  EXPECT_LE(bytes / cycles, 64.0 * 1.01);
  EXPECT_GE(bytes / cycles, 64.0 * 0.80);  // and the limit is actually reached
}

}  // namespace
}  // namespace warpsim
