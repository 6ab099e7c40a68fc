// SIMT execution of small divergent kernels: results and the order lanes run in.
#include <gtest/gtest.h>

#include <utility>

#include "isa/assembler.h"
#include "tests/isa/kernel_runner.h"

namespace warpsim::isa {
namespace {

using testing::download;
using testing::run_kernel;

// Runs warp 0 of a one-warp CTA alone and returns (pc, executed lanes) per issued instruction.
std::vector<std::pair<uint32_t, uint32_t>> trace(const std::string& text, unsigned threads = 32) {
  Program p = assemble(text, "t.s");
  DeviceMemory mem;
  ExecKernelSource src(p.kernels[0], mem, Dim3{1, 1, 1}, Dim3{threads, 1, 1}, 0, {});
  auto cta = src.open_cta(0, 0);
  std::vector<std::pair<uint32_t, uint32_t>> out;
  while (cta->peek(0)) {
    const WarpInst& i = cta->issue(0, 0);
    out.push_back({i.pc, i.active_mask});
    if (out.size() > 10000) break;
  }
  return out;
}

// Runs a 1-D launch whose kernel writes u32 out[global thread id]; returns out.
std::vector<uint32_t> run_out(const std::string& text, unsigned threads, unsigned ctas = 1,
                              testing::RunStats* stats = nullptr) {
  Program p = assemble(text, "t.s");
  DeviceMemory mem;
  uint64_t out = mem.allocate(4ull * threads * ctas);
  testing::RunStats s = run_kernel(p.kernels[0], mem, Dim3{ctas, 1, 1}, Dim3{threads, 1, 1},
                                   {ParamArg::of_address(out)});
  if (stats) *stats = s;
  return download<uint32_t>(mem, out, size_t(threads) * ctas);
}

const char* const kPrologue = R"(.kernel k
.param u64 out
  S2R R0, SR_TID.X
  LD.P.64 R2, [out]
  IMAD.WIDE.U32 R2, R0, 4, R2
)";

TEST(Simt, IfElseRunsTakenPathThenOtherThenReconverges) {
  auto t = trace(R"(.kernel k
  S2R R0, SR_LANEID             // 0x00
  ISETP.LT.U32 P0, R0, 8        // 0x10
  @P0 BRA then                  // 0x20
  MOV R1, 2                     // 0x30
  BRA join                      // 0x40
then:
  MOV R1, 1                     // 0x50
join:
  IADD R1, R1, 1                // 0x60
  EXIT                          // 0x70
)");
  std::vector<std::pair<uint32_t, uint32_t>> want = {
      {0x00, ~0u},   {0x10, ~0u},         {0x20, 0xFFu} /* the lanes whose guard holds */,
      {0x50, 0xFFu}, {0x30, 0xFFFFFF00u}, {0x40, 0xFFFFFF00u},
      {0x60, ~0u},   {0x70, ~0u}};
  EXPECT_EQ(t, want);
}

TEST(Simt, NestedDivergence) {
  std::string k = std::string(kPrologue) + R"(
  AND R4, R0, 1
  ISETP.NE P0, R4, 0
  @!P0 BRA even
  AND R4, R0, 2
  ISETP.NE P1, R4, 0
  @!P1 BRA odd_b
  MOV R5, 1
  BRA odd_join
odd_b:
  MOV R5, 2
odd_join:
  BRA join
even:
  AND R4, R0, 4
  ISETP.NE P1, R4, 0
  @!P1 BRA even_b
  MOV R5, 3
  BRA join
even_b:
  MOV R5, 4
join:
  IMAD R5, R5, 100, R0          // every lane, after reconvergence
  ST.G.32 [R2], R5
  EXIT
)";
  testing::RunStats stats;
  auto out = run_out(k, 32, 1, &stats);
  for (uint32_t l = 0; l < 32; ++l) {
    uint32_t v = l & 1 ? (l & 2 ? 1 : 2) : (l & 4 ? 3 : 4);
    EXPECT_EQ(out[l], v * 100 + l) << l;
  }
  EXPECT_GE(stats.max_stack_depth, 3u);
}

TEST(Simt, LoopWithPerLaneTripCountAndEarlyExit) {
  // sum = 0 + 1 + ... + (tid - 1); lanes with tid % 7 == 3 leave the loop (and the kernel) at
  // k == 2, after writing 1000 + sum.
  std::string k = std::string(kPrologue) + R"(
  MOV R4, 0                     // k
  MOV R5, 0                     // sum
  AND R6, R0, 7
loop:
  ISETP.GE.U32 P0, R4, R0
  @P0 BRA done
  ISETP.EQ P1, R6, 3
  ISETP.EQ P2, R4, 2
  PLOP.AND P1, P1, P2
  @P1 BRA bail
  IADD R5, R5, R4
  IADD R4, R4, 1
  BRA loop
bail:
  IADD R5, R5, 1000
  ST.G.32 [R2], R5
  EXIT
done:
  ST.G.32 [R2], R5
  EXIT
)";
  auto out = run_out(k, 128);
  for (uint32_t i = 0; i < 128; ++i) {
    uint32_t tid = i, sum = 0;
    bool bailed = false;
    for (uint32_t j = 0; j < tid; ++j) {
      if ((tid & 7) == 3 && j == 2) {
        bailed = true;
        break;
      }
      sum += j;
    }
    EXPECT_EQ(out[i], bailed ? 1000 + sum : sum) << i;
  }
}

TEST(Simt, EarlyExitThenBarrierWithTheRemainingWarps) {
  // Threads with tid % 3 == 0 exit at once; the others write shared memory, meet at the
  // barrier (with warps whose lanes partly exited) and read a slot another warp wrote.
  std::string k = R"(.kernel k
.param u64 out
.shared 512
  S2R R0, SR_TID.X
  LD.P.64 R2, [out]
  IMAD.WIDE.U32 R2, R0, 4, R2
  MOV R7, 3
  I2F.U32 R8, R0
  FMUL R8, R8, 0.33333334
  F2I.U32 R8, R8                // tid / 3
  IMUL R8, R8, 3
  ISETP.EQ P0, R8, R0
  @P0 EXIT
  SHL R4, R0, 2
  IADD R5, R0, 7
  ST.S.32 [R4], R5
  BAR
  IADD R6, R0, 32
  AND R6, R6, 127               // a thread in the next warp
  SHL R6, R6, 2
  LD.S.32 R6, [R6]
  ST.G.32 [R2], R6
  EXIT
)";
  auto out = run_out(k, 128);
  for (uint32_t t = 0; t < 128; ++t) {
    uint32_t other = (t + 32) % 128;
    uint32_t want = t % 3 == 0 ? 0 : (other % 3 == 0 ? 0 : other + 7);
    EXPECT_EQ(out[t], want) << t;
  }
}

TEST(Simt, UniformBranchesNeverSplitTheWarp) {
  std::string k = std::string(kPrologue) + R"(
  S2R R4, SR_CTAID.X
  MOV R5, 0
loop:
  ISETP.GE.U32 P0, R5, 10
  @P0 BRA done
  ISETP.EQ P1, R4, 0            // the same in every lane of the CTA
  @P1 BRA skip
  IADD R5, R5, 1
skip:
  IADD R5, R5, 1
  BRA loop
done:
  ST.G.32 [R2], R5
  EXIT
)";
  testing::RunStats stats;
  auto out = run_out(k, 32, 1, &stats);
  EXPECT_EQ(out[5], 10u);
  EXPECT_EQ(stats.max_stack_depth, 1u);
}

TEST(Simt, PartialWarpLanesNeverRun) {
  std::string k = std::string(kPrologue) + R"(
  IADD R4, R0, 1
  ST.G.32 [R2], R4
  EXIT
)";
  testing::RunStats stats;
  auto out = run_out(k, 40, 1, &stats);
  for (uint32_t t = 0; t < 40; ++t) EXPECT_EQ(out[t], t + 1);
  EXPECT_EQ(stats.warp_insts, 2u * 6);
  EXPECT_EQ(stats.thread_insts, 40u * 6);
}

TEST(Simt, BranchTakenByNoLaneFallsThrough) {
  auto t = trace(".kernel k\n  @!PT BRA x\n  NOP\nx:\n  EXIT\n", 5);
  std::vector<std::pair<uint32_t, uint32_t>> want = {{0x00, 0u}, {0x10, 0x1Fu}, {0x20, 0x1Fu}};
  EXPECT_EQ(t, want);
}

}  // namespace
}  // namespace warpsim::isa
