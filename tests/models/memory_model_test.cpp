// Coalescing, bank conflicts, and the memory system's behaviour: L1 policies, MSHRs, L2
// capacity and atomics, the interconnect's topology, config validation and determinism.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "models/gpu.h"
#include "models/mem/coalescing_unit.h"
#include "models/mem/shared_memory_banks.h"
#include "sim/config/config.h"
#include "sim/error.h"
#include "tests/models/scripted_kernel.h"

namespace warpsim {
namespace {

WarpInst access(uint64_t base, uint64_t stride, uint8_t bytes, uint32_t mask = ~0u) {
  WarpInst i = testing::mem(OpClass::load, MemSpace::global, 1, base, stride, bytes);
  i.active_mask = mask;
  return i;
}

// Sectors a warp access touches: the coalescer's lines' sector masks, counted (Volta: 128 B lines).
uint32_t count_sectors(const WarpInst& i, uint32_t sector_bytes) {
  LineList lines;
  coalesce_lines(i, 128, sector_bytes, lines);
  uint32_t n = 0;
  for (const LineAccess& l : lines) n += lane_count(l.sectors);
  return n;
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
// (sectors are a power of two: l1d.sector_bytes is validated so).
TEST(Coalescing, AnyLaneOrderCountsDistinctSectors) {
  std::mt19937_64 rng(7);
  for (uint32_t sector : {32u, 16u}) {
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

TEST(Coalescing, LinesCarryTheSectorsTheirLanesTouch) {
  LineList lines;
  coalesce_lines(access(0, 4, 4), 128, 32, lines);  // 128 B: one line, all 4 sectors
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].sectors, 0xFu);
  coalesce_lines(access(0, 16, 16), 128, 32, lines);  // 512 B: 4 lines
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[3].line, 384u);
  coalesce_lines(access(0, 256, 4), 128, 32, lines);  // a lane every other line: 32 lines, sector 0 each
  ASSERT_EQ(lines.size(), 32u);
  EXPECT_EQ(lines[1].sectors, 0x1u);
  coalesce_lines(access(120, 0, 16), 128, 32, lines);  // one 16 B access straddling two lines
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].sectors, 0x8u);
  EXPECT_EQ(lines[1].sectors, 0x1u);
  coalesce_lines(access(0, 4, 4, 0), 128, 32, lines);  // no active lane: nothing
  EXPECT_TRUE(lines.empty());
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

// The memory system on the tiny preset (2 SMs, 4 channels x 2 L2 slices, the v100 caches),
// driven by scripted warps so that each test states exactly which accesses happen.
struct Mem {
  explicit Mem(std::vector<std::string> sets = {})
      : cfg(Config::load({"tiny"}, sets, default_presets_dir())), gpu(cfg, engine, counters) {}
  Gpu::KernelResult run(KernelSource& k) { return gpu.run_kernel(k, ~uint64_t(0) - 1); }
  uint64_t v(const std::string& loc, const std::string& name) const { return counters.value(loc, name).value_or(0); }
  uint64_t sum(const std::string& prefix, uint32_t n, const std::string& suffix, const std::string& name) const {
    uint64_t t = 0;
    for (uint32_t i = 0; i < n; ++i) t += v(prefix + std::to_string(i) + suffix, name);
    return t;
  }
  uint64_t l2(const std::string& name) const { return sum("l2[", gpu.num_l2_slices(), "]", name); }
  uint64_t dram(const std::string& name) const { return sum("dram[", gpu.num_dram_channels(), "]", name); }
  Config cfg;
  Engine engine;
  stats::CounterRegistry counters;
  Gpu gpu;
};

using testing::alu;
using testing::mem;
using testing::ScriptedKernel;
using testing::WarpScript;

WarpInst with_op(WarpInst i, CacheOp op) {
  i.cache_op = op;
  return i;
}

// One warp: load, use, load the same line again, use.
WarpScript load_twice(uint64_t addr, CacheOp op = CacheOp::def) {
  return {with_op(mem(OpClass::load, MemSpace::global, 5, addr, 4), op), alu(OpClass::fp32, 6, {5}),
          with_op(mem(OpClass::load, MemSpace::global, 7, addr, 4), op), alu(OpClass::fp32, 8, {7})};
}

TEST(L1DataCache, SecondLoadOfALineHitsAndIsFaster) {
  Mem m;
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {load_twice(0x10000)});
  m.run(k);
  EXPECT_EQ(m.v("sm[0].l1d", "misses"), 1u);
  EXPECT_EQ(m.v("sm[0].l1d", "hits"), 1u);
  const auto c = k.cycles_of_warp(0);
  ASSERT_EQ(c.size(), 5u);
  EXPECT_LT(c[3] - c[2], c[1] - c[0]);  // hit latency < miss latency
  EXPECT_EQ(m.v("sm[0].ldst", "loads_l1"), 1u);
  EXPECT_EQ(m.v("sm[0].ldst", "loads_dram"), 1u);
}

TEST(L1DataCache, CgLoadsBypassTheL1AndHitInTheL2) {
  Mem m;
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {load_twice(0x10000, CacheOp::cg)});
  m.run(k);
  EXPECT_EQ(m.v("sm[0].l1d", "accesses"), 0u);
  EXPECT_EQ(m.v("sm[0].l1d", "bypasses"), 2u);
  EXPECT_EQ(m.l2("misses"), 1u);
  EXPECT_EQ(m.l2("hits"), 1u);
  EXPECT_EQ(m.v("sm[0].ldst", "loads_l2"), 1u);
}

TEST(L1DataCache, CvLoadsBypassTheL1Too) {
  Mem m;
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {load_twice(0x10000, CacheOp::cv)});
  m.run(k);
  EXPECT_EQ(m.v("sm[0].l1d", "accesses"), 0u);
  EXPECT_EQ(m.v("sm[0].l1d", "bypasses"), 2u);
}

TEST(L1DataCache, NcLoadsAreCachedInTheL1) {
  Mem m;
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {load_twice(0x10000, CacheOp::nc)});
  m.run(k);
  EXPECT_EQ(m.v("sm[0].l1d", "hits"), 1u);
}

TEST(L1DataCache, CaLoadsAreCachedInTheL1) {
  Mem m;
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {load_twice(0x10000, CacheOp::ca)});
  m.run(k);
  EXPECT_EQ(m.v("sm[0].l1d", "hits"), 1u);
}

TEST(L1DataCache, CsLoadsAreCachedInTheL1EvictFirst) {
  Mem m;
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {load_twice(0x10000, CacheOp::cs)});
  m.run(k);
  EXPECT_EQ(m.v("sm[0].l1d", "hits"), 1u);
}

TEST(L1DataCache, GlobalStoresWriteThroughWithoutAllocating) {
  Mem m;
  ScriptedKernel k({1, 1, 1}, {32, 1, 1},
                   {{mem(OpClass::store, MemSpace::global, 5, 0x20000, 4), mem(OpClass::load, MemSpace::global, 6, 0x20000, 4),
                     alu(OpClass::fp32, 7, {6})}});
  m.run(k);
  EXPECT_EQ(m.v("sm[0].l1d", "writes"), 1u);
  EXPECT_EQ(m.v("sm[0].l1d", "misses"), 1u);  // the store did not allocate
  EXPECT_EQ(m.l2("writes"), 1u);
  EXPECT_EQ(m.l2("hits"), 1u);  // the L2 allocated on the write: the load hits there
  EXPECT_EQ(m.l2("dram_reads"), 0u);
}

TEST(L1DataCache, MissesToOneLineMergeInOneMshr) {
  Mem m;
  const WarpScript w = {mem(OpClass::load, MemSpace::global, 5, 0x30000, 4), alu(OpClass::fp32, 6, {5})};
  ScriptedKernel k({1, 1, 1}, {128, 1, 1}, {w, w, w, w});
  m.run(k);
  EXPECT_EQ(m.v("sm[0].l1d", "misses"), 1u);
  EXPECT_EQ(m.v("sm[0].l1d", "mshr_merges"), 3u);
  EXPECT_EQ(m.l2("reads"), 1u);
}

TEST(L1DataCache, AFullMshrTableStallsTheTagStage) {
  Mem m({"l1d.mshrs=1"});
  // One instruction touching 8 lines (lanes 128 B apart, 4 lanes per line).
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {{mem(OpClass::load, MemSpace::global, 5, 0x40000, 32), alu(OpClass::fp32, 6, {5})}});
  m.run(k);
  EXPECT_EQ(m.v("sm[0].l1d", "misses"), 8u);
  EXPECT_GT(m.v("sm[0].l1d", "reservation_fails"), 0u);
}

TEST(L1DataCache, LocalStoresAreWrittenBackOnEviction) {
  Mem m;
  // 80 KB of L1 (tiny: 128 KB SRAM, 48 KB carve-out): 128 KB of local stores evict dirty lines.
  WarpScript w;
  for (int i = 0; i < 1024; ++i) w.push_back(mem(OpClass::store, MemSpace::local, 5, 0x1000000 + 128 * uint64_t(i), 4));
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {w});
  m.run(k);
  EXPECT_GT(m.v("sm[0].l1d", "writebacks"), 200u);
  EXPECT_EQ(m.l2("writes"), m.v("sm[0].l1d", "writebacks"));
}

// Reads a 512 KB footprint twice (.cg, one line per lane-group), on tiny's 768 KB of L2 or on half
// of it. SystemC elaborates one simulation per process, so each size is its own test.
uint64_t dram_reads_for_two_passes(std::vector<std::string> sets) {
  Mem m(std::move(sets));
  WarpScript w;
  const uint64_t bytes = 512 * 1024;
  for (int pass = 0; pass < 2; ++pass) {
    for (uint64_t a = 0; a < bytes; a += 128 * 8) {
      w.push_back(with_op(mem(OpClass::load, MemSpace::global, uint16_t(10 + (a / 1024) % 8), 0x4000000 + a, 32), CacheOp::cg));
    }
  }
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {w});
  m.run(k);
  return m.dram("reads");
}
constexpr uint64_t kCompulsorySectors = 512u * 1024 / 32;

TEST(L2Slice, AFootprintThatFitsTheL2IsReadFromDramOnce) {
  EXPECT_EQ(dram_reads_for_two_passes({}), kCompulsorySectors);
}

TEST(L2Slice, HalvingTheL2RaisesDramReadsForAFootprintBetweenTheSizes) {
  EXPECT_GT(dram_reads_for_two_passes({"l2.slice_bytes=49152", "l2.sets=16"}), kCompulsorySectors * 3 / 2);
}

TEST(L2Slice, AtomicsExecuteAtTheL2) {
  Mem m;
  WarpInst a = mem(OpClass::atomic, MemSpace::global, 5, 0x50000, 0, 4);
  a.active_mask = 1;
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {{a, alu(OpClass::fp32, 6, {5}), a, alu(OpClass::fp32, 7, {5})}});
  m.run(k);
  EXPECT_EQ(m.l2("atomics"), 2u);
  EXPECT_EQ(m.v("sm[0].l1d", "accesses"), 0u);
  const auto c = k.cycles_of_warp(0);
  EXPECT_GE(c[3] - c[2], uint64_t(m.cfg.get_int("l2.atomic_latency", 0, 100000)));
}

// L2-hit latency of one .cg load (the second of two to one line) from SM 0.
uint64_t l2_hit_latency(std::vector<std::string> sets) {
  Mem m(std::move(sets));
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {load_twice(0x60000, CacheOp::cg)});
  m.run(k);
  return m.v("sm[0].ldst", "load_latency_sum_l2");
}

TEST(Noc, CrossbarL2HitLatencyIsTheSlicePlusTwoTraversals) {
  const uint64_t lat = l2_hit_latency({});
  EXPECT_GT(lat, 189u + 2 * 4);
  EXPECT_LT(lat, 189u + 2 * 4 + 40);
}

TEST(Noc, MeshL2LatencyGrowsWithTheHopLatency) {
  // At least one router each way: 2 x 50 cycles more than the crossbar's traversals.
  EXPECT_GT(l2_hit_latency({"noc.topology=mesh", "noc.mesh_hop_latency=50"}), 189u + 2 * 50);
}

// Builds the tiny GPU with one bad setting; returns the InputError's message.
std::string config_error(const std::string& set) {
  try {
    const Config cfg = Config::load({"tiny"}, {set}, default_presets_dir());
    Engine engine;
    stats::CounterRegistry counters;
    Gpu gpu(cfg, engine, counters);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(MemoryConfig, CarveOutAboveTheSramIsRejected) {
  EXPECT_NE(config_error("shmem.carveout_bytes=262144").find("shmem.carveout_bytes"), std::string::npos);
}
TEST(MemoryConfig, ZeroMshrsAreRejected) { EXPECT_NE(config_error("l1d.mshrs=0").find("l1d.mshrs"), std::string::npos); }
TEST(MemoryConfig, NonPowerOfTwoSetsAreRejected) { EXPECT_NE(config_error("l2.sets=24").find("l2.sets"), std::string::npos); }
TEST(MemoryConfig, UnknownDramStandardIsRejected) {
  EXPECT_NE(config_error("dram.standard=DDR9").find("dram.standard"), std::string::npos);
}
TEST(MemoryConfig, AddressMapMustCoverTheOrganisation) {
  EXPECT_NE(config_error("dram.address_map=RRRR.SSSSS").find("dram.address_map"), std::string::npos);
}
TEST(MemoryConfig, UnknownTopologyIsRejected) {
  EXPECT_NE(config_error("noc.topology=ring").find("noc.topology"), std::string::npos);
}

}  // namespace
}  // namespace warpsim
