// Calls and returns on the SIMT stack: direct, predicated, divergent inside the callee,
// recursive and indirect (divergent targets), RET as a kernel exit, TRAP.
#include <gtest/gtest.h>

#include <utility>

#include "isa/assembler.h"
#include "isa/ipdom.h"
#include "sim/error.h"
#include "tests/isa/kernel_runner.h"

namespace warpsim::isa {
namespace {

using testing::download;
using testing::run_kernel;

// Runs one warp of `text` (kernel taking u64 out) alone, returns (pc, lanes) per instruction.
std::vector<std::pair<uint32_t, uint32_t>> trace(const std::string& text, unsigned* depth = nullptr) {
  Program p = assemble(text, "c.s");
  DeviceMemory mem;
  uint64_t out = mem.allocate(4 * 32);
  ExecKernelSource src(p.kernels[0], mem, Dim3{1, 1, 1}, Dim3{32, 1, 1}, 0,
                       build_param_buffer(p.kernels[0], {ParamArg::of_address(out)}));
  auto cta = src.open_cta(0, 0);
  auto& exec = dynamic_cast<CtaExecutor&>(*cta);
  std::vector<std::pair<uint32_t, uint32_t>> t;
  unsigned max_depth = 0;
  while (cta->peek(0)) {
    const WarpInst& i = cta->issue(0, 0);
    t.push_back({i.pc, i.active_mask});
    if (!exec.stack(0).done() && exec.stack(0).depth() > max_depth)
      max_depth = static_cast<unsigned>(exec.stack(0).depth());
    if (t.size() > 100000) break;
  }
  if (depth) *depth = max_depth;
  return t;
}

std::vector<uint32_t> run_out(const std::string& text, unsigned threads = 32) {
  Program p = assemble(text, "c.s");
  DeviceMemory mem;
  uint64_t out = mem.allocate(4 * threads);
  run_kernel(p.kernels[0], mem, Dim3{1, 1, 1}, Dim3{threads, 1, 1}, {ParamArg::of_address(out)});
  return download<uint32_t>(mem, out, threads);
}

const char* const kHead = R"(.kernel k
.param u64 out
  S2R R0, SR_LANEID              // 0x00
  LD.P.64 R2, [out]              // 0x10
  IMAD.WIDE.U32 R2, R0, 4, R2    // 0x20
)";

TEST(Calls, DirectCallRunsTheFunctionAndReturns) {
  std::string k = std::string(kHead) + R"(  MOV R4, R0                     // 0x30
  CALL twice_plus_one            // 0x40
  ST.G.32 [R2], R5               // 0x50
  EXIT                           // 0x60
twice_plus_one:
  IMAD R5, R4, 2, 1              // 0x70
  RET                            // 0x80
)";
  auto out = run_out(k);
  for (uint32_t l = 0; l < 32; ++l) EXPECT_EQ(out[l], 2 * l + 1);
  unsigned depth = 0;
  auto t = trace(k, &depth);
  std::vector<std::pair<uint32_t, uint32_t>> want = {
      {0x00, ~0u}, {0x10, ~0u}, {0x20, ~0u}, {0x30, ~0u}, {0x40, ~0u},
      {0x70, ~0u}, {0x80, ~0u}, {0x50, ~0u}, {0x60, ~0u}};
  EXPECT_EQ(t, want);
  EXPECT_EQ(depth, 2u);  // the continuation and the frame
}

TEST(Calls, PredicatedAndDivergentCallsReconvergeAfterTheCall) {
  std::string k = std::string(kHead) + R"(  MOV R4, R0                     // 0x30
  AND R6, R0, 1                  // 0x40
  ISETP.EQ P0, R6, 0             // 0x50
  @P0 CALL f                     // 0x60: even lanes call
  IADD R5, R5, 1                 // 0x70: every lane, once
  ST.G.32 [R2], R5               // 0x80
  EXIT                           // 0x90
f:
  ISETP.LT.U32 P1, R4, 10        // 0xa0
  @P1 BRA small                  // 0xb0
  IADD R5, R4, 1000              // 0xc0
  RET                            // 0xd0: an early return of some lanes
small:
  IADD R5, R4, 2000              // 0xe0
  RET                            // 0xf0
)";
  auto out = run_out(k);
  for (uint32_t l = 0; l < 32; ++l)
    EXPECT_EQ(out[l], l % 2 ? 1u : (l < 10 ? l + 2001 : l + 1001)) << l;
  auto t = trace(k);
  const uint32_t even = 0x55555555u, small = 0x155u /* even lanes < 10 */;
  std::vector<std::pair<uint32_t, uint32_t>> want = {
      {0x00, ~0u},  {0x10, ~0u},           {0x20, ~0u},           {0x30, ~0u},
      {0x40, ~0u},  {0x50, ~0u},           {0x60, even},          {0xa0, even},
      {0xb0, small}, {0xe0, small},        {0xf0, small},         {0xc0, even & ~small},
      {0xd0, even & ~small}, {0x70, ~0u}, {0x80, ~0u},           {0x90, ~0u}};
  EXPECT_EQ(t, want);
}

TEST(Calls, RecursionWithPerLaneDepth) {
  // sum(n): R5 += n; n -= 1; if n != 0 sum(n). Lane l recurses l levels deep.
  std::string k = std::string(kHead) + R"(  MOV R4, R0
  MOV R5, 0
  ISETP.NE P2, R4, 0
  @P2 CALL sum
  ST.G.32 [R2], R5
  EXIT
sum:
  IADD R5, R5, R4
  IADD R4, R4, -1
  ISETP.NE P1, R4, 0
  @P1 CALL sum
  RET
)";
  auto out = run_out(k);
  for (uint32_t l = 0; l < 32; ++l) EXPECT_EQ(out[l], l * (l + 1) / 2) << l;
  unsigned depth = 0;
  trace(k, &depth);
  EXPECT_EQ(depth, 32u);  // the base entry and 31 frames: lane 31 calls 31 times
}

TEST(Calls, IndirectCallsSerialisePerTargetLowestLaneFirst) {
  std::string k = std::string(kHead) + R"(  MOV R7, 3                      // 0x30
  IREM.U32 R6, R0, R7            // 0x40: lane % 3
  MOV R8, f0                     // 0x50
  ISETP.EQ P1, R6, 1             // 0x60
  @P1 MOV R8, f1                 // 0x70
  ISETP.EQ P1, R6, 2             // 0x80
  @P1 MOV R8, f2                 // 0x90
  ISETP.EQ P2, R0, 0             // 0xa0
  @P2 MOV R8, f2                 // 0xb0: lane 0 calls f2, so f2 runs first
  CALL.IND R8                    // 0xc0
  ST.G.32 [R2], R5               // 0xd0
  EXIT                           // 0xe0
f0:
  IADD R5, R0, 100               // 0xf0
  RET                            // 0x100
f1:
  IADD R5, R0, 200               // 0x110
  RET                            // 0x120
f2:
  IADD R5, R0, 300               // 0x130
  RET                            // 0x140
)";
  auto out = run_out(k);
  for (uint32_t l = 0; l < 32; ++l) {
    uint32_t target = l == 0 ? 2 : l % 3;
    EXPECT_EQ(out[l], l + 100 * (target + 1)) << l;
  }
  uint32_t m0 = 0, m1 = 0, m2 = 0;
  for (uint32_t l = 0; l < 32; ++l) {
    uint32_t target = l == 0 ? 2 : l % 3;
    (target == 0 ? m0 : target == 1 ? m1 : m2) |= 1u << l;
  }
  auto t = trace(k);
  // After the call at 0xc0: f2 (lane 0's target), then f1 (lowest remaining lane 1), then f0
  // (lane 3), then the continuation with every lane.
  std::vector<std::pair<uint32_t, uint32_t>> tail(t.begin() + 13, t.end());
  std::vector<std::pair<uint32_t, uint32_t>> want = {
      {0x130, m2}, {0x140, m2}, {0x110, m1}, {0x120, m1}, {0xf0, m0},
      {0x100, m0}, {0xd0, ~0u}, {0xe0, ~0u}};
  EXPECT_EQ(tail, want);
}

TEST(Calls, RetOutsideAnyCallExitsTheLanes) {
  std::string k = std::string(kHead) + R"(  ISETP.LT.U32 P0, R0, 8
  @P0 RET                        // lanes 0..7 leave the kernel
  IADD R5, R0, 7
  ST.G.32 [R2], R5
  RET
)";
  auto out = run_out(k);
  for (uint32_t l = 0; l < 32; ++l) EXPECT_EQ(out[l], l < 8 ? 0u : l + 7) << l;
}

TEST(Calls, TrapStopsTheRunWithTheKernelAndLine) {
  std::string k = std::string(kHead) + R"(  ISETP.EQ P0, R0, 5
  @P0 TRAP
  EXIT
)";
  try {
    run_out(k);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 7);
    EXPECT_NE(std::string(e.what()).find("kernel k, pc 0x40: trap"), std::string::npos) << e.what();
  }
  // A TRAP whose guard is false for every lane does nothing.
  EXPECT_EQ(run_out(std::string(kHead) + "  @!PT TRAP\n  EXIT\n").size(), 32u);
}

TEST(Calls, ReconvergenceInsideFunctions) {
  Program p = assemble(R"(.kernel k
  CALL f              // 0
  EXIT                // 1
f:
  @P0 BRA a           // 2
  MOV R1, 1           // 3
  BRA join            // 4
a:
  MOV R1, 2           // 5
join:
  @P1 RET             // 6
  MOV R2, 1           // 7
  RET                 // 8
)",
                       "c.s");
  auto d = immediate_post_dominators(p.kernels[0].code);
  EXPECT_EQ(d[0], 1);   // a call returns to the next instruction
  EXPECT_EQ(d[2], 6);   // the branch in f reconverges at join
  EXPECT_EQ(d[6], -1);  // returns leave through the virtual exit
  EXPECT_EQ(p.kernels[0].code[2].reconv, 6u * 16);
}

}  // namespace
}  // namespace warpsim::isa
