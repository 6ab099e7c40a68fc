// Register allocation under pressure: more live 32-bit values than R0..R254 hold (spills to
// the local frame), live 64-bit pairs and 128-bit quads, more live predicates than P0..P6
// (spills into general registers, incl. as guards), spill code inside loops, and register
// counts that stay small when pressure is low.
#include <gtest/gtest.h>

#include <sstream>

#include "tests/ptx/ptx_test_util.h"

namespace warpsim::isa::ptx_testing {
namespace {

std::string kernel(const std::string& decls, const std::string& body) {
  return module(".visible .entry k(.param .u64 k_out, .param .u64 k_in)\n{\n"
                "\t.reg .b64 %out, %in, %oaddr;\n\t.reg .b32 %tid;\n" + decls +
                "\tld.param.u64 %out, [k_out];\n\tld.param.u64 %in, [k_in];\n"
                "\tmov.u32 %tid, %tid.x;\n\tmul.wide.u32 %oaddr, %tid, 4;\n\tadd.s64 %oaddr, %out, %oaddr;\n" +
                body + "\tret;\n}\n");
}

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

TEST(PtxRegalloc, MoreLiveValuesThanRegistersSpill) {
  // 300 values loaded, all live until a weighted sum that reads them in reverse order.
  const int n = 300;
  std::ostringstream b;
  for (int i = 0; i < n; ++i) {
    b << "\tld.global.u32 %v" << i << ", [%in+" << 4 * i << "];\n";
    b << "\tadd.s32 %v" << i << ", %v" << i << ", %tid;\n";
  }
  b << "\tmov.u32 %s, 0;\n";
  for (int i = n - 1; i >= 0; --i) b << "\tmad.lo.s32 %s, %s, 3, %v" << i << ";\n";
  b << "\tst.global.u32 [%oaddr], %s;\n";
  std::string ptx = kernel("\t.reg .b32 %v<" + std::to_string(n) + ">, %s;\n", b.str());
  Program p = translate_ptx(ptx, "pressure.ptx");
  const Kernel& k = p.kernels[0];
  EXPECT_LE(k.regs, 255u);
  EXPECT_GT(k.regs, 200u);
  EXPECT_GT(k.local_bytes, 0u);
  std::string s = translate_ptx_to_assembly(ptx, "pressure.ptx");
  EXPECT_GT(count(s, "ST.L.32"), 0u);
  EXPECT_GT(count(s, "LD.L.32"), 0u);
  std::vector<uint32_t> in(n);
  for (int i = 0; i < n; ++i) in[static_cast<size_t>(i)] = static_cast<uint32_t>(i * 7919 + 13);
  auto out = run_words(ptx, in, 64, 64);
  for (uint32_t t = 0; t < 64; ++t) {
    uint32_t sum = 0;
    for (int i = n - 1; i >= 0; --i) sum = sum * 3 + in[static_cast<size_t>(i)] + t;
    EXPECT_EQ(out[t], sum) << t;
  }
}

TEST(PtxRegalloc, PairsAndQuadsUnderPressure) {
  // 100 live 64-bit values and 20 live .v4 loads (quads) = 280 words.
  std::ostringstream b;
  for (int i = 0; i < 100; ++i) {
    b << "\tld.global.u64 %d" << i << ", [%in+" << 8 * i << "];\n";
    b << "\tadd.s64 %d" << i << ", %d" << i << ", %tidw;\n";
  }
  for (int i = 0; i < 20; ++i)
    b << "\tld.global.v4.u32 {%q" << 4 * i << ", %q" << 4 * i + 1 << ", %q" << 4 * i + 2 << ", %q"
      << 4 * i + 3 << "}, [%in+" << 800 + 16 * i << "];\n";
  b << "\tmov.u64 %acc, 0;\n";
  for (int i = 99; i >= 0; --i) b << "\tmul.lo.s64 %acc, %acc, 5;\n\txor.b64 %acc, %acc, %d" << i << ";\n";
  b << "\tcvt.u32.u64 %s, %acc;\n";
  for (int i = 0; i < 80; ++i) b << "\tmad.lo.s32 %s, %s, 7, %q" << i << ";\n";
  b << "\tst.global.u32 [%oaddr], %s;\n";
  std::string ptx = kernel("\t.reg .b64 %d<100>, %acc, %tidw;\n\t.reg .b32 %q<80>, %s;\n",
                           "\tcvt.u64.u32 %tidw, %tid;\n" + b.str());
  std::vector<uint32_t> in(200 + 80);
  for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<uint32_t>(i * 2654435761u);
  auto out = run_words(ptx, in, 32, 32);
  for (uint32_t t = 0; t < 32; ++t) {
    uint64_t acc = 0;
    for (int i = 99; i >= 0; --i) {
      uint64_t d = (in[2 * static_cast<size_t>(i)] | static_cast<uint64_t>(in[2 * static_cast<size_t>(i) + 1]) << 32) + t;
      acc = acc * 5 ^ d;
    }
    uint32_t s = static_cast<uint32_t>(acc);
    for (int i = 0; i < 80; ++i) s = s * 7 + in[200 + static_cast<size_t>(i)];
    EXPECT_EQ(out[t], s) << t;
  }
}

TEST(PtxRegalloc, MoreLivePredicatesThanP0ToP6) {
  // 12 predicates live at once, combined in an order that keeps them all alive; one of them
  // also guards an instruction after the others were computed.
  std::ostringstream b;
  for (int i = 0; i < 12; ++i) b << "\tsetp.gt.u32 %p" << i << ", %tid, " << 2 * i + 1 << ";\n";
  b << "\tmov.u32 %s, 0;\n";
  b << "\t@%p3 add.s32 %s, %s, 1000;\n";
  for (int i = 11; i >= 0; --i) b << "\tselp.u32 %t, " << (1 << i) << ", 0, %p" << i << ";\n\tadd.s32 %s, %s, %t;\n";
  b << "\t@!%p0 add.s32 %s, %s, 5000;\n";
  b << "\tst.global.u32 [%oaddr], %s;\n";
  std::string ptx = kernel("\t.reg .pred %p<12>;\n\t.reg .b32 %s, %t;\n", b.str());
  std::string s = translate_ptx_to_assembly(ptx, "preds.ptx");
  EXPECT_EQ(s.find("P7"), std::string::npos);
  EXPECT_GT(count(s, "ISETP.NE.U32"), 0u) << s;  // a predicate restored from its register
  auto out = run_words(ptx, {}, 32, 32);
  for (uint32_t t = 0; t < 32; ++t) {
    uint32_t want = t > 7 ? 1000 : 0;
    for (int i = 0; i < 12; ++i)
      if (t > static_cast<uint32_t>(2 * i + 1)) want += 1u << i;
    if (!(t > 1)) want += 5000;
    EXPECT_EQ(out[t], want) << t;
  }
}

TEST(PtxRegalloc, SpillsInsideALoopKeepValues) {
  // 280 values live across a loop that updates all of them each iteration.
  const int n = 280;
  std::ostringstream b;
  for (int i = 0; i < n; ++i) b << "\tadd.s32 %v" << i << ", %tid, " << i << ";\n";
  b << "\tmov.u32 %i, 0;\n$L_loop:\n";
  for (int i = 0; i < n; ++i) b << "\tadd.s32 %v" << i << ", %v" << i << ", %v" << (i + 1) % n << ";\n";
  b << "\tadd.s32 %i, %i, 1;\n\tsetp.lt.u32 %p, %i, 3;\n\t@%p bra $L_loop;\n\tmov.u32 %s, 0;\n";
  for (int i = 0; i < n; ++i) b << "\txor.b32 %s, %s, %v" << i << ";\n";
  b << "\tst.global.u32 [%oaddr], %s;\n";
  std::string ptx = kernel("\t.reg .b32 %v<" + std::to_string(n) + ">, %s, %i;\n\t.reg .pred %p;\n", b.str());
  auto out = run_words(ptx, {}, 32, 32);
  for (uint32_t t = 0; t < 32; ++t) {
    std::vector<uint32_t> v(n);
    for (int i = 0; i < n; ++i) v[static_cast<size_t>(i)] = t + static_cast<uint32_t>(i);
    for (int it = 0; it < 3; ++it)
      for (int i = 0; i < n; ++i) v[static_cast<size_t>(i)] += v[static_cast<size_t>((i + 1) % n)];
    uint32_t s = 0;
    for (uint32_t x : v) s ^= x;
    EXPECT_EQ(out[t], s) << t;
  }
}

TEST(PtxRegalloc, LowPressureKernelsUseFewRegisters) {
  // saxpy as nvcc writes it.
  std::string ptx = module(R"(.visible .entry saxpy(
	.param .u32 n, .param .f32 a, .param .u64 x, .param .u64 y)
{
	.reg .pred %p<2>;
	.reg .b32 %r<6>;
	.reg .f32 %f<5>;
	.reg .b64 %rd<8>;
	ld.param.u32 %r2, [n];
	ld.param.f32 %f1, [a];
	ld.param.u64 %rd1, [x];
	ld.param.u64 %rd2, [y];
	mov.u32 %r3, %ctaid.x;
	mov.u32 %r4, %ntid.x;
	mov.u32 %r5, %tid.x;
	mad.lo.s32 %r1, %r3, %r4, %r5;
	setp.ge.s32 %p1, %r1, %r2;
	@%p1 bra $L__BB0_2;
	cvta.to.global.u64 %rd3, %rd1;
	mul.wide.s32 %rd4, %r1, 4;
	add.s64 %rd5, %rd3, %rd4;
	ld.global.f32 %f2, [%rd5];
	cvta.to.global.u64 %rd6, %rd2;
	add.s64 %rd7, %rd6, %rd4;
	ld.global.f32 %f3, [%rd7];
	fma.rn.f32 %f4, %f2, %f1, %f3;
	st.global.f32 [%rd7], %f4;
$L__BB0_2:
	ret;
}
)");
  Program p = translate_ptx(ptx, "saxpy.ptx");
  EXPECT_LE(p.kernels[0].regs, 10u);  // ptxas -v: 8 registers (plus its 2 reserved)
  EXPECT_EQ(p.kernels[0].local_bytes, 0u);
  std::string s = translate_ptx_to_assembly(ptx, "saxpy.ptx");
  EXPECT_EQ(count(s, "MOV "), 0u) << s;  // cvta.to.global copies coalesced away
}

}  // namespace
}  // namespace warpsim::isa::ptx_testing
