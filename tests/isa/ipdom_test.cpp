// Reconvergence points (immediate post-dominators) and the SIMT stack that uses them.
#include "isa/ipdom.h"

#include <gtest/gtest.h>

#include "isa/assembler.h"
#include "isa/exec/simt_stack.h"

namespace warpsim::isa {
namespace {

std::vector<int> ipdoms(const std::string& body) {
  return immediate_post_dominators(assemble(".kernel k\n" + body, "t.s").kernels[0].code);
}

TEST(Ipdom, IfElseReconvergesAtTheJoin) {
  auto d = ipdoms(R"(
  @P0 BRA else_       // 0
  MOV R1, 1           // 1
  BRA join            // 2
else_:
  MOV R1, 2           // 3
join:
  MOV R2, R1          // 4
  EXIT                // 5
)");
  EXPECT_EQ(d[0], 4);
  EXPECT_EQ(d[1], 2);
  EXPECT_EQ(d[3], 4);
  EXPECT_EQ(d[4], 5);
  EXPECT_EQ(d[5], -1);  // the virtual exit
}

TEST(Ipdom, NestedIfElse) {
  auto d = ipdoms(R"(
  @P0 BRA outer_else  // 0
  @P1 BRA inner_else  // 1
  MOV R1, 1           // 2
  BRA inner_join      // 3
inner_else:
  MOV R1, 2           // 4
inner_join:
  BRA outer_join      // 5
outer_else:
  MOV R1, 3           // 6
outer_join:
  EXIT                // 7
)");
  EXPECT_EQ(d[0], 7);
  EXPECT_EQ(d[1], 5);
}

TEST(Ipdom, LoopsReconvergeAfterTheirExits) {
  auto d = ipdoms(R"(
top:
  IADD R1, R1, 1      // 0
  ISETP.LT P0, R1, R2 // 1
  @P1 BRA out         // 2: a second, early loop exit
  @P0 BRA top         // 3: divergent back edge
out:
  EXIT                // 4
)");
  EXPECT_EQ(d[2], 4);
  EXPECT_EQ(d[3], 4);
}

TEST(Ipdom, PathsThatOnlyMeetAtExitUseTheVirtualExit) {
  Program p = assemble(R"(.kernel k
  @P0 BRA a
  EXIT
a:
  EXIT
)",
                       "t.s");
  EXPECT_EQ(immediate_post_dominators(p.kernels[0].code)[0], -1);
  EXPECT_EQ(p.kernels[0].code[0].reconv, kReconvAtExit);
  // A guarded EXIT is a path to the exit that avoids everything after it, so a branch
  // around it reconverges only at the exit (its lanes still finish correctly).
  auto d = ipdoms(R"(
  @P0 BRA skip        // 0
  @P1 EXIT            // 1
  MOV R1, 1           // 2
skip:
  EXIT                // 3
)");
  EXPECT_EQ(d[0], -1);
  EXPECT_EQ(d[1], -1);
  EXPECT_EQ(d[2], 3);
}

TEST(Ipdom, StoredInTheBranchAsBytePc) {
  Program p = assemble(".kernel k\n  @P0 BRA j\n  NOP\nj:\n  EXIT\n", "t.s");
  EXPECT_EQ(p.kernels[0].code[0].reconv, 2 * kInstBytes);
}

TEST(SimtStack, DivergeRunTakenPathFirstThenReconverge) {
  SimtStack s;
  s.reset(0xFF);
  s.branch(0x0F, 0x100, 0x20, 0x200);
  ASSERT_EQ(s.depth(), 3u);
  EXPECT_EQ(s.pc(), 0x100u);
  EXPECT_EQ(s.mask(), 0x0Fu);
  s.advance(0x200);  // taken path reaches the reconvergence point
  EXPECT_EQ(s.pc(), 0x20u);
  EXPECT_EQ(s.mask(), 0xF0u);
  s.advance(0x200);
  EXPECT_EQ(s.depth(), 1u);
  EXPECT_EQ(s.pc(), 0x200u);
  EXPECT_EQ(s.mask(), 0xFFu);
}

TEST(SimtStack, UniformBranchesDoNotDiverge) {
  SimtStack s;
  s.reset(0xFF);
  s.branch(0xFF, 0x100, 0x20, 0x200);
  EXPECT_EQ(s.depth(), 1u);
  EXPECT_EQ(s.pc(), 0x100u);
  s.branch(0x00, 0x300, 0x110, 0x400);
  EXPECT_EQ(s.depth(), 1u);
  EXPECT_EQ(s.pc(), 0x110u);
}

TEST(SimtStack, DivergentLoopDoesNotGrowTheStack) {
  SimtStack s;
  s.reset(0xF);
  // Back edge at 0x30 to 0x0, reconverging at 0x40; one lane leaves per iteration.
  for (uint32_t remaining = 0xF; remaining;) {
    s.advance(0x30);
    remaining &= remaining - 1;
    s.branch(remaining, 0x0, 0x40, 0x40);
    EXPECT_LE(s.depth(), 2u);
  }
  EXPECT_EQ(s.depth(), 1u);
  EXPECT_EQ(s.pc(), 0x40u);
  EXPECT_EQ(s.mask(), 0xFu);
}

TEST(SimtStack, ExitedLanesLeaveEveryEntry) {
  SimtStack s;
  s.reset(0xFF);
  s.branch(0x0F, 0x100, 0x20, 0x200);
  s.exit(0x03, 0x110);  // two lanes of the taken path exit
  EXPECT_EQ(s.mask(), 0x0Cu);
  EXPECT_EQ(s.pc(), 0x110u);
  s.exit(0x0C, 0x120);  // the rest of the taken path exits
  EXPECT_EQ(s.pc(), 0x20u);
  EXPECT_EQ(s.mask(), 0xF0u);
  s.advance(0x200);
  EXPECT_EQ(s.mask(), 0xF0u);  // the merged entry lost the exited lanes
  s.exit(0xF0, 0x210);
  EXPECT_TRUE(s.done());
}

}  // namespace
}  // namespace warpsim::isa
