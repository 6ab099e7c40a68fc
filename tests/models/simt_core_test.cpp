// The SIMT core's timing contract: per-class latencies and issue intervals, one scheduler per
// sub-core, barriers, memory latency, shared-memory bank conflicts, CTA placement, and stall
// accounting where every scheduler cycle is exactly one category.
#include <gtest/gtest.h>

#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>

#include "models/gpu.h"
#include "sim/config/config.h"
#include "sim/error.h"
#include "tests/models/core_rig.h"
#include "tests/models/scripted_kernel.h"

namespace warpsim {
namespace {

using testing::alu;
using testing::gaps;
using testing::Rig;
using testing::mem;
using testing::op;
using testing::ScriptedKernel;
using testing::WarpScript;

WarpScript dependent_chain(OpClass c, int n) {
  WarpScript s;
  for (int i = 0; i < n; ++i) s.push_back(alu(c, 1, {1}));
  return s;
}

WarpScript independent(OpClass c, int n) {
  WarpScript s;
  for (int i = 0; i < n; ++i) s.push_back(alu(c, uint16_t(10 + i % 100)));
  return s;
}

// CTAs whose warps have no instructions (a trace with `insts = 0`).
class EmptyStream : public WarpStream {
 public:
  unsigned num_warps() const override { return 1; }
  const WarpInst* peek(unsigned) override { return nullptr; }
  const WarpInst& issue(unsigned, uint64_t) override { throw std::logic_error("empty warp issued"); }
};
class EmptyKernel : public KernelSource {
 public:
  const std::string& name() const override { return name_; }
  Dim3 grid() const override { return {3, 1, 1}; }
  Dim3 block() const override { return {32, 1, 1}; }
  unsigned regs_per_thread() const override { return 16; }
  unsigned shared_bytes_per_cta() const override { return 0; }
  std::unique_ptr<WarpStream> open_cta(uint64_t, unsigned) override { return std::make_unique<EmptyStream>(); }

 private:
  std::string name_ = "empty";
};

TEST(SimtCore, CtasWithoutInstructionsRetire) {
  Rig rig({"sim.deadlock_cycles=1000"});
  EmptyKernel k;
  const auto r = rig.run(k);  // a CTA nothing reports as done would end in a DeadlockError
  EXPECT_LT(r.end_cycle - r.start_cycle, 100u);
  EXPECT_EQ(rig.value("sm[0]", "ctas_completed") + rig.value("sm[1]", "ctas_completed"), 3u);
}

TEST(SimtCore, DependentChainIssuesOncePerLatency) {
  Rig rig;  // tiny inherits v100: fp32 latency 4, fp64 latency 8
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {dependent_chain(OpClass::fp32, 50)});
  rig.run(k);
  const auto g = gaps(k.cycles_of_warp(0));
  for (size_t i = 0; i + 1 < g.size(); ++i) EXPECT_EQ(g[i], 4u) << "instruction " << i;
}

TEST(SimtCore, Fp64ChainUsesItsOwnLatency) {
  Rig rig;
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {dependent_chain(OpClass::fp64, 20)});
  rig.run(k);
  const auto g = gaps(k.cycles_of_warp(0));
  for (size_t i = 0; i + 1 < g.size(); ++i) EXPECT_EQ(g[i], 8u);
}

TEST(SimtCore, IndependentOpsAreLimitedByIssueInterval) {
  Rig rig;  // 16 FP32 lanes per sub-core: a warp instruction every 2 cycles
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {independent(OpClass::fp32, 64)});
  rig.run(k);
  const auto g = gaps(k.cycles_of_warp(0));
  for (size_t i = 0; i + 1 < g.size(); ++i) EXPECT_EQ(g[i], 2u);
}

TEST(SimtCore, DifferentUnitsOverlapOnOneSubCore) {
  Rig rig;
  WarpScript s;
  for (int i = 0; i < 32; ++i) {
    s.push_back(alu(OpClass::fp32, uint16_t(10 + i)));
    s.push_back(alu(OpClass::int_alu, uint16_t(50 + i)));
  }
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {s});
  rig.run(k);
  const auto g = gaps(k.cycles_of_warp(0));
  for (size_t i = 0; i + 1 < g.size(); ++i) EXPECT_EQ(g[i], 1u);
}

TEST(SimtCore, FourSubCoresIssueInParallel) {
  Rig rig;
  const WarpScript w = independent(OpClass::fp32, 100);
  ScriptedKernel one({1, 1, 1}, {32, 1, 1}, {w});
  ScriptedKernel four({1, 1, 1}, {128, 1, 1}, {w, w, w, w});
  const auto r1 = rig.run(one);
  const auto r4 = rig.run(four);
  const uint64_t c1 = r1.end_cycle - r1.start_cycle, c4 = r4.end_cycle - r4.start_cycle;
  EXPECT_LE(c4, c1 + 4) << "4 warps on 4 schedulers take as long as one";
}

TEST(SimtCore, TwoWarpsOnOneSubCoreShareItsIssueSlots) {
  Rig rig({"core.num_schedulers=1"});
  const WarpScript w = independent(OpClass::int_alu, 100);
  ScriptedKernel two({1, 1, 1}, {64, 1, 1}, {w, w});
  const auto r = rig.run(two);
  EXPECT_GE(r.end_cycle - r.start_cycle, 400u);  // 200 instructions, one every 2 cycles
}

TEST(SimtCore, GlobalLoadResultWaitsForTheMemorySystem) {
  Rig rig({"dram.controller_latency=300"});
  ScriptedKernel k({1, 1, 1}, {32, 1, 1},
                   {{mem(OpClass::load, MemSpace::global, 5, 0x1000, 4), alu(OpClass::fp32, 6, {5})}});
  rig.run(k);
  const auto c = k.cycles_of_warp(0);
  ASSERT_EQ(c.size(), 3u);
  // A cold miss crosses the controller twice (300 DRAM cycles each way at 850 of 1132 MHz).
  EXPECT_GE(c[1] - c[0], 2 * 300u * 1132 / 850);
  EXPECT_EQ(rig.value("sm[0].ldst", "sectors"), 4u);  // 32 lanes x 4 B, coalesced into 4 sectors
  EXPECT_EQ(rig.value("sm[0].ldst", "requests"), 1u);  // in one 128 B line
}

// Six independent loads of distinct lines, then a use of the last.
WarpScript six_loads() {
  WarpScript s;
  for (int i = 0; i < 6; ++i) s.push_back(mem(OpClass::load, MemSpace::global, uint16_t(10 + i), 0x1000 + 0x1000 * i, 4));
  s.push_back(alu(OpClass::fp32, 30, {15}));
  return s;
}

TEST(SimtCore, LoadsInFlightAreUnboundedByDefault) {
  Rig rig;
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {six_loads()});
  rig.run(k);
  const auto c = k.cycles_of_warp(0);
  ASSERT_EQ(c.size(), 8u);
  EXPECT_LT(c[5] - c[0], 20u);  // all six issue back to back
}

TEST(SimtCore, ABoundedScoreboardHoldsLoadsUntilOneReturns) {
  Rig rig({"core.max_loads_in_flight=2"});
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {six_loads()});
  rig.run(k);
  const auto c = k.cycles_of_warp(0);
  ASSERT_EQ(c.size(), 8u);
  EXPECT_LT(c[1] - c[0], 20u);
  EXPECT_GT(c[2] - c[1], 200u);  // the third waits for a DRAM round trip
  EXPECT_GT(c[4] - c[3], 200u);
  EXPECT_GT(rig.value("sm[0].sched[0]", "stall_mem"), 600u);
}

TEST(SimtCore, SharedBankConflictsSerialise) {
  Rig rig;
  // Lane l reads word 32*l: every lane in bank 0, a 32-way conflict.
  ScriptedKernel conflict({1, 1, 1}, {32, 1, 1},
                          {{mem(OpClass::load, MemSpace::shared, 5, 0, 128), alu(OpClass::fp32, 6, {5})}});
  rig.run(conflict);
  const auto c = conflict.cycles_of_warp(0);
  EXPECT_EQ(rig.value("sm[0].shmem", "bank_conflicts"), 31u);
  EXPECT_EQ(c[1] - c[0], uint64_t(rig.cfg.get_int("shmem.latency", 1, 1000)) + 31u);  // + 31 extra passes
}

// Two sub-cores' warps contend for the one shared-memory port: who asks first rotates every
// cycle, so they share it evenly and finish together (a fixed order would let sub-core 0's warp
// take every conflict and finish 64 loads ahead).
TEST(SimtCore, SubCoresShareTheSharedMemoryPortEvenly) {
  Rig rig;
  WarpScript w;
  for (int i = 0; i < 64; ++i) w.push_back(mem(OpClass::load, MemSpace::shared, uint16_t(10 + i % 8), 0, 4));
  ScriptedKernel k({1, 1, 1}, {64, 1, 1}, {w, w});  // warp slots 0 and 1: sub-cores 0 and 1
  rig.run(k);
  const auto a = k.cycles_of_warp(0);
  const auto b = k.cycles_of_warp(1);
  const uint64_t last_a = a[63], last_b = b[63];
  EXPECT_LE(last_a > last_b ? last_a - last_b : last_b - last_a, 2u);
  EXPECT_GE(std::max(last_a, last_b) - std::min(a[0], b[0]), 127u);  // one port: 128 loads
}

TEST(SimtCore, SharedBroadcastIsConflictFree) {
  Rig rig;
  ScriptedKernel k({1, 1, 1}, {32, 1, 1},
                   {{mem(OpClass::load, MemSpace::shared, 5, 64, 0), alu(OpClass::fp32, 6, {5})}});
  rig.run(k);
  EXPECT_EQ(rig.value("sm[0].shmem", "bank_conflicts"), 0u);
  const auto c = k.cycles_of_warp(0);
  EXPECT_EQ(c[1] - c[0], uint64_t(rig.cfg.get_int("shmem.latency", 1, 1000)));
}

TEST(SimtCore, BarrierHoldsWarpsUntilAllArrive) {
  Rig rig;
  WarpScript slow = dependent_chain(OpClass::fp32, 30);
  slow.push_back(op(OpClass::barrier));
  WarpScript fast{op(OpClass::barrier), alu(OpClass::int_alu, 3)};
  ScriptedKernel k({1, 1, 1}, {64, 1, 1}, {slow, fast});
  rig.run(k);
  const auto s = k.cycles_of_warp(0), f = k.cycles_of_warp(1);
  const uint64_t slow_barrier = s[30];
  EXPECT_GT(f[1], slow_barrier);
  EXPECT_GT(rig.value("sm[0].sched[1]", "stall_barrier"), 100u);
}

WarpInst barrier(uint8_t id, uint16_t threads, bool arrive_only = false) {
  WarpInst i = op(OpClass::barrier);
  i.barrier_id = id;
  i.barrier_threads = threads;
  i.barrier_arrive_only = arrive_only;
  return i;
}

TEST(SimtCore, NamedBarrierWithThreadCountReleasesThatManyWarps) {
  Rig rig;
  // Warps 0 and 1 sync on barrier 1 for 64 threads; warps 2 and 3 are busy and never join.
  WarpScript pair{barrier(1, 64), alu(OpClass::int_alu, 3)};
  ScriptedKernel k({1, 1, 1}, {128, 1, 1}, {pair, pair, dependent_chain(OpClass::fp32, 40), dependent_chain(OpClass::fp32, 40)});
  rig.run(k);
  const auto w0 = k.cycles_of_warp(0), w2 = k.cycles_of_warp(2);
  EXPECT_LT(w0[1], w2.back()) << "the pair does not wait for the busy warps";
}

TEST(SimtCore, ArriveOnlyDoesNotWaitButCompletesTheBarrier) {
  Rig rig;
  // Producer (warp 0) arrives after a long chain without waiting; consumer (warp 1) waits.
  WarpScript producer = dependent_chain(OpClass::fp32, 30);
  producer.push_back(barrier(2, 64, true));
  producer.push_back(alu(OpClass::int_alu, 9));
  WarpScript consumer{barrier(2, 64), alu(OpClass::int_alu, 3)};
  ScriptedKernel k({1, 1, 1}, {64, 1, 1}, {producer, consumer});
  rig.run(k);
  const auto p = k.cycles_of_warp(0), c = k.cycles_of_warp(1);
  EXPECT_EQ(p[31] - p[30], 1u) << "the producer goes on right after arriving";
  EXPECT_GT(c[1], p[30]) << "the consumer waits for the producer's arrival";
}

TEST(SimtCore, StallCategoriesSumToKernelCycles) {
  Rig rig;
  WarpScript w = dependent_chain(OpClass::fp32, 10);
  w.push_back(mem(OpClass::load, MemSpace::global, 7, 0x2000, 4));
  w.push_back(alu(OpClass::int_alu, 8, {7}));
  w.push_back(op(OpClass::barrier));
  w.push_back(mem(OpClass::store, MemSpace::global, 8, 0x8000, 4));
  ScriptedKernel k({5, 1, 1}, {96, 1, 1}, {w, independent(OpClass::sfu, 10), w});
  const auto r = rig.run(k);
  const uint64_t cycles = r.end_cycle - r.start_cycle;
  for (int sm = 0; sm < 2; ++sm) {
    for (int j = 0; j < 4; ++j) {
      const std::string loc = "sm[" + std::to_string(sm) + "].sched[" + std::to_string(j) + "]";
      uint64_t sum = 0;
      for (const char* c : {"issued", "stall_mem", "stall_dep", "stall_barrier", "stall_pipe",
                            "stall_fetch", "stall_bank", "idle"}) {
        sum += rig.value(loc, c);
      }
      EXPECT_EQ(sum, cycles) << loc;
    }
  }
  EXPECT_EQ(rig.value("sm[0]", "warp_insts") + rig.value("sm[1]", "warp_insts"), 5u * (15 + 11 + 15));
}

TEST(SimtCore, OneDispatchRoundGivesEverySmOneCta) {
  Rig rig({"gpu.num_sms=8"});
  ScriptedKernel k({12, 1, 1}, {32, 1, 1}, {independent(OpClass::fp32, 4)});
  rig.run(k);
  // Eight SMs take the first eight CTAs in order, then the next four go round again.
  EXPECT_EQ(k.opened_on, (std::vector<unsigned>{0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3}));
}

TEST(SimtCore, CtasSpreadOverSmsAndIdleSmIsIdle) {
  Rig rig;
  ScriptedKernel spread({4, 1, 1}, {32, 1, 1}, {independent(OpClass::fp32, 4)});
  rig.run(spread);
  EXPECT_EQ(spread.opened_on, (std::vector<unsigned>{0, 1, 0, 1}));
}

TEST(SimtCore, OccupancyLimitQueuesCtas) {
  Rig rig({"core.max_ctas=1"});
  ScriptedKernel k({4, 1, 1}, {32, 1, 1}, {dependent_chain(OpClass::fp32, 25)});
  const auto r = rig.run(k);
  // Two CTAs per SM, one at a time: at least two chains back to back.
  EXPECT_GE(r.end_cycle - r.start_cycle, 2u * 24 * 4);
  EXPECT_EQ(rig.value("sm[0]", "ctas_completed") + rig.value("sm[1]", "ctas_completed"), 4u);
}

TEST(SimtCore, KernelThatCannotFitIsBadInput) {
  Rig rig;
  ScriptedKernel k({1, 1, 1}, {1024, 1, 1}, {{}}, 255);
  EXPECT_THROW(rig.run(k), InputError);
}

TEST(SimtCore, WatchdogNamesStuckWarps) {
  Rig rig({"dram.controller_latency=100000", "sim.deadlock_cycles=1000"});
  ScriptedKernel k({1, 1, 1}, {32, 1, 1},
                   {{mem(OpClass::load, MemSpace::global, 5, 0x1000, 4), alu(OpClass::fp32, 6, {5})}});
  try {
    rig.run(k);
    FAIL() << "expected a deadlock";
  } catch (const DeadlockError& e) {
    EXPECT_NE(std::string(e.what()).find("sm[0] cta 0 warp 0"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("waiting for memory"), std::string::npos) << e.what();
  }
}

TEST(SimtCore, IdleStretchesAreSleptNotTicked) {
  Rig rig({"dram.controller_latency=25000", "sim.deadlock_cycles=100000"});
  ScriptedKernel k({1, 1, 1}, {32, 1, 1},
                   {{mem(OpClass::load, MemSpace::global, 5, 0x1000, 4), alu(OpClass::fp32, 6, {5})}});
  const auto r = rig.run(k);
  EXPECT_GE(r.end_cycle - r.start_cycle, 50000u);
  EXPECT_LT(rig.gpu.core_domain().ticks(), 100u);
}

}  // namespace
}  // namespace warpsim
