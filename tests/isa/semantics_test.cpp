// Per-instruction semantics, each run as a tiny kernel through ExecKernelSource.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "isa/assembler.h"
#include "sim/error.h"
#include "tests/isa/kernel_runner.h"

namespace warpsim::isa {
namespace {

using testing::run_kernel;

struct Result {
  std::vector<uint32_t> r;  // register `reg` of every lane
  std::vector<bool> p;      // predicate `pred` of every lane
};

// Runs `body` (followed by EXIT) for one CTA of `threads` threads and reads back register
// `reg` and predicate `pred` of every lane of warp 0.
Result run(const std::string& body, unsigned reg, unsigned pred = 0, unsigned threads = 1,
           DeviceMemory* mem = nullptr, std::vector<ParamArg> args = {},
           const std::string& decls = "") {
  Program p = assemble(".kernel k\n" + decls + body + "\n  EXIT\n", "t.s");
  DeviceMemory local;
  Result out;
  run_kernel(p.kernels[0], mem ? *mem : local, Dim3{1, 1, 1}, Dim3{threads, 1, 1}, args, 0,
             [&](CtaExecutor& e) {
               for (unsigned l = 0; l < std::min(threads, 32u); ++l) {
                 out.r.push_back(e.reg(0, reg, l));
                 out.p.push_back(e.pred(0, pred, l));
               }
             });
  return out;
}

uint32_t r1(const std::string& body, unsigned reg) { return run(body, reg).r[0]; }
bool p1(const std::string& body, unsigned pred) { return run(body, 0, pred).p[0]; }
float f1(const std::string& body, unsigned reg) {
  uint32_t b = r1(body, reg);
  float f;
  std::memcpy(&f, &b, 4);
  return f;
}
uint64_t pair1(const std::string& body, unsigned reg) {
  return r1(body, reg) | uint64_t(r1(body, reg + 1)) << 32;
}

TEST(IntSemantics, AddSubWrap) {
  EXPECT_EQ(r1("MOV R1, 5\n MOV R2, -3\n IADD R3, R1, R2", 3), 2u);
  EXPECT_EQ(r1("MOV R1, 0xFFFFFFFF\n IADD R3, R1, 1", 3), 0u);
  EXPECT_EQ(r1("MOV R1, 3\n ISUB R3, R1, 5", 3), uint32_t(-2));
  EXPECT_EQ(r1("MOV R1, 0\n ISUB R3, R1, 1", 3), 0xFFFFFFFFu);
}

TEST(IntSemantics, Add64OnPairsWithSignExtendedImmediate) {
  EXPECT_EQ(pair1("MOV R2, 0xFFFFFFFF\n MOV R3, 1\n IADD.U64 R4, R2, 1", 4), 0x200000000ull);
  EXPECT_EQ(pair1("MOV R2, 0\n MOV R3, 2\n IADD.S64 R4, R2, -1", 4), 0x1FFFFFFFFull);
  EXPECT_EQ(pair1("MOV R2, 0\n MOV R3, 2\n MOV R6, 1\n MOV R7, 1\n ISUB.S64 R4, R2, R6", 4),
            0xFFFFFFFFull);
}

TEST(IntSemantics, MultiplyKeepsLow32Bits) {
  EXPECT_EQ(r1("MOV R1, 0x10000\n IMUL R3, R1, R1", 3), 0u);
  EXPECT_EQ(r1("MOV R1, -3\n IMUL R3, R1, 7", 3), uint32_t(-21));
  EXPECT_EQ(r1("MOV R1, 3\n MOV R2, 5\n IMAD R3, R1, 4, R2", 3), 17u);
}

TEST(IntSemantics, WideMultiplyAddSignedAndUnsigned) {
  EXPECT_EQ(pair1("MOV R1, -2\n IMAD.WIDE R4, R1, 3, RZ", 4), uint64_t(int64_t(-6)));
  EXPECT_EQ(pair1("MOV R1, -1\n IMAD.WIDE.U32 R4, R1, 2, RZ", 4), 0x1FFFFFFFEull);
  EXPECT_EQ(pair1("MOV R1, 4\n MOV R2, 0xFFFFFFFF\n MOV R3, 0\n IMAD.WIDE.U32 R4, R1, 1, R2", 4),
            0x100000003ull);
  // The usual address computation: base + i * 4.
  EXPECT_EQ(pair1("MOV R1, 10\n MOV R2, 0x10000000\n MOV R3, 0\n IMAD.WIDE.U32 R2, R1, 4, R2", 2),
            0x10000028ull);
}

TEST(IntSemantics, MinMaxSignedness) {
  EXPECT_EQ(r1("MOV R1, -1\n IMIN R3, R1, 1", 3), 0xFFFFFFFFu);
  EXPECT_EQ(r1("MOV R1, -1\n IMIN.U32 R3, R1, 1", 3), 1u);
  EXPECT_EQ(r1("MOV R1, -1\n IMAX.S32 R3, R1, 1", 3), 1u);
  EXPECT_EQ(r1("MOV R1, -1\n IMAX.U32 R3, R1, 1", 3), 0xFFFFFFFFu);
}

TEST(IntSemantics, ShiftCountsAtOrBeyond32Saturate) {
  EXPECT_EQ(r1("MOV R1, 1\n SHL R3, R1, 31", 3), 0x80000000u);
  EXPECT_EQ(r1("MOV R1, 1\n SHL R3, R1, 32", 3), 0u);
  EXPECT_EQ(r1("MOV R1, 1\n MOV R2, 100\n SHL R3, R1, R2", 3), 0u);
  EXPECT_EQ(r1("MOV R1, 0x80000000\n SHR R3, R1, 31", 3), 1u);
  EXPECT_EQ(r1("MOV R1, 0x80000000\n SHR.U32 R3, R1, 32", 3), 0u);
  EXPECT_EQ(r1("MOV R1, 0x80000000\n SHR.S32 R3, R1, 31", 3), 0xFFFFFFFFu);
  EXPECT_EQ(r1("MOV R1, 0x80000000\n SHR.S32 R3, R1, 40", 3), 0xFFFFFFFFu);
  EXPECT_EQ(r1("MOV R1, 0x7FFFFFFF\n SHR.S32 R3, R1, 40", 3), 0u);
  EXPECT_EQ(r1("MOV R1, -16\n SHR.S32 R3, R1, 2", 3), uint32_t(-4));
}

TEST(IntSemantics, Logic) {
  EXPECT_EQ(r1("MOV R1, 0xF0F0\n AND R3, R1, 0xFF00", 3), 0xF000u);
  EXPECT_EQ(r1("MOV R1, 0xF0F0\n OR R3, R1, 0xFF00", 3), 0xFFF0u);
  EXPECT_EQ(r1("MOV R1, 0xF0F0\n XOR R3, R1, 0xFF00", 3), 0x0FF0u);
  EXPECT_EQ(r1("MOV R1, 0xF0F0\n NOT R3, R1", 3), 0xFFFF0F0Fu);
}

TEST(IntSemantics, CompareSignedVsUnsigned) {
  const std::string setup = "MOV R1, -1\n MOV R2, 1\n ";
  EXPECT_TRUE(p1(setup + "ISETP.LT.S32 P1, R1, R2", 1));
  EXPECT_TRUE(p1(setup + "ISETP.LT P1, R1, R2", 1));  // .S32 is the default
  EXPECT_FALSE(p1(setup + "ISETP.LT.U32 P1, R1, R2", 1));
  EXPECT_TRUE(p1(setup + "ISETP.GT.U32 P1, R1, R2", 1));
  EXPECT_TRUE(p1(setup + "ISETP.NE P1, R1, R2", 1));
  EXPECT_FALSE(p1(setup + "ISETP.EQ P1, R1, R2", 1));
  EXPECT_TRUE(p1(setup + "ISETP.LE P1, R1, -1", 1));
  EXPECT_TRUE(p1(setup + "ISETP.GE.U32 P1, R1, -1", 1));
  EXPECT_TRUE(p1(setup + "ISETP.EQ P1, R2, 1", 1));
  // PT as destination is discarded.
  EXPECT_TRUE(p1(setup + "ISETP.EQ PT, R1, R2", 7));
}

TEST(FpSemantics, Arithmetic) {
  EXPECT_EQ(f1("MOV R1, 1.5\n FADD R3, R1, 2.25", 3), 3.75f);
  EXPECT_EQ(f1("MOV R1, 1.5\n FSUB R3, R1, 2", 3), -0.5f);
  EXPECT_EQ(f1("MOV R1, 1.5\n FMUL R3, R1, -2", 3), -3.0f);
  EXPECT_EQ(f1("MOV R1, 0f40200000\n FMUL R3, R1, 0f40000000", 3), 5.0f);
}

TEST(FpSemantics, FfmaRoundsOnce) {
  // (1 + 2^-12) * (1 - 2^-12) - 1 = -2^-24: exact when fused, 0 when the product is rounded.
  float r = f1("MOV R1, 0f3F800800\n MOV R2, 0f3F7FF000\n MOV R4, -1.0\n FFMA R3, R1, R2, R4", 3);
  EXPECT_EQ(r, -std::ldexp(1.0f, -24));
}

TEST(FpSemantics, MinMaxIgnoreNaNAndOrderSignedZeros) {
  EXPECT_EQ(f1("MOV R1, 0f7FC00000\n FMIN R3, R1, 1.0", 3), 1.0f);
  EXPECT_EQ(f1("MOV R1, 0f7FC00000\n FMAX R3, R1, -1.0", 3), -1.0f);
  EXPECT_TRUE(std::isnan(f1("MOV R1, 0f7FC00000\n FMAX R3, R1, R1", 3)));
  EXPECT_EQ(r1("MOV R1, -0.0\n FMIN R3, R1, 0.0", 3), 0x80000000u);
  EXPECT_EQ(r1("MOV R1, -0.0\n FMAX R3, R1, 0.0", 3), 0u);
  EXPECT_EQ(f1("MOV R1, 2.0\n FMIN R3, R1, 3.0", 3), 2.0f);
}

TEST(FpSemantics, CompareIsOrdered) {
  const std::string nan = "MOV R1, 0f7FC00000\n ";
  for (const char* cmp : {"EQ", "NE", "LT", "LE", "GT", "GE"})
    EXPECT_FALSE(p1(nan + "FSETP." + cmp + " P2, R1, 1.0", 2)) << cmp;
  EXPECT_TRUE(p1("MOV R1, 1.0\n FSETP.LT P2, R1, 2.0", 2));
  EXPECT_TRUE(p1("MOV R1, 1.0\n FSETP.NE P2, R1, 2.0", 2));
  EXPECT_TRUE(p1("MOV R1, -0.0\n FSETP.EQ P2, R1, 0.0", 2));
  EXPECT_TRUE(p1("MOV R1, 2.0\n FSETP.GE P2, R1, 2", 2));
}

TEST(FpSemantics, Conversions) {
  EXPECT_EQ(f1("MOV R1, -5\n I2F R3, R1", 3), -5.0f);
  EXPECT_EQ(f1("MOV R1, -1\n I2F.U32 R3, R1", 3), 4294967296.0f);
  EXPECT_EQ(f1("MOV R1, 16777217\n I2F.S32 R3, R1", 3), 16777216.0f);  // round to nearest even
  EXPECT_EQ(r1("MOV R1, 2.7\n F2I R3, R1", 3), 2u);
  EXPECT_EQ(r1("MOV R1, -2.7\n F2I R3, R1", 3), uint32_t(-2));
  EXPECT_EQ(r1("MOV R1, 0f7FC00000\n F2I R3, R1", 3), 0u);
  EXPECT_EQ(r1("MOV R1, 3e9\n F2I R3, R1", 3), 0x7FFFFFFFu);
  EXPECT_EQ(r1("MOV R1, -3e9\n F2I R3, R1", 3), 0x80000000u);
  EXPECT_EQ(r1("MOV R1, inf\n F2I R3, R1", 3), 0x7FFFFFFFu);
  EXPECT_EQ(r1("MOV R1, -1.0\n F2I.U32 R3, R1", 3), 0u);
  EXPECT_EQ(r1("MOV R1, 5e9\n F2I.U32 R3, R1", 3), 0xFFFFFFFFu);
  EXPECT_EQ(r1("MOV R1, 3e9\n F2I.U32 R3, R1", 3), 3000000000u);
}

TEST(MoveSemantics, MovImmediateForms) {
  EXPECT_EQ(r1("MOV R1, 2.5", 1), 0x40200000u);
  EXPECT_EQ(r1("MOV R1, 0f40200000", 1), 0x40200000u);
  EXPECT_EQ(r1("MOV R1, -1", 1), 0xFFFFFFFFu);
  EXPECT_EQ(r1("MOV R1, 0x7", 1), 7u);
  EXPECT_EQ(r1("MOV R1, 7\n MOV R2, R1", 2), 7u);
}

TEST(MoveSemantics, RzReadsZeroAndDiscardsWrites) {
  EXPECT_EQ(r1("MOV RZ, 5\n MOV R1, RZ", 1), 0u);
  EXPECT_EQ(r1("MOV R1, 5\n IADD R2, R1, RZ", 2), 5u);
}

TEST(MoveSemantics, SpecialRegisters) {
  Result r = run("S2R R1, SR_LANEID", 1, 0, 32);
  for (unsigned l = 0; l < 32; ++l) EXPECT_EQ(r.r[l], l);
  Program p = assemble(R"(.kernel k
  S2R R1, SR_TID.X
  S2R R2, SR_TID.Y
  S2R R3, SR_TID.Z
  S2R R4, SR_NTID.X
  S2R R5, SR_NTID.Y
  S2R R6, SR_NTID.Z
  S2R R7, SR_CTAID.X
  S2R R8, SR_CTAID.Y
  S2R R9, SR_CTAID.Z
  S2R R10, SR_NCTAID.X
  S2R R11, SR_NCTAID.Y
  S2R R12, SR_NCTAID.Z
  S2R R13, SR_WARPID
  S2R R14, SR_SMID
  S2R R15, SR_CLOCKLO
  S2R R16, SR_CLOCKHI
  EXIT
)",
                       "t.s");
  DeviceMemory mem;
  ExecKernelSource src(p.kernels[0], mem, Dim3{2, 3, 4}, Dim3{4, 4, 3}, 0, {});
  auto cta = src.open_cta(0 + 1 * 2 + 3 * 6, 7);  // ctaid (0, 1, 3)
  auto& e = dynamic_cast<CtaExecutor&>(*cta);
  ASSERT_EQ(cta->num_warps(), 2u);  // 48 threads: a full warp and a half warp
  for (uint64_t c = 0; cta->peek(1); ++c) cta->issue(1, 1000 + c);
  // Warp 1 lane 5 is thread 37: (x, y, z) = (1, 1, 2).
  const uint32_t want[] = {1, 1, 2, 4, 4, 3, 0, 1, 3, 2, 3, 4, 1, 7, 1014, 0};
  for (unsigned i = 0; i < 16; ++i) EXPECT_EQ(e.reg(1, i + 1, 5), want[i]) << "R" << i + 1;
  EXPECT_EQ(e.reg(1, 1, 16), 0u);  // lanes 16..31 of the half warp never run
}

TEST(MoveSemantics, SelectAndPredicateLogic) {
  const std::string setup = "MOV R1, 10\n ISETP.EQ P0, R1, 10\n ISETP.NE P1, R1, 10\n";
  EXPECT_EQ(r1(setup + "SEL R2, R1, 20, P0", 2), 10u);
  EXPECT_EQ(r1(setup + "SEL R2, R1, 20, P1", 2), 20u);
  EXPECT_EQ(r1(setup + "SEL R2, R1, 20, !P1", 2), 10u);
  EXPECT_FALSE(p1(setup + "PLOP.AND P2, P0, P1", 2));
  EXPECT_TRUE(p1(setup + "PLOP.AND P2, P0, !P1", 2));
  EXPECT_TRUE(p1(setup + "PLOP.OR P2, P0, P1", 2));
  EXPECT_TRUE(p1(setup + "PLOP.XOR P2, P0, P1", 2));
  EXPECT_FALSE(p1(setup + "PLOP.XOR P2, P0, !P1", 2));
  EXPECT_FALSE(p1(setup + "PNOT P2, P0", 2));
  EXPECT_TRUE(p1(setup + "PNOT P2, !P0", 2));
  EXPECT_TRUE(p1(setup + "PLOP.AND P2, PT, P0", 2));
}

TEST(MoveSemantics, GuardPredicateMasksLanes) {
  // Odd lanes only.
  Result r =
      run("S2R R1, SR_LANEID\n AND R2, R1, 1\n ISETP.EQ P0, R2, 1\n MOV R3, 7\n"
          "@P0 MOV R3, 9\n @!P0 IADD R3, R3, 1",
          3, 0, 32);
  for (unsigned l = 0; l < 32; ++l) EXPECT_EQ(r.r[l], l % 2 ? 9u : 8u);
}

TEST(MemorySemantics, GlobalWidthsAndExtension) {
  DeviceMemory mem;
  std::vector<uint8_t> bytes(64);
  for (unsigned i = 0; i < 64; ++i) bytes[i] = static_cast<uint8_t>(0x80 + i);
  uint64_t buf = testing::upload(mem, bytes);
  std::vector<ParamArg> args{ParamArg::of_address(buf)};
  const std::string decl = ".param u64 p\n";
  const std::string base = "LD.P.64 R2, [p]\n ";
  auto ld = [&](const std::string& body, unsigned reg) {
    return run(base + body, reg, 0, 1, &mem, args, decl).r[0];
  };
  EXPECT_EQ(ld("LD.G.U8 R4, [R2+1]", 4), 0x81u);
  EXPECT_EQ(ld("LD.G.S8 R4, [R2+1]", 4), 0xFFFFFF81u);
  EXPECT_EQ(ld("LD.G.U16 R4, [R2+2]", 4), 0x8382u);
  EXPECT_EQ(ld("LD.G.S16 R4, [R2+2]", 4), 0xFFFF8382u);
  EXPECT_EQ(ld("LD.G.32 R4, [R2+4]", 4), 0x87868584u);
  EXPECT_EQ(ld("LD.G.64 R4, [R2+8]", 5), 0x8F8E8D8Cu);
  EXPECT_EQ(ld("LD.G.128 R4, [R2+16]", 7), 0x9F9E9D9Cu);
  EXPECT_EQ(ld("IADD.U64 R2, R2, 32\n LD.G.CG.32 R4, [R2-4]", 4), 0x9F9E9D9Cu);
  // Stores of every width, read back from the host.
  run(base +
          "MOV R4, 0x11223344\n MOV R5, 0x55667788\n MOV R6, 1\n MOV R7, 2\n"
          "ST.G.U8 [R2], R4\n ST.G.U16 [R2+2], R4\n ST.G.32 [R2+4], R4\n"
          "ST.G.64 [R2+8], R4\n ST.G.CS.128 [R2+16], R4",
      0, 0, 1, &mem, args, decl);
  auto out = testing::download<uint32_t>(mem, buf, 8);
  EXPECT_EQ(out[0], 0x33448144u);  // byte 1 keeps its old value 0x81
  EXPECT_EQ(out[1], 0x11223344u);
  EXPECT_EQ(out[2], 0x11223344u);
  EXPECT_EQ(out[3], 0x55667788u);
  EXPECT_EQ(out[4], 0x11223344u);
  EXPECT_EQ(out[7], 2u);
}

TEST(MemorySemantics, SharedAndParam) {
  Program p = assemble(R"(.kernel k
.param u32 a
.param u64 b
.param f32 c
.shared 132
  S2R R0, SR_LANEID
  SHL R1, R0, 2
  ST.S.32 [R1], R0
  LD.S.32 R2, [R1+4]           // the neighbour's value (zero past lane 31's slot)
  LD.P.32 R3, [a]
  LD.P.64 R4, [b]
  LD.P.32 R6, [0x10]
  LD.P.32 R7, [b+4]
  EXIT
)",
                       "t.s");
  DeviceMemory mem;
  std::vector<uint32_t> r2, r3, r4, r5, r6, r7;
  testing::run_kernel(p.kernels[0], mem, Dim3{1, 1, 1}, Dim3{32, 1, 1},
                      {ParamArg::of_int(ScalarType::u32, 9),
                       ParamArg::of_address(0x1122334455667788), ParamArg::of_f32(1.5f)},
                      0, [&](CtaExecutor& e) {
                        for (unsigned l = 0; l < 32; ++l) r2.push_back(e.reg(0, 2, l));
                        r3.push_back(e.reg(0, 3, 0));
                        r4.push_back(e.reg(0, 4, 0));
                        r5.push_back(e.reg(0, 5, 0));
                        r6.push_back(e.reg(0, 6, 0));
                        r7.push_back(e.reg(0, 7, 0));
                      });
  EXPECT_EQ(p.kernels[0].params[1].offset, 8u);  // u64 aligned to 8
  EXPECT_EQ(p.kernels[0].param_bytes, 20u);
  // All lanes store before any loads (one warp, one instruction at a time).
  for (unsigned l = 0; l < 31; ++l) EXPECT_EQ(r2[l], l + 1);
  EXPECT_EQ(r2[31], 0u);
  EXPECT_EQ(r3[0], 9u);
  EXPECT_EQ(r4[0], 0x55667788u);
  EXPECT_EQ(r5[0], 0x11223344u);
  EXPECT_EQ(r6[0], 0x3FC00000u);
  EXPECT_EQ(r7[0], 0x11223344u);
}

TEST(MemorySemantics, WarpInstReportsAddressesAndLanes) {
  Program p = assemble(R"(.kernel k
.param u64 p
  S2R R0, SR_LANEID
  LD.P.64 R2, [p]
  IMAD.WIDE.U32 R2, R0, 8, R2
  ISETP.LT.U32 P0, R0, 20
  @P0 LD.G.64 R4, [R2+8]
  EXIT
)",
                       "t.s");
  DeviceMemory mem;
  uint64_t buf = mem.allocate(8 * 64);
  ExecKernelSource src(p.kernels[0], mem, Dim3{1, 1, 1}, Dim3{32, 1, 1}, 0,
                       build_param_buffer(p.kernels[0], {ParamArg::of_address(buf)}));
  auto cta = src.open_cta(0, 0);
  for (int i = 0; i < 4; ++i) cta->issue(0, 0);
  const WarpInst* peeked = cta->peek(0);
  ASSERT_NE(peeked, nullptr);
  EXPECT_EQ(peeked->pc, 0x40u);
  EXPECT_EQ(peeked->op_class, OpClass::load);
  EXPECT_EQ(peeked->space, MemSpace::global);
  EXPECT_EQ(peeked->access_bytes, 8u);
  EXPECT_EQ(peeked->active_mask, 0xFFFFFFFFu);  // the SIMT mask; the guard applies at issue
  ASSERT_EQ(peeked->num_dst, 2u);
  EXPECT_EQ(peeked->dst[0], 4u);
  EXPECT_EQ(peeked->dst[1], 5u);
  ASSERT_EQ(peeked->num_src, 3u);
  EXPECT_EQ(peeked->src[0], kPredBase + 0);
  EXPECT_EQ(peeked->src[1], 2u);
  EXPECT_EQ(peeked->src[2], 3u);
  const WarpInst& done = cta->issue(0, 0);
  EXPECT_EQ(done.active_mask, 0xFFFFFu);
  for (unsigned l = 0; l < 20; ++l) EXPECT_EQ(done.addr[l], buf + 8 * l + 8);
}

std::string fault_message(const std::string& body, const std::string& decls = "") {
  DeviceMemory mem;
  uint64_t buf = mem.allocate(64);
  try {
    run(body, 0, 0, 32, &mem, {ParamArg::of_address(buf)}, ".param u64 p\n.shared 64\n" + decls);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(MemorySemantics, BadAccessesAreInputErrorsAtTheLine) {
  // Line 4 of the kernel text: .kernel, .param, .shared, then the body's first line.
  std::string m = fault_message("LD.G.32 R4, [RZ]");
  EXPECT_EQ(m.rfind("t.s:4: kernel k, pc 0x0, lane 0: global load of 4 bytes at 0x0 is outside "
                    "every allocation",
                    0),
            0u)
      << m;
  m = fault_message(
      "LD.P.64 R2, [p]\n S2R R0, SR_LANEID\n IMAD.WIDE.U32 R2, R0, 4, R2\n"
      "ST.G.32 [R2], R0");
  EXPECT_NE(m.find("t.s:7: kernel k, pc 0x30, lane 16: global store of 4 bytes at 0x10000040 is "
                   "outside every allocation"),
            std::string::npos)
      << m;
  m = fault_message("LD.P.64 R2, [p]\n LD.G.32 R4, [R2+2]");
  EXPECT_NE(m.find("is misaligned"), std::string::npos) << m;
  m = fault_message("LD.S.32 R4, [64]");
  EXPECT_NE(m.find("shared load of 4 bytes at 0x40 is outside the space's bounds"),
            std::string::npos)
      << m;
  m = fault_message("LD.P.32 R4, [8]");
  EXPECT_NE(m.find("param load"), std::string::npos) << m;
}

}  // namespace
}  // namespace warpsim::isa
