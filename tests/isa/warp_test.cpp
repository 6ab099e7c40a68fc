// Warp-level instructions (shuffles, votes, matches, active masks), tensor-core HMMA against a
// host matrix multiply, named barriers, BAR.RED and the new special registers.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

#include "isa/assembler.h"
#include "sim/error.h"
#include "tests/isa/kernel_runner.h"

namespace warpsim::isa {
namespace {

using testing::download;
using testing::run_kernel;
using testing::upload;

// Runs a one-warp kernel `body` (after `S2R R0, SR_LANEID` and loading &out[lane*stride] into
// R2) with `threads` threads; returns out (stride u32 per lane).
std::vector<uint32_t> run_warp(const std::string& body, unsigned stride = 4,
                               unsigned threads = 32) {
  std::string text = R"(.kernel w
.param u64 out
  S2R R0, SR_LANEID
  LD.P.64 R2, [out]
  IMAD.WIDE.U32 R2, R0, )" + std::to_string(stride * 4) +
                     R"(, R2
)" + body + "\n  EXIT\n";
  Program p = assemble(text, "w.s");
  DeviceMemory mem;
  uint64_t out = mem.allocate(4 * stride * 32);
  run_kernel(p.kernels[0], mem, Dim3{1, 1, 1}, Dim3{threads, 1, 1}, {ParamArg::of_address(out)});
  return download<uint32_t>(mem, out, size_t(stride) * 32);
}

// PTX shfl.sync, from the PTX ISA pseudo-code.
void ref_shfl(int mode, const uint32_t* vals, unsigned lane, uint32_t b, uint32_t c,
              uint32_t& d, bool& p) {
  unsigned bval = b & 31, cval = c & 31, seg = (c >> 8) & 31;
  int max_lane = int((lane & seg) | (cval & ~seg)), min_lane = int(lane & seg);
  int j = 0;
  switch (mode) {
    case 0: j = min_lane | int(bval & ~seg); p = j <= max_lane; break;  // idx
    case 1: j = int(lane) - int(bval); p = j >= max_lane; break;          // up
    case 2: j = int(lane + bval); p = j <= max_lane; break;              // down
    default: j = int(lane ^ bval); p = j <= max_lane; break;             // bfly
  }
  d = vals[p ? j : int(lane)];
}

TEST(Shuffle, AllModesClampsSegmentsAndTheInRangePredicate) {
  const char* modes[] = {"IDX", "UP", "DOWN", "BFLY"};
  // c: full warp (0x1F / 0 for UP), 8-lane segments (width 8), odd clamps.
  const uint32_t cs[] = {0x1F, 0x0, 0x181F, 0x1807, 0x0C, 0x101F};
  uint32_t vals[32];
  for (unsigned l = 0; l < 32; ++l) vals[l] = l * 10 + 7;
  // Immediate b and c (one of them a short immediate).
  for (int m = 0; m < 4; ++m)
    for (uint32_t c : cs)
      for (uint32_t b : {0u, 1u, 3u, 7u, 16u, 31u, 45u}) {
        auto out = run_warp("  IMAD R8, R0, 10, 7\n  SHFL." + std::string(modes[m]) +
                                " R9, P1, R8, " + std::to_string(b) + ", " + std::to_string(c) +
                                "\n  MOV R11, 0\n  @P1 MOV R11, 1\n"
                                "  ST.G.32 [R2], R9\n  ST.G.32 [R2+4], R11",
                            4);
        for (unsigned l = 0; l < 32; ++l) {
          uint32_t d;
          bool p;
          ref_shfl(m, vals, l, b, c, d, p);
          ASSERT_EQ(out[4 * l], d) << modes[m] << " b=" << b << " c=" << c << " lane " << l;
          ASSERT_EQ(out[4 * l + 1], p ? 1u : 0u) << modes[m] << " b=" << b << " c=" << c;
        }
      }
  // Register operands for b and c, varying per lane.
  for (int m = 0; m < 4; ++m)
    for (uint32_t c : cs) {
      auto out = run_warp("  IMAD R8, R0, 10, 7\n  IMAD R10, R0, 7, 3\n  MOV R12, " +
                              std::to_string(c) + "\n  SHFL." + modes[m] +
                              " R9, P1, R8, R10, R12\n  MOV R11, 0\n  @P1 MOV R11, 1\n"
                              "  ST.G.32 [R2], R9\n  ST.G.32 [R2+4], R11",
                          4);
      for (unsigned l = 0; l < 32; ++l) {
        uint32_t d;
        bool p;
        ref_shfl(m, vals, l, l * 7 + 3, c, d, p);
        EXPECT_EQ(out[4 * l], d) << modes[m] << " c=" << c << " lane " << l;
        EXPECT_EQ(out[4 * l + 1], p ? 1u : 0u) << modes[m] << " c=" << c << " lane " << l;
      }
    }
}

TEST(Shuffle, CommonWarpReductionPatterns) {
  // __shfl_down_sync reduction tree: lane 0 ends with the warp's sum.
  auto out = run_warp(R"(  MOV R8, R0
  SHFL.DOWN R9, PT, R8, 16, 0x1F
  IADD R8, R8, R9
  SHFL.DOWN R9, PT, R8, 8, 0x1F
  IADD R8, R8, R9
  SHFL.DOWN R9, PT, R8, 4, 0x1F
  IADD R8, R8, R9
  SHFL.DOWN R9, PT, R8, 2, 0x1F
  IADD R8, R8, R9
  SHFL.DOWN R9, PT, R8, 1, 0x1F
  IADD R8, R8, R9
  SHFL.IDX R10, PT, R8, 0, 0x1F        // broadcast lane 0
  SHFL.BFLY R11, PT, R0, 1, 0x1F       // swap neighbours
  SHFL.UP R12, P1, R0, 1, 0            // lane 0 keeps its own value, P1 false there
  ST.G.32 [R2], R10
  ST.G.32 [R2+4], R11
  ST.G.32 [R2+8], R12)");
  for (unsigned l = 0; l < 32; ++l) {
    EXPECT_EQ(out[4 * l], 496u);
    EXPECT_EQ(out[4 * l + 1], l ^ 1u);
    EXPECT_EQ(out[4 * l + 2], l == 0 ? 0u : l - 1);
  }
}

TEST(Shuffle, TwoImmediatesAndSegmentWidth) {
  // width 8 (c = (32 - 8) << 8 | 0x1F): sources wrap within 8-lane segments.
  auto out = run_warp("  IMAD R8, R0, 2, 1\n  SHFL.IDX R9, P1, R8, 13, 0x181F\n"
                      "  ST.G.32 [R2], R9");
  for (unsigned l = 0; l < 32; ++l) EXPECT_EQ(out[4 * l], ((l & ~7u) | 5u) * 2 + 1) << l;
}

TEST(Votes, AllAnyUniBallotActivemaskUnderDivergence) {
  auto out = run_warp(R"(  AND R4, R0, 1
  ISETP.EQ P1, R4, 0          // even lanes
  ISETP.LT.U32 P2, R0, 20
  @!P2 BRA done               // lanes 20..31 leave
  VOTE.ALL P3, P1
  VOTE.ANY P4, P1
  VOTE.UNI P5, P2
  VOTE.BALLOT R5, P1
  ACTIVEMASK R6
  MATCH.ANY R7, R4
  MATCH.ALL R8, P6, R4
  ISETP.LT.U32 P3, R0, 0     // overwritten below
  VOTE.ALL P3, P1
  MOV R9, 0
  @P3 OR R9, R9, 1
  @P4 OR R9, R9, 2
  @P5 OR R9, R9, 4
  @P6 OR R9, R9, 8
  ST.G.32 [R2], R5
  ST.G.32 [R2+4], R6
  ST.G.32 [R2+8], R9
  ST.G.32 [R2+12], R7
done:
  NOP)");
  for (unsigned l = 0; l < 20; ++l) {
    EXPECT_EQ(out[4 * l], 0x55555u) << l;     // even lanes among 0..19
    EXPECT_EQ(out[4 * l + 1], 0xFFFFFu) << l;  // lanes 0..19 execute
    EXPECT_EQ(out[4 * l + 2], 2u | 4u) << l;   // not ALL, ANY, UNI (all P2), MATCH.ALL false
    EXPECT_EQ(out[4 * l + 3], l % 2 ? 0xAAAAAu : 0x55555u) << l;
  }
  EXPECT_EQ(out[4 * 20], 0u);  // untouched
  auto same = run_warp("  MOV R4, 9\n  MATCH.ALL R8, P1, R4\n  MOV R9, 0\n  @P1 MOV R9, 1\n"
                       "  ST.G.32 [R2], R8\n  ST.G.32 [R2+4], R9",
                       4, 20);
  EXPECT_EQ(same[0], 0xFFFFFu);  // a partial warp: its 20 lanes
  EXPECT_EQ(same[1], 1u);
}

TEST(SpecialRegisters, LaneMasksClockAndTimer) {
  auto out = run_warp(R"(  S2R R4, SR_LANEMASK_EQ
  S2R R5, SR_LANEMASK_LT
  S2R R6, SR_LANEMASK_LE
  S2R R7, SR_LANEMASK_GT
  S2R R8, SR_LANEMASK_GE
  S2R R10, SR_CLOCK64
  S2R R12, SR_GLOBALTIMER
  S2R R14, SR_GLOBALTIMERLO
  ST.G.128 [R2], R4
  ST.G.32 [R2+16], R8
  ST.G.32 [R2+20], R12
  ST.G.64 [R2+24], R10)",
                      8);
  for (unsigned l = 0; l < 32; ++l) {
    const uint32_t* o = &out[8 * l];
    EXPECT_EQ(o[0], 1u << l);
    EXPECT_EQ(o[1], (1u << l) - 1);
    EXPECT_EQ(o[2], uint32_t((uint64_t(2) << l) - 1));
    EXPECT_EQ(o[3], ~uint32_t((uint64_t(2) << l) - 1));
    EXPECT_EQ(o[4], ~((1u << l) - 1));
    // The runner issues at cycle = instructions issued so far (one warp): S2R R10 is the 9th.
    EXPECT_EQ(o[6] | uint64_t(o[7]) << 32, 8u);
    EXPECT_EQ(o[5], 9u);  // 1 ns per cycle at the nominal 1 GHz
  }
}

// ---- tensor cores

uint16_t to_half(float f) {  // exact for the small values used here
  uint32_t b;
  std::memcpy(&b, &f, 4);
  if ((b & 0x7FFFFFFF) == 0) return uint16_t(b >> 16);
  int e = int((b >> 23) & 255) - 127;
  uint32_t m = b & 0x7FFFFF;
  return uint16_t((b >> 16 & 0x8000) | uint32_t(e + 15) << 10 | m >> 13);
}
float half_f(uint16_t h) {
  int e = (h >> 10) & 31;
  float v = e == 0 ? std::ldexp(float(h & 1023), -24) : std::ldexp(float(1024 + (h & 1023)), e - 25);
  return h & 0x8000 ? -v : v;
}

// Runs HMMA.16816 / HMMA.1688 on fragments built from A (16xK), B (Kx8), C (16x8) with the PTX
// fragment layouts and returns D (16x8).
std::vector<float> run_mma(unsigned K, const std::vector<uint16_t>& A, const std::vector<uint16_t>& B,
                           const std::vector<float>& C) {
  std::vector<uint32_t> frag(32 * 16, 0);
  for (unsigned lane = 0; lane < 32; ++lane) {
    unsigned g = lane >> 2, t = lane % 4;
    uint32_t* f = &frag[16 * lane];
    for (unsigned i = 0; i < K / 2; ++i) {  // PTX: row groupID (+8 for a2,a3,a6,a7), col 2t+(i&1) (+8 for i>=4)
      unsigned row = (i < 2 || (i >= 4 && i < 6)) ? g : g + 8;
      unsigned col = t * 2 + (i & 1) + (i >= 4 ? 8 : 0);
      f[i / 2] |= uint32_t(A[row * K + col]) << (16 * (i % 2));
    }
    for (unsigned i = 0; i < K / 4; ++i) {  // row 2t+(i&1) (+8 for i>=2), col groupID
      unsigned row = t * 2 + (i & 1) + (i >= 2 ? 8 : 0);
      f[4 + i / 2] |= uint32_t(B[row * 8 + g]) << (16 * (i % 2));
    }
    for (unsigned i = 0; i < 4; ++i) {  // row groupID (+8 for c2,c3), col 2t+(i&1)
      float v = C[(g + (i >= 2 ? 8 : 0)) * 8 + t * 2 + (i & 1)];
      std::memcpy(&f[8 + i], &v, 4);
    }
  }
  std::string text = K == 16 ? R"(.kernel mma
.param u64 frag
.param u64 out
  S2R R0, SR_LANEID
  LD.P.64 R2, [frag]
  IMAD.WIDE.U32 R2, R0, 64, R2
  LD.G.128 R4, [R2]
  LD.G.64 R8, [R2+16]
  LD.G.128 R12, [R2+32]
  HMMA.16816.F32.F16 R16, R4, R8, R12
  LD.P.64 R2, [out]
  IMAD.WIDE.U32 R2, R0, 16, R2
  ST.G.128 [R2], R16
  EXIT
)"
                             : R"(.kernel mma
.param u64 frag
.param u64 out
  S2R R0, SR_LANEID
  LD.P.64 R2, [frag]
  IMAD.WIDE.U32 R2, R0, 64, R2
  LD.G.64 R4, [R2]
  LD.G.32 R8, [R2+16]
  LD.G.128 R12, [R2+32]
  HMMA.1688.F32.F16 R12, R4, R8, R12      // D may overwrite C
  LD.P.64 R2, [out]
  IMAD.WIDE.U32 R2, R0, 16, R2
  ST.G.128 [R2], R12
  EXIT
)";
  Program p = assemble(text, "mma.s");
  DeviceMemory mem;
  uint64_t df = upload(mem, frag), dout = mem.allocate(32 * 16);
  run_kernel(p.kernels[0], mem, Dim3{1, 1, 1}, Dim3{32, 1, 1},
             {ParamArg::of_address(df), ParamArg::of_address(dout)});
  auto raw = download<float>(mem, dout, 32 * 4);
  std::vector<float> D(16 * 8);
  for (unsigned lane = 0; lane < 32; ++lane) {
    unsigned g = lane >> 2, t = lane % 4;
    for (unsigned i = 0; i < 4; ++i) D[(g + (i >= 2 ? 8 : 0)) * 8 + t * 2 + (i & 1)] = raw[4 * lane + i];
  }
  return D;
}

TEST(TensorCore, HmmaMatchesHostMatrixMultiply) {
  for (unsigned K : {16u, 8u}) {
    std::mt19937 rng(K);
    std::vector<uint16_t> A(16 * K), B(K * 8);
    std::vector<float> C(16 * 8);
    for (auto& a : A) a = to_half(float(int(rng() % 17) - 8) * 0.25f);
    for (auto& b : B) b = to_half(float(int(rng() % 13) - 6) * 0.5f);
    for (auto& c : C) c = float(int(rng() % 100) - 50) * 0.125f;
    auto D = run_mma(K, A, B, C);
    for (unsigned r = 0; r < 16; ++r)
      for (unsigned c = 0; c < 8; ++c) {
        double want = C[r * 8 + c];
        for (unsigned k = 0; k < K; ++k) want += double(half_f(A[r * K + k])) * half_f(B[k * 8 + c]);
        EXPECT_EQ(D[r * 8 + c], float(want)) << "K " << K << " D[" << r << "][" << c << "]";
      }
  }
  // Random (non-integral) halves: agreement to fp32 rounding.
  std::mt19937 rng(99);
  std::uniform_real_distribution<float> u(-2, 2);
  std::vector<uint16_t> A(256), B(128);
  std::vector<float> C(128);
  for (auto& a : A) a = to_half(half_f(to_half(u(rng))));
  for (auto& b : B) b = to_half(half_f(to_half(u(rng))));
  for (auto& c : C) c = u(rng);
  auto D = run_mma(16, A, B, C);
  for (unsigned r = 0; r < 16; ++r)
    for (unsigned c = 0; c < 8; ++c) {
      double want = C[r * 8 + c];
      for (unsigned k = 0; k < 16; ++k) want += double(half_f(A[r * 16 + k])) * half_f(B[k * 8 + c]);
      EXPECT_NEAR(D[r * 8 + c], want, 1e-5 * (1 + std::fabs(want)));
    }
}

// ---- barriers

TEST(Barriers, NamedBarriersWithArriveAndCounts) {
  // Warps 0-1 produce into shared memory and arrive at barrier 1; warps 2-3 wait there for all
  // 128 threads and consume. Barrier 2 then syncs only warps 2-3 (64 threads).
  std::string k = R"(.kernel k
.param u64 out
.shared 512
  S2R R0, SR_TID.X
  LD.P.64 R2, [out]
  IMAD.WIDE.U32 R2, R0, 4, R2
  ISETP.GE.U32 P0, R0, 64
  @P0 BRA consumer
  SHL R4, R0, 2
  IMAD R5, R0, 3, RZ
  IADD R5, R5, 1
  ST.S.32 [R4], R5
  BAR.ARRIVE 1, 128
  ST.G.32 [R2], R0
  EXIT
consumer:
  MOV R6, 128
  BAR.SYNC 1, R6
  IADD R7, R0, -64
  SHL R7, R7, 2
  LD.S.32 R8, [R7]
  ST.S.32 [R7+256], R8
  BAR.SYNC 2, 64
  LD.S.32 R9, [R7+256]
  ST.G.32 [R2], R9
  EXIT
)";
  Program p = assemble(k, "b.s");
  DeviceMemory mem;
  uint64_t out = mem.allocate(4 * 128);
  run_kernel(p.kernels[0], mem, Dim3{2, 1, 1}, Dim3{128, 1, 1}, {ParamArg::of_address(out)});
  auto v = download<uint32_t>(mem, out, 128);
  for (uint32_t t = 0; t < 64; ++t) EXPECT_EQ(v[t], t);
  for (uint32_t t = 64; t < 128; ++t) EXPECT_EQ(v[t], (t - 64) * 3 + 1) << t;

  // What the timing model is told.
  ExecKernelSource src(p.kernels[0], mem, Dim3{1, 1, 1}, Dim3{128, 1, 1}, 0,
                       build_param_buffer(p.kernels[0], {ParamArg::of_address(out)}));
  auto cta = src.open_cta(0, 0);
  for (int i = 0; i < 9; ++i) cta->issue(0, 0);
  const WarpInst* arrive = cta->peek(0);
  EXPECT_EQ(arrive->op_class, OpClass::barrier);
  EXPECT_EQ(arrive->barrier_id, 1u);
  EXPECT_EQ(arrive->barrier_threads, 128u);
  EXPECT_TRUE(arrive->barrier_arrive_only);
  for (int i = 0; i < 6; ++i) cta->issue(2, 0);
  WarpInst sync = cta->issue(2, 0);  // BAR.SYNC 1, R6: the count comes from the register
  EXPECT_EQ(sync.barrier_id, 1u);
  EXPECT_EQ(sync.barrier_threads, 128u);
  EXPECT_FALSE(sync.barrier_arrive_only);
}

TEST(Barriers, ReductionPopcAndOr) {
  std::string k = R"(.kernel k
.param u64 out
  S2R R0, SR_TID.X
  LD.P.64 R2, [out]
  IMAD.WIDE.U32 R2, R0, 4, R2
  S2R R4, SR_CTAID.X
  IADD R5, R0, R4
  AND R6, R5, 3
  ISETP.EQ P1, R6, 0              // every 4th thread (shifted by the CTA index)
  ISETP.LT.U32 P2, R0, 1000       // everyone
  BAR.RED.POPC R7, 0, P1
  BAR.RED.AND P3, 1, P1
  BAR.RED.OR P4, 2, P1
  BAR.RED.AND P5, 3, P2
  MOV R8, R7
  @P3 IADD R8, R8, 1000
  @P4 IADD R8, R8, 2000
  @P5 IADD R8, R8, 4000
  ST.G.32 [R2], R8
  EXIT
)";
  Program p = assemble(k, "r.s");
  DeviceMemory mem;
  uint64_t out = mem.allocate(4 * 160);
  run_kernel(p.kernels[0], mem, Dim3{1, 1, 1}, Dim3{160, 1, 1}, {ParamArg::of_address(out)});
  auto v = download<uint32_t>(mem, out, 160);
  for (uint32_t t = 0; t < 160; ++t) EXPECT_EQ(v[t], 40u + 2000 + 4000) << t;
}

TEST(Barriers, ReductionCompletesWhenTheOtherWarpsHaveExited) {
  std::string k = R"(.kernel k
.param u64 out
  S2R R0, SR_TID.X
  LD.P.64 R2, [out]
  IMAD.WIDE.U32 R2, R0, 4, R2
  ISETP.GE.U32 P0, R0, 64
  @P0 EXIT                        // warps 2 and 3 leave at once
  BAR.RED.POPC R7, 0, PT
  ST.G.32 [R2], R7
  EXIT
)";
  Program p = assemble(k, "r.s");
  DeviceMemory mem;
  uint64_t out = mem.allocate(4 * 128);
  run_kernel(p.kernels[0], mem, Dim3{1, 1, 1}, Dim3{128, 1, 1}, {ParamArg::of_address(out)});
  auto v = download<uint32_t>(mem, out, 64);
  for (uint32_t t = 0; t < 64; ++t) EXPECT_EQ(v[t], 64u);
}

}  // namespace
}  // namespace warpsim::isa
