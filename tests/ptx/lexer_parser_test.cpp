// The PTX lexer and parser: tokens, directives, declarations, operands and error lines.
#include <gtest/gtest.h>

#include "isa/ptx/lexer.h"
#include "isa/ptx/parser.h"
#include "sim/error.h"

namespace warpsim::isa::ptx {
namespace {

TEST(PtxLexer, NumbersAndFloatBitPatterns) {
  auto t = lex("0x1F 017 0b101 42U 0f3F800000 0d3FF0000000000000 1.5 -3", "t.ptx");
  ASSERT_GE(t.size(), 9u);
  EXPECT_EQ(t[0].value, 31u);
  EXPECT_EQ(t[1].value, 15u);
  EXPECT_EQ(t[2].value, 5u);
  EXPECT_EQ(t[3].value, 42u);
  EXPECT_EQ(t[4].kind, Tok::f32);
  EXPECT_EQ(t[4].value, 0x3F800000u);
  EXPECT_EQ(t[5].kind, Tok::f64);
  EXPECT_EQ(t[5].value, 0x3FF0000000000000ull);
  EXPECT_EQ(t[6].kind, Tok::f64);
  EXPECT_EQ(t[7].text, "-");
}

TEST(PtxLexer, CommentsKeepLineNumbers) {
  auto t = lex("a // x\n/* multi\nline */ b\nc", "t.ptx");
  EXPECT_EQ(t[0].line, 1);
  EXPECT_EQ(t[1].line, 3);
  EXPECT_EQ(t[2].line, 4);
}

TEST(PtxLexer, QualifiedModifiers) {
  auto t = lex("ld.global.L1::evict_last.u32", "t.ptx");
  EXPECT_EQ(t[2].text, ".L1::evict_last");
}

TEST(PtxParser, ModuleFunctionsAndDeclarations) {
  Module m = parse(R"(.version 8.0
.target sm_80
.address_size 64
.global .align 4 .b8 tab[12] = {1, 2, 3};
.extern .shared .align 16 .b8 dyn[];
.func (.param .b32 r) f (.param .b32 a) { ret; }
.visible .entry k(.param .u64 p, .param .align 8 .b8 s[16]) .maxntid 256, 1, 1
{
  .reg .b32 %r<10>;
  .reg .pred %p;
  .loc 1 5 3
  @!%p bra $L__BB0_1;
$L__BB0_1:
  { .reg .b32 t; mov.u32 t, %tid.x; }
  ret;
}
)",
                   "t.ptx");
  ASSERT_EQ(m.globals.size(), 2u);
  EXPECT_EQ(m.globals[0].bytes(), 12u);
  EXPECT_EQ(m.globals[1].dims[0], -1);
  ASSERT_EQ(m.functions.size(), 2u);
  const Function& k = m.functions[1];
  EXPECT_TRUE(k.entry);
  ASSERT_EQ(k.params.size(), 2u);
  EXPECT_EQ(k.params[1].align, 8u);
  EXPECT_EQ(k.params[1].bytes(), 16u);
  int instrs = 0, labels = 0;
  for (const Stmt& s : k.body) {
    if (s.kind == Stmt::Kind::instr) ++instrs;
    if (s.kind == Stmt::Kind::label) ++labels;
  }
  EXPECT_EQ(instrs, 3);
  EXPECT_EQ(labels, 1);
  EXPECT_EQ(k.body[2].instr.guard, "%p");
  EXPECT_TRUE(k.body[2].instr.guard_neg);
}

TEST(PtxParser, OperandForms) {
  Module m = parse(R"(.version 8.0
.target sm_75
.address_size 64
.visible .entry k()
{
  shfl.sync.down.b32 %r1|%p1, %r2, 1, 31, -1;
  ld.global.v4.f32 {%f1, %f2, _, %f4}, [%rd1+-16];
  mov.u32 %r3, %ctaid.y;
  call.uni (retval0), f, (param0, param1);
}
)",
                   "t.ptx");
  const auto& b = m.functions[0].body;
  EXPECT_EQ(b[0].instr.args[0].pair, "%p1");
  EXPECT_EQ(b[0].instr.args[4].value, ~uint64_t(0));
  EXPECT_EQ(b[1].instr.args[0].elems[2].kind, Operand::Kind::sink);
  EXPECT_EQ(b[1].instr.args[1].offset, -16);
  EXPECT_EQ(b[2].instr.args[1].name, "%ctaid.y");
  EXPECT_EQ(b[3].instr.args[0].kind, Operand::Kind::list);
  EXPECT_EQ(b[3].instr.args[2].elems.size(), 2u);
}

TEST(PtxParser, ErrorsNameTheLine) {
  try {
    parse(".version 8.0\n.target sm_75\n.address_size 64\n.visible .entry k()\n{\n add.s32 %r1 %r2;\n}\n",
          "bad.ptx");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 6);
    EXPECT_EQ(e.path(), "bad.ptx");
  }
}

}  // namespace
}  // namespace warpsim::isa::ptx
