// Control flow and program structure: divergent branches and loops, { } scopes with their own
// registers and labels, guards (incl. a guard the instruction writes), .func calls inlined
// with both ABIs, indirect calls through .callprototype and function-address tables,
// recursion refused, printf/assert, exit/trap, debug directives and line numbers.
#include <gtest/gtest.h>

#include "sim/error.h"
#include "tests/ptx/ptx_test_util.h"

namespace warpsim::isa::ptx_testing {
namespace {

std::string kernel(const std::string& decls, const std::string& body, const std::string& prelude = {}) {
  return module(prelude + ".visible .entry k(.param .u64 k_out, .param .u64 k_in)\n{\n"
                "\t.reg .b64 %out, %in, %oaddr;\n\t.reg .b32 %tid;\n" + decls +
                "\tld.param.u64 %out, [k_out];\n\tld.param.u64 %in, [k_in];\n"
                "\tmov.u32 %tid, %tid.x;\n"
                "\tmul.wide.u32 %oaddr, %tid, 4;\n\tadd.s64 %oaddr, %out, %oaddr;\n" +
                body + "\tret;\n}\n");
}

TEST(PtxControl, DivergentBranchesAndPerLaneLoops) {
  std::string ptx = kernel("\t.reg .b32 %r<6>;\n\t.reg .pred %p<4>;\n",
                           "\tmov.u32 %r1, 0;\n\tmov.u32 %r2, 0;\n"
                           "\tsetp.eq.s32 %p1, %tid, 0;\n\t@%p1 bra $L_done;\n"   // lane 0 skips
                           "$L_loop:\n\tadd.s32 %r1, %r1, %r2;\n\tadd.s32 %r2, %r2, 1;\n"
                           "\tsetp.lt.u32 %p2, %r2, %tid;\n\t@%p2 bra.uni $L_loop;\n"
                           "\tand.b32 %r3, %tid, 1;\n\tsetp.eq.b32 %p3, %r3, 0;\n"
                           "\t@%p3 bra $L_even;\n\tmul.lo.s32 %r1, %r1, 3;\n\tbra.uni $L_done;\n"
                           "$L_even:\n\tneg.s32 %r1, %r1;\n"
                           "$L_done:\n\tst.global.u32 [%oaddr], %r1;\n");
  auto out = run_words(ptx, {}, 64, 64);
  for (uint32_t t = 0; t < 64; ++t) {
    int32_t s = t == 0 ? 0 : static_cast<int32_t>(t * (t - 1) / 2);
    if (t) s = (t & 1) ? s * 3 : -s;
    EXPECT_EQ(static_cast<int32_t>(out[t]), s) << t;
  }
}

TEST(PtxControl, ScopedBlocksRenameRegistersAndLabels) {
  // Inline-asm style blocks: each declares its own %t and label, shadowing the outer names.
  std::string ptx = kernel("\t.reg .b32 %t, %r1;\n\t.reg .pred %p;\n",
                           "\tmov.u32 %t, 100;\n"
                           "\t{\n\t.reg .b32 %t;\n\t.reg .pred %p;\n\tmov.u32 %t, %tid;\n"
                           "\tsetp.lt.u32 %p, %t, 4;\n\t@%p bra skip;\n\tadd.s32 %t, %t, 1000;\n"
                           "skip:\n\tmov.u32 %r1, %t;\n\t}\n"
                           "\t{\n\t.reg .b32 %t;\n\tmov.u32 %t, 7;\n\tadd.s32 %r1, %r1, %t;\n"
                           "\tbra skip;\nskip:\n\t}\n"
                           "\tadd.s32 %r1, %r1, %t;\n\tst.global.u32 [%oaddr], %r1;\n");
  auto out = run_words(ptx, {}, 32, 32);
  for (uint32_t t = 0; t < 32; ++t) EXPECT_EQ(out[t], (t < 4 ? t : t + 1000) + 7 + 100) << t;
}

TEST(PtxControl, GuardsIncludingAGuardTheInstructionWrites) {
  std::string ptx = kernel("\t.reg .b32 %r<4>;\n\t.reg .pred %p, %q;\n",
                           "\tmov.u32 %r1, 5;\n\tsetp.lt.u32 %p, %tid, 16;\n"
                           "\t@%p mov.u32 %r1, 9;\n\t@!%p add.s32 %r1, %r1, %tid;\n"
                           "\tsetp.lt.u32 %q, %tid, 8;\n"
                           "\t@%q setp.ne.s32 %q|%p, %tid, 3;\n"    // writes its own guard
                           "\tselp.u32 %r2, 100, 0, %q;\n\tselp.u32 %r3, 1000, 0, %p;\n"
                           "\tadd.s32 %r1, %r1, %r2;\n\tadd.s32 %r1, %r1, %r3;\n"
                           "\tst.global.u32 [%oaddr], %r1;\n");
  auto out = run_words(ptx, {}, 32, 32);
  for (uint32_t t = 0; t < 32; ++t) {
    uint32_t r = t < 16 ? 9 : 5 + t;
    bool q = t < 8, p = t < 16;
    if (q) {
      q = t != 3;
      p = t == 3;
    }
    EXPECT_EQ(out[t], r + (q ? 100 : 0) + (p ? 1000 : 0)) << t;
  }
}

const char* kFuncs = R"(
.func  (.param .b32 func_retval0) addmul(
	.param .b32 addmul_param_0,
	.param .b32 addmul_param_1
)
{
	.reg .b32 	%r<5>;
	ld.param.u32 	%r1, [addmul_param_0];
	ld.param.u32 	%r2, [addmul_param_1];
	add.s32 	%r3, %r1, %r2;
	mul.lo.s32 	%r4, %r3, %r2;
	st.param.b32 	[func_retval0+0], %r4;
	ret;
}
.func  (.param .align 8 .b8 func_retval0[8]) pair(
	.param .b64 pair_param_0
)
{
	.local .align 4 .b8 	__local_depot1[16];
	.reg .b64 	%SPL, %rd<3>;
	.reg .b32 	%r<4>;
	.reg .pred 	%p1;
	mov.u64 	%SPL, __local_depot1;
	ld.param.u64 	%rd1, [pair_param_0];
	st.local.u64 	[%SPL], %rd1;
	ld.local.v2.u32 	{%r1, %r2}, [%SPL];
	setp.gt.u32 	%p1, %r1, 10;
	@%p1 bra 	$L__early;
	st.param.v2.b32 	[func_retval0+0], {%r2, %r1};
	ret;
$L__early:
	add.s32 	%r3, %r1, 1;
	st.param.v2.b32 	[func_retval0+0], {%r3, %r3};
	ret;
}
.func (.reg .b32 %rv) regabi(.reg .b32 %x)
{
	.reg .b32 %t;
	{ // callseq nested
	.param .b32 param0;
	st.param.b32 	[param0+0], %x;
	.param .b32 param1;
	st.param.b32 	[param1+0], 3;
	.param .b32 retval0;
	call.uni (retval0), addmul, (param0, param1);
	ld.param.b32 	%t, [retval0+0];
	}
	add.s32 %rv, %t, 1;
	ret;
}
)";

TEST(PtxControl, FuncCallsAreInlinedWithBothAbis) {
  std::string ptx = kernel(
      "\t.reg .b32 %r<10>;\n\t.reg .b64 %rd<3>;\n\t.reg .pred %p;\n",
      "\t{ // callseq 0, 0\n\t.reg .b32 temp_param_reg;\n\t.param .b32 param0;\n"
      "\tst.param.b32 \t[param0+0], %tid;\n\t.param .b32 param1;\n\tst.param.b32 \t[param1+0], 5;\n"
      "\t.param .b32 retval0;\n\tcall.uni (retval0), \n\taddmul, \n\t(\n\tparam0, \n\tparam1\n\t);\n"
      "\tld.param.b32 \t%r1, [retval0+0];\n\t} // callseq 0\n"
      "\tcvt.u64.u32 %rd1, %tid;\n"
      "\t{\n\t.param .b64 param0;\n\tst.param.b64 [param0+0], %rd1;\n"
      "\t.param .align 8 .b8 retval0[8];\n\tcall.uni (retval0), pair, (param0);\n"
      "\tld.param.v2.b32 {%r2, %r3}, [retval0+0];\n\t}\n"
      "\tcall.uni (%r4), regabi, (%tid);\n"
      "\tsetp.lt.u32 %p, %tid, 2;\n"
      "\t{\n\t.param .b32 param0;\n\tst.param.b32 [param0+0], 1;\n\t.param .b32 param1;\n"
      "\tst.param.b32 [param1+0], 1;\n\t.param .b32 retval0;\n"
      "\t@%p call.uni (retval0), addmul, (param0, param1);\n\tld.param.b32 %r5, [retval0+0];\n\t}\n"
      "\t@!%p mov.u32 %r5, 0;\n"
      "\tmad.lo.s32 %r6, %r2, 1000, %r3;\n\tmad.lo.s32 %r6, %r1, 100000, %r6;\n"
      "\tadd.s32 %r6, %r6, %r4;\n\tadd.s32 %r6, %r6, %r5;\n"
      "\tst.global.u32 [%oaddr], %r6;\n",
      kFuncs);
  auto out = run_words(ptx, {}, 32, 32);
  for (uint32_t t = 0; t < 32; ++t) {
    uint32_t r1 = (t + 5) * 5;
    uint32_t r2 = t > 10 ? t + 1 : 0, r3 = t > 10 ? t + 1 : t;
    uint32_t r4 = (t + 3) * 3 + 1, r5 = t < 2 ? 2 : 0;
    EXPECT_EQ(out[t], r1 * 100000 + r2 * 1000 + r3 + r4 + r5) << t;
  }
}

const char* kTable = R"(
.func  (.param .b32 func_retval0) f_inc(.param .b32 f_inc_param_0)
{
	.reg .b32 %r<3>;
	ld.param.u32 %r1, [f_inc_param_0];
	add.s32 %r2, %r1, 1;
	st.param.b32 [func_retval0+0], %r2;
	ret;
}
.func  (.param .b32 func_retval0) f_dbl(.param .b32 f_dbl_param_0)
{
	.reg .b32 %r<3>;
	ld.param.u32 %r1, [f_dbl_param_0];
	shl.b32 %r2, %r1, 1;
	st.param.b32 [func_retval0+0], %r2;
	ret;
}
.func  (.param .b32 func_retval0) f_sq(.param .b32 f_sq_param_0)
{
	.reg .b32 %r<3>;
	ld.param.u32 %r1, [f_sq_param_0];
	mul.lo.s32 %r2, %r1, %r1;
	st.param.b32 [func_retval0+0], %r2;
	ret;
}
.global .align 8 .u64 ftab[2] = {f_inc, f_dbl};
)";

TEST(PtxControl, IndirectCallsThroughFunctionPointers) {
  std::string ptx = kernel(
      "\t.reg .b32 %r<6>;\n\t.reg .b64 %rd<6>;\n\t.reg .pred %p;\n",
      "\tand.b32 %r1, %tid, 1;\n\tmul.wide.u32 %rd1, %r1, 8;\n\tmov.u64 %rd2, ftab;\n"
      "\tadd.s64 %rd3, %rd2, %rd1;\n\tld.global.u64 %rd4, [%rd3];\n"
      "\tsetp.gt.u32 %p, %tid, 23;\n\tmov.u64 %rd5, f_sq;\n\tselp.b64 %rd4, %rd5, %rd4, %p;\n"
      "\t{ // callseq 1, 0\n\t.param .b32 param0;\n\tst.param.b32 \t[param0+0], %tid;\n"
      "\t.param .b32 retval0;\n"
      "\tprototype_1 : .callprototype (.param .b32 _) _ (.param .b32 _);\n"
      "\tcall (retval0), \n\t%rd4, \n\t(\n\tparam0\n\t)\n\t, prototype_1;\n"
      "\tld.param.b32 \t%r2, [retval0+0];\n\t} // callseq 1\n"
      "\tst.global.u32 [%oaddr], %r2;\n",
      kTable);
  auto out = run_words(ptx, {}, 32, 32);
  for (uint32_t t = 0; t < 32; ++t)
    EXPECT_EQ(out[t], t > 23 ? t * t : (t & 1) ? 2 * t : t + 1) << t;
}

TEST(PtxControl, RecursionIsRefusedAtTheCall) {
  std::string ptx = module(R"(.func (.param .b32 r) f(.param .b32 a)
{
	.reg .b32 %x;
	ld.param.u32 %x, [a];
	{
	.param .b32 p0;
	st.param.b32 [p0+0], %x;
	.param .b32 r0;
	call.uni (r0), f, (p0);
	}
	st.param.b32 [r+0], %x;
	ret;
}
.visible .entry k()
{
	.reg .b32 %y;
	{
	.param .b32 p0;
	st.param.b32 [p0+0], 1;
	.param .b32 r0;
	call.uni (r0), f, (p0);
	}
	ret;
}
)");
  std::string msg;
  EXPECT_EQ(error_line(ptx, &msg), 13);
  EXPECT_NE(msg.find("recursive call to f"), std::string::npos) << msg;
}

TEST(PtxControl, PrintfIsANoOpAndAssertTraps) {
  std::string decl = ".extern .func  (.param .b32 func_retval0) vprintf\n(\n\t.param .b64 vprintf_param_0,\n"
                     "\t.param .b64 vprintf_param_1\n)\n;\n"
                     ".extern .func __assertfail\n(\n\t.param .b64 a0,\n\t.param .b64 a1,\n\t.param .b32 a2,\n"
                     "\t.param .b64 a3,\n\t.param .b64 a4\n)\n;\n"
                     ".global .align 1 .b8 $str[3] = {37, 100, 0};\n";
  std::string call_printf =
      "\tmov.u64 %rd1, $str;\n\tcvta.global.u64 %rd2, %rd1;\n"
      "\t{\n\t.param .b64 param0;\n\tst.param.b64 [param0+0], %rd2;\n\t.param .b64 param1;\n"
      "\tst.param.b64 [param1+0], 0;\n\t.param .b32 retval0;\n"
      "\tcall.uni (retval0), vprintf, (param0, param1);\n\tld.param.b32 %r1, [retval0+0];\n\t}\n";
  std::string ptx = kernel("\t.reg .b32 %r<3>;\n\t.reg .b64 %rd<3>;\n\t.reg .pred %p;\n",
                           call_printf + "\tadd.s32 %r2, %r1, 7;\n\tst.global.u32 [%oaddr], %r2;\n", decl);
  auto out = run_words(ptx, {}, 32, 32);
  for (uint32_t t = 0; t < 32; ++t) EXPECT_EQ(out[t], 7u);
  std::string assert_ptx = kernel(
      "\t.reg .b32 %r<3>;\n\t.reg .b64 %rd<3>;\n\t.reg .pred %p;\n",
      "\tsetp.eq.u32 %p, %tid, 5;\n\t@!%p bra $L_ok;\n"
      "\t{\n\t.param .b64 p0;\n\tst.param.b64 [p0+0], 0;\n\t.param .b64 p1;\n\tst.param.b64 [p1+0], 0;\n"
      "\t.param .b32 p2;\n\tst.param.b32 [p2+0], 1;\n\t.param .b64 p3;\n\tst.param.b64 [p3+0], 0;\n"
      "\t.param .b64 p4;\n\tst.param.b64 [p4+0], 1;\n"
      "\tcall.uni __assertfail, (p0, p1, p2, p3, p4);\n\t}\n"
      "$L_ok:\n\tst.global.u32 [%oaddr], 1;\n",
      decl);
  EXPECT_THROW(run_words(assert_ptx, {}, 32, 32), InputError);
}

TEST(PtxControl, ExitTrapAndBreakpoint) {
  std::string ptx = kernel("\t.reg .pred %p;\n",
                           "\tsetp.ge.u32 %p, %tid, 10;\n\t@%p exit;\n\tst.global.u32 [%oaddr], 3;\n");
  auto out = run_words(ptx, {}, 32, 32);
  for (uint32_t t = 0; t < 32; ++t) EXPECT_EQ(out[t], t < 10 ? 3u : 0u);
  std::string trap = kernel("\t.reg .pred %p;\n", "\tsetp.eq.u32 %p, %tid, 31;\n\t@%p trap;\n");
  EXPECT_THROW(run_words(trap, {}, 32, 32), InputError);
  std::string brk = kernel("", "\tbrkpt;\n");
  EXPECT_THROW(run_words(brk, {}, 32, 32), InputError);
}

TEST(PtxControl, DebugAndPerformanceDirectivesAreIgnoredButLinesKept) {
  std::string ptx = module(R"(.file 1 "k.cu"
.visible .entry k(.param .u64 o)
.maxntid 128, 1, 1
.minnctapersm 2
{
	.reg .b64 %rd<2>;
	.reg .b32 %r<2>;
	.loc 1 10 3
	ld.param.u64 %rd1, [o];
$L_top:
	.pragma "nounroll";
	mov.u32 %r1, WARP_SZ;
	.loc 1 11 5, function_name $L__info_string0, inlined_at 1 20 7
	st.global.u32 [%rd1], %r1;
	ret;
}
.section .debug_str
{
$L__info_string0:
.b8 95, 0
}
)");
  Program p = translate_ptx(ptx, "dbg.ptx");
  const Kernel& k = p.kernels[0];
  ASSERT_EQ(k.lines.size(), k.code.size());
  EXPECT_EQ(k.lines.front(), 13);  // ld.param
  EXPECT_EQ(k.lines.back(), 19);   // ret
  EXPECT_EQ(k.source_path, "dbg.ptx");
  DeviceMemory mem;
  uint64_t o = upload(mem, std::vector<uint32_t>(1, 0));
  isa::testing::run_kernel(k, mem, Dim3{1, 1, 1}, Dim3{1, 1, 1}, {ParamArg::of_address(o)});
  EXPECT_EQ(download<uint32_t>(mem, o, 1)[0], 32u);
}

TEST(PtxControl, TranslationIsDeterministic) {
  std::string ptx = kernel("\t.reg .b32 %r<10>;\n\t.reg .b64 %rd<3>;\n\t.reg .pred %p;\n",
                           "\tcall.uni (%r4), regabi, (%tid);\n\tst.global.u32 [%oaddr], %r4;\n", kFuncs);
  std::string a = translate_ptx_to_assembly(ptx, "d.ptx");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(translate_ptx_to_assembly(ptx, "d.ptx"), a);
}

}  // namespace
}  // namespace warpsim::isa::ptx_testing
