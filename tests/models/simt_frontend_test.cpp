// The SM's front end and operand path on scripted kernels: register-bank conflicts and the
// operand reuse cache (models/core/operand_collector.h), collector units held by conflicts
// (stall_bank), the instruction caches with their prefetcher and the taken-branch penalty
// (models/core/instruction_fetch.h, stall_fetch), and tensor shapes' issue intervals.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/core/op_timing.h"
#include "sim/config/config.h"
#include "tests/models/core_rig.h"
#include "tests/models/scripted_kernel.h"

namespace warpsim {
namespace {

using testing::alu;
using testing::gaps;
using testing::op;
using testing::Rig;
using testing::ScriptedKernel;
using testing::WarpScript;

// Sets that isolate the register file: instructions always fetched.
std::vector<std::string> regfile_only(std::vector<std::string> more) {
  more.push_back("core.fetch.icache=perfect");
  return more;
}

WarpScript chain_reading(std::vector<uint16_t> srcs, int n) {
  WarpScript s;
  for (int i = 0; i < n; ++i) s.push_back(alu(OpClass::fp32, srcs[0], srcs));
  return s;
}

uint64_t cycles_of(Rig& rig, KernelSource& k) {
  const auto r = rig.run(k);
  return r.end_cycle - r.start_cycle;
}

// Issue gaps of warp 0 between its first `n` instructions (the trailing EXIT left out).
std::vector<uint64_t> body_gaps(const ScriptedKernel& k, size_t n) {
  std::vector<uint64_t> g = gaps(k.cycles_of_warp(0));
  g.resize(n - 1);
  return g;
}

// One GPU per process (SystemC): each test builds one Rig; comparisons between configurations
// are stated against the analytic figure of each.

TEST(OperandCollectors, SourcesInOneBankCostACycleAndAreCounted) {
  // v100: two banks delivering two registers a cycle each. R2, R4, R6 all sit in bank 0.
  Rig rig(regfile_only({"core.regfile.reuse_cache=false"}));
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {chain_reading({2, 4, 6}, 30)});
  rig.run(k);
  for (uint64_t g : body_gaps(k, 30)) EXPECT_EQ(g, 5u);  // FFMA latency 4 + 1
  EXPECT_EQ(rig.value("sm[0].sched[0].regfile", "bank_conflicts"), 30u);
}

TEST(OperandCollectors, SourcesSpreadOverTheBanksDoNotConflict) {
  Rig rig(regfile_only({"core.regfile.reuse_cache=false"}));
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {chain_reading({2, 3, 5}, 30)});
  rig.run(k);
  for (uint64_t g : body_gaps(k, 30)) EXPECT_EQ(g, 4u);
  EXPECT_EQ(rig.value("sm[0].sched[0].regfile", "bank_conflicts"), 0u);
  EXPECT_EQ(rig.value("sm[0].sched[0].regfile", "bank_reads"), 3u * 30);
}

TEST(OperandCollectors, TheReuseCacheServesOperandsTheLastInstructionRead) {
  // R4 and R6 repeat in the same operand positions; R2 is rewritten by every instruction, so
  // after the first instruction only R2 is read from its bank and nothing conflicts.
  Rig rig(regfile_only({}));
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {chain_reading({2, 4, 6}, 30)});
  rig.run(k);
  const auto g = body_gaps(k, 30);
  EXPECT_EQ(g[0], 5u);  // the first one reads all three
  for (size_t i = 1; i < g.size(); ++i) EXPECT_EQ(g[i], 4u);
  EXPECT_EQ(rig.value("sm[0].sched[0].regfile", "reuse_hits"), 2u * 29);
  EXPECT_EQ(rig.value("sm[0].sched[0].regfile", "bank_conflicts"), 1u);
}

TEST(OperandCollectors, AnIdealRegisterFileHasNoConflicts) {
  Rig rig(regfile_only({"core.regfile.reuse_cache=false", "core.regfile.banks=0"}));
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {chain_reading({2, 4, 6}, 30)});
  rig.run(k);
  for (uint64_t g : body_gaps(k, 30)) EXPECT_EQ(g, 4u);
}

// Independent instructions on a pipe that takes one per cycle (misc), each reading `srcs`.
WarpScript independent_reading(int n, std::vector<uint16_t> srcs) {
  WarpScript s;
  for (int i = 0; i < n; ++i) s.push_back(alu(OpClass::misc, uint16_t(100 + i % 50), srcs));
  return s;
}

struct CollectorRun {
  uint64_t cycles, stall_bank;
};
CollectorRun run_collectors(const std::string& units, std::vector<uint16_t> srcs) {
  Rig rig(regfile_only({"core.regfile.reuse_cache=false", "core.regfile.collector_units=" + units}));
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {independent_reading(200, srcs)});
  const uint64_t c = cycles_of(rig, k);
  return {c, rig.value("sm[0].sched[0]", "stall_bank")};
}

TEST(OperandCollectors, OneUnitHeldByConflictsStallsEveryOtherCycle) {
  // Three reads of bank 0 take two cycles; the only unit is held for both.
  const CollectorRun r = run_collectors("1", {10, 12, 14});
  EXPECT_GE(r.cycles, 400u);
  EXPECT_GE(r.stall_bank, 195u);
}

TEST(OperandCollectors, ASecondUnitCollectsWhileTheFirstWaits) {
  // Bank 0 still delivers two registers a cycle, so three reads per instruction bound issue at
  // 2/3 per cycle, not 1/2.
  const CollectorRun r = run_collectors("2", {10, 12, 14});
  EXPECT_LE(r.cycles, 340u);
  EXPECT_GE(r.cycles, 300u);
}

TEST(OperandCollectors, WithoutConflictsOneUnitSuffices) {
  const CollectorRun r = run_collectors("1", {10, 11, 13});
  EXPECT_EQ(r.stall_bank, 0u);
  EXPECT_LE(r.cycles, 240u);
}

CollectorRun run_skewed(const std::string& skew) {
  // One read per bank per cycle; two warps on one sub-core each read R10 and R12 (one bank)
  // every instruction.
  Rig rig(regfile_only({"core.regfile.reuse_cache=false", "core.regfile.reads_per_bank=1", "core.num_schedulers=1",
                        "core.regfile.collector_units=4", "core.regfile.warp_skew=" + skew}));
  const WarpScript w = independent_reading(100, {10, 12});
  ScriptedKernel k({1, 1, 1}, {64, 1, 1}, {w, w});
  const uint64_t c = cycles_of(rig, k);
  return {c, rig.value("sm[0].sched[0].regfile", "bank_conflicts")};
}

TEST(OperandCollectors, WithoutSkewTwoWarpsShareOneBank) {
  EXPECT_GE(run_skewed("0").cycles, 390u);  // 200 instructions, two reads of bank 0 each
}

TEST(OperandCollectors, WarpSkewPutsTheSecondWarpsRegistersInTheOtherBank) {
  EXPECT_LE(run_skewed("1").cycles, 260u);
}

// Write-back through the banks: an FFMA (latency 4) and a misc instruction (latency 3 here)
// issued a cycle later land in the same cycle; a third instruction reads the misc result.
struct WritebackRun {
  std::vector<uint64_t> reader_waits;  // cycles from the misc instruction to its reader
  uint64_t conflicts;
};
WritebackRun run_writeback(const std::string& writes_per_bank, uint16_t misc_dst) {
  Rig rig(regfile_only({"core.regfile.reuse_cache=false", "core.latency.misc=3",
                        "core.regfile.writes_per_bank=" + writes_per_bank}));
  WarpScript s;
  for (int i = 0; i < 10; ++i) {
    s.push_back(alu(OpClass::fp32, 2));                   // bank 0
    s.push_back(alu(OpClass::misc, misc_dst));
    s.push_back(alu(OpClass::misc, 41, {misc_dst}));     // waits for the misc result
  }
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {s});
  rig.run(k);
  const std::vector<uint64_t> c = k.cycles_of_warp(0);
  WritebackRun r;
  for (size_t i = 0; i + 2 < 30; i += 3) r.reader_waits.push_back(c[i + 2] - c[i + 1]);
  r.conflicts = rig.value("sm[0].sched[0].regfile", "writeback_conflicts");
  return r;
}

TEST(Writeback, TwoResultsOnAOneWriteBankTakeTwoCycles) {
  // R4 shares bank 0 with R2: the misc result is written, and readable, a cycle late.
  const WritebackRun r = run_writeback("1", 4);
  for (uint64_t w : r.reader_waits) EXPECT_EQ(w, 4u);
  EXPECT_EQ(r.conflicts, 10u);
}

TEST(Writeback, ResultsInDifferentBanksDoNotContend) {
  const WritebackRun r = run_writeback("1", 3);  // bank 1
  for (uint64_t w : r.reader_waits) EXPECT_EQ(w, 3u);
  EXPECT_EQ(r.conflicts, 0u);
}

TEST(Writeback, UnlimitedWritesNeverDelayAResult) {
  const WritebackRun r = run_writeback("0", 4);
  for (uint64_t w : r.reader_waits) EXPECT_EQ(w, 3u);
  EXPECT_EQ(r.conflicts, 0u);
}

// A loop of `body` independent instructions run `iterations` times (pcs repeat).
WarpScript loop(int body, int iterations) {
  WarpScript s;
  for (int it = 0; it < iterations; ++it) {
    for (int i = 0; i < body; ++i) {
      WarpInst in = alu(OpClass::int_alu, uint16_t(10 + i % 100));
      in.pc = uint32_t(16 * (i + 1));  // pc 0 would read as "not placed"
      s.push_back(in);
    }
  }
  return s;
}

// An L0 of 16 lines (2 KB): a 25-line loop body does not fit; a 6-line one does, with the 8
// lines the prefetcher brings beyond it.
const std::vector<std::string> kSmallL0 = {"core.fetch.l0_bytes=2048", "core.fetch.l0_sets=4"};

struct FetchRun {
  uint64_t stall_fetch, l0_misses, cycles;
};
FetchRun run_loop(std::vector<std::string> sets, int body, int iterations) {
  Rig rig(sets);
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {loop(body, iterations)});
  const uint64_t c = cycles_of(rig, k);
  return {rig.value("sm[0].sched[0]", "stall_fetch"), rig.value("sm[0].sched[0].l0i", "misses"), c};
}

TEST(InstructionFetch, ALoopTheL0HoldsMissesOnlyWhenCold) {
  const FetchRun r = run_loop(kSmallL0, 40, 6);
  EXPECT_EQ(r.l0_misses, 1u);  // the first line; the prefetcher brought the rest
  // The cold start: an L1 miss (core.fetch.miss_latency 200) before the first instruction.
  EXPECT_GE(r.stall_fetch, 200u);
  EXPECT_LE(r.stall_fetch, 260u);
}

TEST(InstructionFetch, ALoopLargerThanTheL0MissesEveryIteration) {
  const FetchRun r = run_loop(kSmallL0, 200, 6);
  EXPECT_GE(r.l0_misses, 1u + 5);  // each jump back to the start misses the L0 ...
  // ... and waits for the L1 (core.fetch.l1_latency 20), beyond the cold first pass.
  EXPECT_GE(r.stall_fetch, 200u + 5 * 20);
}

TEST(InstructionFetch, APerfectCacheNeverStalls) {
  Rig rig({"core.fetch.icache=perfect"});
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {loop(200, 3)});
  rig.run(k);
  EXPECT_EQ(rig.value("sm[0].sched[0]", "stall_fetch"), 0u);
  EXPECT_EQ(rig.counters.find("sm[0].sched[0].l0i", "misses"), nullptr);  // no cache, no counters
}

TEST(InstructionFetch, WithoutPrefetchStraightLineCodeMissesEveryLine) {
  const FetchRun r = run_loop({"core.fetch.prefetch_lines=0"}, 800, 1);
  EXPECT_EQ(r.l0_misses, 101u);  // pcs 16 to 12800
  EXPECT_GE(r.stall_fetch, 101u * 199);  // each a trip to memory (200) less its issue cycle
}

TEST(InstructionFetch, PrefetchingHidesStraightLineMisses) {
  const FetchRun r = run_loop({"core.fetch.prefetch_lines=8"}, 800, 1);
  EXPECT_EQ(r.l0_misses, 1u);
  EXPECT_LE(r.stall_fetch, 100u * 200 / 4);
}

TEST(InstructionFetch, WithoutAPenaltyAJumpCostsNothing) {
  const FetchRun r = run_loop({"core.fetch.icache=perfect"}, 16, 11);
  EXPECT_LE(r.cycles, 11u * 16 * 2 + 40);  // one int op per 2 cycles
}

TEST(InstructionFetch, ATakenBranchCostsItsPenalty) {
  const FetchRun r = run_loop({"core.fetch.icache=perfect", "core.fetch.taken_branch_penalty=10"}, 16, 11);
  // Ten jumps back, each 10 cycles less the 2 the int pipe needed anyway.
  EXPECT_GE(r.cycles, 11u * 16 * 2 + 10 * 8);
}

TEST(FrontEnd, StallCategoriesStillSumToKernelCyclesWithFetchAndBankStalls) {
  std::vector<std::string> sets = kSmallL0;
  sets.push_back("core.regfile.reuse_cache=false");
  sets.push_back("core.regfile.collector_units=1");
  Rig rig(sets);
  WarpScript w = loop(200, 3);
  for (WarpInst& i : w) {
    i.num_src = 3;
    i.src = {20, 22, 24};
  }
  ScriptedKernel k({3, 1, 1}, {96, 1, 1}, {w, w, independent_reading(100, {30, 32, 34})});
  const auto r = rig.run(k);
  const uint64_t cycles = r.end_cycle - r.start_cycle;
  uint64_t fetch = 0, bank = 0;
  for (int sm = 0; sm < 2; ++sm) {
    for (int j = 0; j < 4; ++j) {
      const std::string loc = "sm[" + std::to_string(sm) + "].sched[" + std::to_string(j) + "]";
      uint64_t sum = 0;
      for (const char* c : {"issued", "stall_mem", "stall_dep", "stall_barrier", "stall_pipe", "stall_fetch",
                            "stall_bank", "idle"}) {
        sum += rig.value(loc, c);
      }
      EXPECT_EQ(sum, cycles) << loc;
      fetch += rig.value(loc, "stall_fetch");
      bank += rig.value(loc, "stall_bank");
    }
  }
  EXPECT_GT(fetch, 0u);
  EXPECT_GT(bank, 0u);
}

// Two warps on one sub-core, one of independent int ops and one of independent FP32 ops, on
// pipes with 32 lanes (one instruction a cycle each).
uint64_t two_pipe_cycles(const std::string& width, bool same_warp) {
  Rig rig({"core.num_schedulers=1", "core.issue_interval.int_alu=1", "core.issue_interval.fp32=1",
           "core.issue_width=" + width, "core.fetch.icache=perfect"});
  WarpScript ints, floats, mixed;
  for (int i = 0; i < 200; ++i) {
    ints.push_back(alu(OpClass::int_alu, uint16_t(10 + i % 50)));
    floats.push_back(alu(OpClass::fp32, uint16_t(100 + i % 50)));
    mixed.push_back(alu(i % 2 ? OpClass::int_alu : OpClass::fp32, uint16_t(10 + i % 100)));
  }
  std::vector<WarpScript> warps = same_warp ? std::vector<WarpScript>{mixed, mixed} : std::vector<WarpScript>{ints, floats};
  ScriptedKernel k({1, 1, 1}, {64, 1, 1}, warps);
  return cycles_of(rig, k);
}

TEST(IssueWidth, OneInstructionPerCycleBySingleIssue) { EXPECT_GE(two_pipe_cycles("1", false), 400u); }

TEST(IssueWidth, DualIssueRunsTwoWarpsOnTwoPipesAtOnce) { EXPECT_LE(two_pipe_cycles("2", false), 215u); }

TEST(IssueWidth, DualIssueNeedsTwoFreePipes) {
  // Both warps alternate int and FP32: two instructions a cycle still, one per pipe, as long as
  // the warps' next instructions fall on different pipes; never two from one warp.
  const uint64_t c = two_pipe_cycles("2", true);
  EXPECT_LE(c, 300u);
  EXPECT_GE(c, 200u);
}

// Asynchronous copies (LDGSTS / cp.async): a copy of 32 x 16 B to global `base`, the commit of
// the open group, and a wait for all but `n` closed groups.
WarpInst async_copy(uint64_t base) {
  WarpInst i = testing::mem(OpClass::load, MemSpace::global, 0, base, 16, 16);
  i.num_dst = 0;
  i.async = AsyncOp::copy;
  return i;
}
WarpInst async_commit() {
  WarpInst i = op(OpClass::misc);
  i.async = AsyncOp::commit;
  return i;
}
WarpInst async_wait(uint8_t n) {
  WarpInst i = op(OpClass::misc);
  i.async = AsyncOp::wait;
  i.async_groups = n;
  return i;
}

TEST(AsyncCopies, ACopyDoesNotHoldItsWarp) {
  Rig rig({"core.fetch.icache=perfect"});
  WarpScript s = {async_copy(0x100000), async_commit()};
  for (int i = 0; i < 10; ++i) s.push_back(alu(OpClass::int_alu, uint16_t(20 + i)));
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {s});
  rig.run(k);
  const auto c = k.cycles_of_warp(0);
  EXPECT_LE(c[11] - c[0], 25u);  // the int ops follow at their own pace, not the copy's
}

TEST(AsyncCopies, WaitingForAllGroupsWaitsForTheMemorySystem) {
  Rig rig({"core.fetch.icache=perfect"});
  WarpScript s = {async_copy(0x100000), async_commit(), async_wait(0), alu(OpClass::int_alu, 20)};
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {s});
  rig.run(k);
  const auto c = k.cycles_of_warp(0);
  EXPECT_GE(c[3] - c[0], 300u);  // a DRAM trip (v100: ~340 cycles) before the wait lets go
  EXPECT_GE(rig.value("sm[0].sched[0]", "stall_mem"), 300u);
}

// Group 1 is a copy issued first; group 2 is issued after a 300-deep FP32 chain (1200 cycles,
// longer than the copy takes); then the wait.
std::vector<uint64_t> two_groups_then_wait(uint8_t n) {
  Rig rig({"core.fetch.icache=perfect"});
  WarpScript s = {async_copy(0x100000), async_commit()};
  for (int i = 0; i < 300; ++i) s.push_back(alu(OpClass::fp32, 30, {30}));
  s.push_back(async_copy(0x200000));
  s.push_back(async_commit());
  s.push_back(async_wait(n));
  s.push_back(alu(OpClass::int_alu, 20));
  ScriptedKernel k({1, 1, 1}, {32, 1, 1}, {s});
  rig.run(k);
  const auto c = k.cycles_of_warp(0);
  return {c[302], c[304]};  // the second copy's issue, the wait's
}

TEST(AsyncCopies, WaitGroupOneLetsTheNewestGroupFly) {
  const auto c = two_groups_then_wait(1);
  EXPECT_LE(c[1] - c[0], 5u);  // the first group landed long ago
}

TEST(AsyncCopies, WaitGroupZeroWaitsForTheNewestToo) {
  const auto c = two_groups_then_wait(0);
  EXPECT_GE(c[1] - c[0], 300u);
}

TEST(TensorShapes, AShapesIntervalIsItsFmasOverTheTensorRate) {
  auto interval = [](std::vector<std::string> sets, const std::string& opcode) {
    const Config cfg = Config::load({"tiny"}, sets, default_presets_dir());
    const OpTiming t = OpTiming::from_config(cfg);
    WarpInst i;
    i.op_class = OpClass::tensor;
    i.timing = t.resolve(opcode, OpClass::tensor);
    return t.of(i).interval;
  };
  // tiny inherits v100: 128 FMA per cycle and 1 cycle of issue overhead per tensor instruction.
  EXPECT_EQ(interval({}, "HMMA.16816.F32.F16"), 17u);  // 2048 FMA at 128 per cycle, + 1
  EXPECT_EQ(interval({}, "HMMA.1688.F32.F16"), 9u);
  EXPECT_EQ(interval({"core.tensor.fma_per_cycle=256"}, "HMMA.16816.F32.F16"), 9u);
  EXPECT_EQ(interval({"core.tensor.issue_overhead=0"}, "HMMA.16816.F32.F16"), 16u);
  EXPECT_EQ(interval({"core.tensor.shape_fmas.HMMA.16816=4096"}, "HMMA.16816.F32"), 33u);
  EXPECT_EQ(interval({"core.op_interval.HMMA.16816=5"}, "HMMA.16816.F32"), 5u);  // an explicit rule wins
  // The large-model types (v100.yaml: f16-equivalent FMAs, A100's relative rates).
  EXPECT_EQ(interval({}, "HMMA.16816.F32.BF16"), 17u);
  EXPECT_EQ(interval({}, "HMMA.16816.F16.F16"), 17u);
  EXPECT_EQ(interval({}, "HMMA.1688.F32.TF32"), 17u);        // 1024 MACs at half the rate
  EXPECT_EQ(interval({}, "IMMA.16832.S32.U8.S8.SAT"), 17u);  // 4096 MACs at twice the rate
  EXPECT_EQ(interval({"core.tensor.shape_fmas.IMMA.16832.SAT=4096"}, "IMMA.16832.S32.S8.S8.SAT"),
            33u);
  EXPECT_EQ(interval({"core.tensor.shape_fmas.IMMA.16832.SAT=4096"}, "IMMA.16832.S32.S8.S8"), 17u);
}

}  // namespace
}  // namespace warpsim
