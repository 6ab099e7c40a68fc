// Warp-level and CTA-level cooperation: vote, shfl (every mode, clamp/segment mask, validity
// predicate), match, activemask, barriers (sync, named with counts, arrive, red), and tensor
// cores (mma.sync fragments and wmma m16n16k16 against a host GEMM).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <random>

#include "tests/ptx/ptx_test_util.h"

namespace warpsim::isa::ptx_testing {
namespace {

std::string kernel(const std::string& decls, const std::string& body, const std::string& prelude = {}) {
  return module(prelude + ".visible .entry k(.param .u64 k_out, .param .u64 k_in)\n{\n"
                "\t.reg .b64 %out, %in, %oaddr, %iaddr;\n\t.reg .b32 %tid, %lane;\n" + decls +
                "\tld.param.u64 %out, [k_out];\n\tld.param.u64 %in, [k_in];\n"
                "\tmov.u32 %tid, %tid.x;\n\tmov.u32 %lane, %laneid;\n"
                "\tmul.wide.u32 %oaddr, %tid, 4;\n\tadd.s64 %iaddr, %in, %oaddr;\n\tadd.s64 %oaddr, %out, %oaddr;\n" +
                body + "\tret;\n}\n", "sm_80");
}

TEST(PtxWarp, VotesInDivergentCode) {
  std::string ptx = kernel("\t.reg .b32 %r<8>;\n\t.reg .pred %p<6>;\n",
                           "\tsetp.lt.u32 %p1, %lane, 20;\n\t@!%p1 bra $L_skip;\n"   // lanes 0..19 vote
                           "\tand.b32 %r1, %lane, 1;\n\tsetp.eq.u32 %p2, %r1, 0;\n"
                           "\tvote.sync.ballot.b32 %r2, %p2, -1;\n"
                           "\tvote.sync.any.pred %p3, !%p2, -1;\n\tvote.all.pred %p4, %p1;\n"
                           "\tvote.sync.uni.pred %p5, %p2, -1;\n"
                           "\tactivemask.b32 %r3;\n"
                           "\tselp.u32 %r4, 1, 0, %p3;\n\tselp.u32 %r5, 2, 0, %p4;\n\tselp.u32 %r6, 4, 0, %p5;\n"
                           "\tadd.s32 %r4, %r4, %r5;\n\tadd.s32 %r4, %r4, %r6;\n"
                           "\txor.b32 %r2, %r2, %r3;\n\tshl.b32 %r4, %r4, 28;\n\tor.b32 %r2, %r2, %r4;\n"
                           "\tst.global.u32 [%oaddr], %r2;\n$L_skip:\n");
  auto out = run_words(ptx, {}, 64, 64);
  uint32_t active = (1u << 20) - 1, even = 0x55555u;
  for (uint32_t t = 0; t < 64; ++t) {
    if ((t % 32) >= 20) {
      EXPECT_EQ(out[t], 0u);
      continue;
    }
    EXPECT_EQ(out[t], (even ^ active) | (1u | 2u) << 28) << t;
  }
}

uint32_t shfl_ref(const std::vector<uint32_t>& a, unsigned lane, char mode, uint32_t b, uint32_t c, bool& p) {
  uint32_t bval = b & 31, cval = c & 31, seg = (c >> 8) & 31;
  uint32_t max_lane = (lane & seg) | (cval & ~seg), min_lane = lane & seg;
  int64_t j;
  switch (mode) {
    case 'u': j = int64_t(lane) - bval; p = j >= int64_t(max_lane); break;
    case 'd': j = int64_t(lane) + bval; p = j <= int64_t(max_lane); break;
    case 'b': j = lane ^ bval; p = j <= int64_t(max_lane); break;
    default: j = min_lane | (bval & ~seg); p = j <= int64_t(max_lane); break;
  }
  if (!p) j = lane;
  return a[static_cast<size_t>(j)];
}

TEST(PtxWarp, ShuffleEveryModeWithClampAndSegments) {
  std::vector<uint32_t> in(32);
  for (uint32_t i = 0; i < 32; ++i) in[i] = 1000 + i * 7;
  struct Case {
    const char* mode;
    char m;
    uint32_t b, c;
  };
  for (Case cs : {Case{"up", 'u', 3, 0}, Case{"down", 'd', 5, 31}, Case{"bfly", 'b', 4, 31},
                  Case{"idx", 'i', 9, 31}, Case{"down", 'd', 1, 0x1F07}, Case{"idx", 'i', 2, 0x181F},
                  Case{"up", 'u', 1, 0x1C00}, Case{"bfly", 'b', 16, 0x1F0F}}) {
    std::string ptx = kernel("\t.reg .b32 %r<4>;\n\t.reg .pred %p;\n",
                             "\tld.global.u32 %r1, [%iaddr];\n"
                             "\tshfl.sync." + std::string(cs.mode) + ".b32 %r2|%p, %r1, " + std::to_string(cs.b) +
                                 ", " + std::to_string(cs.c) + ", -1;\n"
                                 "\tselp.u32 %r3, 0x80000000, 0, %p;\n\tor.b32 %r2, %r2, %r3;\n"
                                 "\tst.global.u32 [%oaddr], %r2;\n");
    auto out = run_words(ptx, in, 32, 32);
    for (unsigned l = 0; l < 32; ++l) {
      bool p;
      uint32_t v = shfl_ref(in, l, cs.m, cs.b, cs.c, p);
      EXPECT_EQ(out[l], v | (p ? 0x80000000u : 0)) << cs.mode << " b=" << cs.b << " c=" << std::hex << cs.c << " lane " << std::dec << l;
    }
  }
  // Register operands and the pre-sm_70 form without a member mask.
  std::string ptx = kernel("\t.reg .b32 %r<6>;\n",
                           "\tld.global.u32 %r1, [%iaddr];\n\tmov.u32 %r2, 31;\n\tand.b32 %r3, %lane, 3;\n"
                           "\tshfl.bfly.b32 %r4, %r1, %r3, %r2;\n\tst.global.u32 [%oaddr], %r4;\n");
  auto out = run_words(ptx, in, 32, 32);
  for (unsigned l = 0; l < 32; ++l) EXPECT_EQ(out[l], in[l ^ (l & 3)]);
}

TEST(PtxWarp, MatchAnyAndAll) {
  std::vector<uint32_t> in(32);
  for (uint32_t i = 0; i < 32; ++i) in[i] = i % 3;
  std::string ptx = kernel("\t.reg .b32 %r<6>;\n\t.reg .b64 %rd<2>;\n\t.reg .pred %p;\n",
                           "\tld.global.u32 %r1, [%iaddr];\n\tmatch.any.sync.b32 %r2, %r1, -1;\n"
                           "\tcvt.u64.u32 %rd1, %r1;\n\tmatch.any.sync.b64 %r3, %rd1, -1;\n"
                           "\tmatch.all.sync.b32 %r4|%p, 5, -1;\n\tselp.u32 %r5, 1, 0, %p;\n"
                           "\txor.b32 %r2, %r2, %r3;\n\tadd.s32 %r4, %r4, %r5;\n\txor.b32 %r2, %r2, %r4;\n"
                           "\tst.global.u32 [%oaddr], %r2;\n");
  auto out = run_words(ptx, in, 32, 32);
  for (unsigned l = 0; l < 32; ++l) EXPECT_EQ(out[l], 0xFFFFFFFFu + 1u) << l;  // equal masks; all: ~0, p=1
}

TEST(PtxWarp, BarriersSyncNamedArriveAndReduce) {
  // Warps 0-1 produce into shared memory and arrive at barrier 1; warps 2-3 wait on it (64
  // threads arriving + 64 waiting = 128) and consume. Then bar.red over the whole CTA.
  std::string ptx = kernel(
      "\t.shared .align 4 .b8 buf[256];\n\t.reg .b32 %r<10>;\n\t.reg .pred %p<4>;\n",
      "\tsetp.lt.u32 %p1, %tid, 64;\n\tshl.b32 %r1, %tid, 2;\n\tmov.u32 %r2, buf;\n"
      "\t@!%p1 bra $L_consumer;\n"
      "\tadd.s32 %r3, %r2, %r1;\n\tmul.lo.s32 %r4, %tid, 3;\n\tst.shared.u32 [%r3], %r4;\n"
      "\tbar.arrive 1, 128;\n\tbra.uni $L_join;\n"
      "$L_consumer:\n\tbar.sync 1, 128;\n\tsub.s32 %r5, %r1, 256;\n\tadd.s32 %r3, %r2, %r5;\n"
      "\tld.shared.u32 %r4, [%r3];\n\tst.global.u32 [%oaddr], %r4;\n"
      "$L_join:\n"
      "\tand.b32 %r6, %tid, 3;\n\tsetp.eq.u32 %p2, %r6, 0;\n"
      "\tbar.red.popc.u32 %r7, 0, %p2;\n\tbar.red.and.pred %p3, 0, %p1;\n"
      "\tbarrier.sync.aligned 0;\n\tbar.warp.sync -1;\n"
      "\tselp.u32 %r8, 1000, 0, %p3;\n\tadd.s32 %r7, %r7, %r8;\n"
      "\t@%p1 st.global.u32 [%oaddr], %r7;\n");
  auto out = run_words(ptx, {}, 128, 128);
  for (uint32_t t = 0; t < 128; ++t) EXPECT_EQ(out[t], t < 64 ? 32u : (t - 64) * 3) << t;
}

// ---- tensor cores

uint16_t h(float f) {
  // Exact for the small integers and halves the tests use.
  if (f == 0) return 0;
  uint32_t x = fbits(f);
  uint32_t sign = (x >> 16) & 0x8000, exp = ((x >> 23) & 0xFF) - 127 + 15, mant = (x >> 13) & 0x3FF;
  return static_cast<uint16_t>(sign | exp << 10 | mant);
}

TEST(PtxTensor, MmaSyncFragmentsFollowPtxLayout) {
  // Each lane's fragments come pre-arranged in memory: a0..a3 (f16x2), b0..b1, c0..c3.
  std::mt19937 rng(9);
  std::uniform_int_distribution<int> u(-4, 4);
  float A[16][16], B[16][8], C[16][8];
  for (auto& r : A) for (float& v : r) v = static_cast<float>(u(rng)) * 0.5f;
  for (auto& r : B) for (float& v : r) v = static_cast<float>(u(rng));
  for (auto& r : C) for (float& v : r) v = static_cast<float>(u(rng)) * 0.25f;
  std::vector<uint32_t> in(32 * 12);
  for (unsigned lane = 0; lane < 32; ++lane) {
    unsigned g = lane >> 2, t = lane & 3;
    uint32_t* w = &in[lane * 12];
    for (unsigned i = 0; i < 8; ++i) {
      unsigned row = g + ((i & 2) ? 8 : 0), col = 2 * t + (i & 1) + ((i & 4) ? 8 : 0);
      w[i / 2] |= static_cast<uint32_t>(h(A[row][col])) << (16 * (i & 1));
    }
    for (unsigned i = 0; i < 4; ++i) {
      unsigned row = 2 * t + (i & 1) + ((i & 2) ? 8 : 0);
      w[4 + i / 2] |= static_cast<uint32_t>(h(B[row][g])) << (16 * (i & 1));
    }
    for (unsigned i = 0; i < 4; ++i) w[8 + i] = fbits(C[g + ((i & 2) ? 8 : 0)][2 * t + (i & 1)]);
  }
  std::string ptx = kernel(
      "\t.reg .b32 %a<4>, %b<2>;\n\t.reg .f32 %c<4>, %d<4>;\n\t.reg .b64 %p<2>;\n",
      "\tmul.wide.u32 %p0, %lane, 48;\n\tadd.s64 %p1, %in, %p0;\n"
      "\tld.global.v4.u32 {%a0, %a1, %a2, %a3}, [%p1];\n\tld.global.v2.u32 {%b0, %b1}, [%p1+16];\n"
      "\tld.global.v4.f32 {%c0, %c1, %c2, %c3}, [%p1+32];\n"
      "\tmma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%d0, %d1, %d2, %d3}, {%a0, %a1, %a2, %a3}, "
      "{%b0, %b1}, {%c0, %c1, %c2, %c3};\n"
      "\tmul.wide.u32 %p0, %lane, 16;\n\tadd.s64 %p1, %out, %p0;\n"
      "\tst.global.v4.f32 [%p1], {%d0, %d1, %d2, %d3};\n");
  auto out = run_words(ptx, in, 128, 32);
  for (unsigned lane = 0; lane < 32; ++lane) {
    unsigned g = lane >> 2, t = lane & 3;
    for (unsigned i = 0; i < 4; ++i) {
      unsigned row = g + ((i & 2) ? 8 : 0), col = 2 * t + (i & 1);
      double want = C[row][col];
      for (unsigned k = 0; k < 16; ++k) want += static_cast<double>(A[row][k]) * B[k][col];
      EXPECT_FLOAT_EQ(bitsf(out[lane * 4 + i]), static_cast<float>(want)) << lane << " " << i;
    }
  }
}

// A 16x16x16 WMMA with the given layouts; matrices in global memory with leading dimension 16
// (A, B f16; C, D f32).
void wmma_case(const char* la, const char* lb, const char* lc, const char* ld, const std::string& space) {
  std::mt19937 rng(21);
  std::uniform_int_distribution<int> u(-3, 3);
  float A[16][16], B[16][16], C[16][16];
  for (auto& r : A) for (float& v : r) v = static_cast<float>(u(rng));
  for (auto& r : B) for (float& v : r) v = static_cast<float>(u(rng)) * 0.5f;
  for (auto& r : C) for (float& v : r) v = static_cast<float>(u(rng));
  bool arow = la[0] == 'r', brow = lb[0] == 'r', crow = lc[0] == 'r', drow = ld[0] == 'r';
  // in: A (128 words), B (128 words), C (256 words)
  std::vector<uint32_t> in(512, 0);
  auto put_half = [&](size_t word_base, unsigned idx, float v) {
    in[word_base + idx / 2] |= static_cast<uint32_t>(h(v)) << (16 * (idx & 1));
  };
  for (unsigned r = 0; r < 16; ++r)
    for (unsigned c = 0; c < 16; ++c) {
      put_half(0, arow ? r * 16 + c : c * 16 + r, A[r][c]);
      put_half(128, brow ? r * 16 + c : c * 16 + r, B[r][c]);
      in[256 + (crow ? r * 16 + c : c * 16 + r)] = fbits(C[r][c]);
    }
  std::string sp = space.empty() ? "" : "." + space;
  std::string decl = "\t.reg .b32 %fa<8>, %fb<8>, %st;\n\t.reg .f32 %fc<8>, %fd<8>;\n\t.reg .b64 %pa, %pb, %pc, %pd;\n";
  std::string body =
      "\tadd.s64 %pa, %in, 0;\n\tadd.s64 %pb, %in, 512;\n\tadd.s64 %pc, %in, 1024;\n\tmov.u64 %pd, %out;\n"
      "\tmov.u32 %st, 16;\n";
  if (space == "global")
    body += "\tcvta.to.global.u64 %pa, %pa;\n\tcvta.to.global.u64 %pb, %pb;\n\tcvta.to.global.u64 %pc, %pc;\n"
            "\tcvta.to.global.u64 %pd, %pd;\n";
  auto frag = [](const char* n) {
    std::string s = "{";
    for (int i = 0; i < 8; ++i) s += std::string(i ? ", " : "") + "%" + n + std::to_string(i);
    return s + "}";
  };
  body += std::string("\twmma.load.a.sync.aligned.") + la + ".m16n16k16" + sp + ".f16 " + frag("fa") + ", [%pa], %st;\n";
  body += std::string("\twmma.load.b.sync.aligned.") + lb + ".m16n16k16" + sp + ".f16 " + frag("fb") + ", [%pb], %st;\n";
  body += std::string("\twmma.load.c.sync.aligned.") + lc + ".m16n16k16" + sp + ".f32 " + frag("fc") + ", [%pc], %st;\n";
  body += std::string("\twmma.mma.sync.aligned.") + la + "." + lb + ".m16n16k16.f32.f32 " + frag("fd") + ", " +
          frag("fa") + ", " + frag("fb") + ", " + frag("fc") + ";\n";
  body += std::string("\twmma.store.d.sync.aligned.") + ld + ".m16n16k16" + sp + ".f32 [%pd], " + frag("fd") + ", %st;\n";
  auto out = run_words(kernel(decl, body), in, 256, 32);
  for (unsigned r = 0; r < 16; ++r)
    for (unsigned c = 0; c < 16; ++c) {
      double want = C[r][c];
      for (unsigned k = 0; k < 16; ++k) want += static_cast<double>(A[r][k]) * B[k][c];
      EXPECT_FLOAT_EQ(bitsf(out[drow ? r * 16 + c : c * 16 + r]), static_cast<float>(want))
          << la << lb << lc << ld << " " << r << "," << c;
    }
}

TEST(PtxTensor, WmmaAgainstHostGemm) {
  wmma_case("row", "col", "row", "row", "global");
  wmma_case("col", "row", "col", "col", "global");
  wmma_case("row", "row", "row", "col", "");
  wmma_case("col", "col", "col", "row", "");
}

TEST(PtxTensor, WmmaFromSharedMemory) {
  // Stage A and B in shared memory (what tiled GEMMs do), then wmma.load.shared.
  std::mt19937 rng(4);
  std::uniform_int_distribution<int> u(-2, 2);
  std::vector<uint32_t> in(256, 0);
  float A[16][16], B[16][16];
  for (unsigned r = 0; r < 16; ++r)
    for (unsigned c = 0; c < 16; ++c) {
      A[r][c] = static_cast<float>(u(rng));
      B[r][c] = static_cast<float>(u(rng));
      in[(r * 16 + c) / 2] |= static_cast<uint32_t>(h(A[r][c])) << (16 * (c & 1));
      in[128 + (c * 16 + r) / 2] |= static_cast<uint32_t>(h(B[r][c])) << (16 * (r & 1));
    }
  std::string decl = "\t.shared .align 32 .b8 sa[512];\n\t.shared .align 32 .b8 sb[512];\n"
                     "\t.reg .b32 %fa<8>, %fb<8>, %r<6>;\n\t.reg .f32 %fd<8>;\n\t.reg .b64 %rd<4>;\n\t.reg .pred %p;\n";
  std::string body =
      "\tmov.u32 %r1, sa;\n\tmov.u32 %r2, sb;\n\tshl.b32 %r3, %tid, 4;\n"   // 16 bytes per thread
      "\tmul.wide.u32 %rd1, %tid, 16;\n\tadd.s64 %rd2, %in, %rd1;\n\tld.global.v4.u32 {%r4, %r5, %fa0, %fa1}, [%rd2];\n"
      "\tadd.s32 %r0, %r1, %r3;\n\tst.shared.v4.u32 [%r0], {%r4, %r5, %fa0, %fa1};\n"
      "\tld.global.v4.u32 {%r4, %r5, %fa0, %fa1}, [%rd2+512];\n"
      "\tadd.s32 %r0, %r2, %r3;\n\tst.shared.v4.u32 [%r0], {%r4, %r5, %fa0, %fa1};\n"
      "\tbar.sync 0;\n\tmov.u32 %r3, 16;\n"
      "\twmma.load.a.sync.aligned.row.m16n16k16.shared.f16 {%fa0, %fa1, %fa2, %fa3, %fa4, %fa5, %fa6, %fa7}, [%r1], %r3;\n"
      "\twmma.load.b.sync.aligned.col.m16n16k16.shared.f16 {%fb0, %fb1, %fb2, %fb3, %fb4, %fb5, %fb6, %fb7}, [%r2], %r3;\n"
      "\tmov.f32 %fd0, 0f00000000;\n"
      "\twmma.mma.sync.aligned.row.col.m16n16k16.f32.f32 {%fd0, %fd1, %fd2, %fd3, %fd4, %fd5, %fd6, %fd7}, "
      "{%fa0, %fa1, %fa2, %fa3, %fa4, %fa5, %fa6, %fa7}, {%fb0, %fb1, %fb2, %fb3, %fb4, %fb5, %fb6, %fb7}, "
      "{%fd0, %fd0, %fd0, %fd0, %fd0, %fd0, %fd0, %fd0};\n"
      "\twmma.store.d.sync.aligned.row.m16n16k16.global.f32 [%out], {%fd0, %fd1, %fd2, %fd3, %fd4, %fd5, %fd6, %fd7}, %r3;\n";
  auto out = run_words(kernel(decl, body), in, 256, 32);
  for (unsigned r = 0; r < 16; ++r)
    for (unsigned c = 0; c < 16; ++c) {
      float want = 0;
      for (unsigned k = 0; k < 16; ++k) want += A[r][k] * B[k][c];
      EXPECT_FLOAT_EQ(bitsf(out[r * 16 + c]), want) << r << "," << c;
    }
}

TEST(PtxTensor, LdmatrixEveryShapeAndTranspose) {
  // Four 8x8 b16 matrices in shared memory (128 bytes each, rows of 16 bytes); lane L points at
  // row L%8 of matrix L/8.
  std::vector<uint32_t> in(256);
  for (uint32_t i = 0; i < 256; ++i) in[i] = (2 * i) | (2 * i + 1) << 16;  // element e = e
  for (unsigned n : {1u, 2u, 4u})
    for (bool trans : {false, true}) {
      std::string regs = "{";
      for (unsigned j = 0; j < n; ++j) regs += std::string(j ? ", " : "") + "%m" + std::to_string(j);
      regs += "}";
      std::string body =
          "\tmov.u32 %r1, mats;\n\tshl.b32 %r2, %tid, 2;\n\tadd.s32 %r3, %r1, %r2;\n"
          "\tld.global.u32 %r4, [%iaddr];\n\tst.shared.u32 [%r3], %r4;\n"
          "\tld.global.u32 %r4, [%iaddr+128];\n\tst.shared.u32 [%r3+128], %r4;\n"
          "\tld.global.u32 %r4, [%iaddr+256];\n\tst.shared.u32 [%r3+256], %r4;\n"
          "\tld.global.u32 %r4, [%iaddr+384];\n\tst.shared.u32 [%r3+384], %r4;\n"
          "\tbar.sync 0;\n"
          "\tshl.b32 %r5, %lane, 4;\n\tadd.s32 %r6, %r1, %r5;\n"   // 16 bytes per row
          "\tldmatrix.sync.aligned.m8n8.x" + std::to_string(n) + (trans ? ".trans" : "") +
          ".shared.b16 " + regs + ", [%r6];\n";
      for (unsigned j = 0; j < n; ++j)
        body += "\tst.global.u32 [%oaddr+" + std::to_string(128 * j) + "], %m" + std::to_string(j) + ";\n";
      std::string ptx = kernel("\t.shared .align 16 .b8 mats[512];\n\t.reg .b32 %r<8>, %m<4>;\n", body);
      auto out = run_words(ptx, in, 32 * 4, 32);
      for (unsigned lane = 0; lane < 32; ++lane)
        for (unsigned j = 0; j < n; ++j) {
          auto elem = [&](unsigned row, unsigned col) { return 64 * j + 8 * row + col; };
          uint32_t lo, hi;
          if (!trans) {
            lo = elem(lane / 4, 2 * (lane % 4));
            hi = elem(lane / 4, 2 * (lane % 4) + 1);
          } else {
            lo = elem(2 * (lane % 4), lane / 4);
            hi = elem(2 * (lane % 4) + 1, lane / 4);
          }
          EXPECT_EQ(out[32 * j + lane], lo | hi << 16) << "x" << n << (trans ? " trans" : "") << " lane " << lane << " m" << j;
        }
    }
}

// ---- mma.sync variants beyond f16 -> f32: bf16, tf32, s8/u8 (with .satfinite), f16 accumulators.
// Matrices hold small integers (exact in every type, sums exact in any order), so the expected
// D is a plain host GEMM; the fragments are placed with the PTX ISA's formulas per type.

struct MmaCase {
  std::string variant;           // after "mma.sync.aligned."
  unsigned K, bits, na, nb, nc;  // element bits of A/B; registers of A, B and C/D
  bool half_acc, int_acc;
  // PTX fragment maps (element i of this lane's A / B fragment).
  std::function<std::pair<unsigned, unsigned>(unsigned, unsigned, unsigned)> a, b;
};

std::pair<unsigned, unsigned> a16(unsigned g, unsigned t, unsigned i) {  // f16/bf16 m16n8k16
  return {(i < 2 || (i >= 4 && i < 6)) ? g : g + 8, t * 2 + (i & 1) + (i >= 4 ? 8 : 0)};
}
std::pair<unsigned, unsigned> b16(unsigned g, unsigned t, unsigned i) {
  return {t * 2 + (i & 1) + (i >= 2 ? 8 : 0), g};
}
std::pair<unsigned, unsigned> atf(unsigned g, unsigned t, unsigned i) {  // tf32 m16n8k8
  return {(i == 0 || i == 2) ? g : g + 8, i < 2 ? t : t + 4};
}
std::pair<unsigned, unsigned> btf(unsigned g, unsigned t, unsigned i) {
  return {i == 0 ? t : t + 4, g};
}
std::pair<unsigned, unsigned> a8(unsigned g, unsigned t, unsigned i) {  // s8/u8 m16n8k32
  return {(i < 4 || (i >= 8 && i < 12)) ? g : g + 8, t * 4 + (i & 3) + (i >= 8 ? 16 : 0)};
}
std::pair<unsigned, unsigned> b8(unsigned g, unsigned t, unsigned i) {
  return {t * 4 + (i & 3) + (i >= 4 ? 16 : 0), g};
}

// A (16xK), B (Kx8) element bit patterns and C (16x8, 32-bit or f16 bits) in; D (16x8) out.
std::vector<uint32_t> run_ptx_mma(const MmaCase& m, const std::vector<uint32_t>& A,
                                  const std::vector<uint32_t>& B, const std::vector<uint32_t>& C,
                                  std::string* chip = nullptr) {
  unsigned per = 32 / m.bits;
  uint32_t emask = m.bits == 32 ? ~0u : (1u << m.bits) - 1;
  std::vector<uint32_t> in(32 * 12, 0);
  for (unsigned lane = 0; lane < 32; ++lane) {
    unsigned g = lane >> 2, t = lane & 3;
    uint32_t* w = &in[lane * 12];
    for (unsigned i = 0; i < m.na * per; ++i) {
      auto [r, c] = m.a(g, t, i);
      w[i / per] |= (A[r * m.K + c] & emask) << (m.bits * (i % per));
    }
    for (unsigned i = 0; i < m.nb * per; ++i) {
      auto [r, c] = m.b(g, t, i);
      w[4 + i / per] |= (B[r * 8 + c] & emask) << (m.bits * (i % per));
    }
    for (unsigned i = 0; i < 4; ++i) {
      uint32_t v = C[(g + (i >= 2 ? 8 : 0)) * 8 + 2 * t + (i & 1)];
      if (m.half_acc)
        w[8 + i / 2] |= (v & 0xFFFF) << (16 * (i & 1));
      else
        w[8 + i] = v;
    }
  }
  auto regs = [](const char* n, unsigned k) {
    std::string s = "{";
    for (unsigned i = 0; i < k; ++i) s += std::string(i ? ", " : "") + "%" + n + std::to_string(i);
    return s + "}";
  };
  auto vec = [](unsigned k) { return k == 4 ? ".v4" : k == 2 ? ".v2" : ""; };
  std::string acc = m.half_acc || m.int_acc ? ".b32" : ".f32";
  std::string decl =
      "\t.reg .b32 %a<4>, %b<2>;\n\t.reg " + acc + " %c<4>, %d<4>;\n\t.reg .b64 %p<2>;\n";
  auto one = [](unsigned k, const std::string& r) {
    return k == 1 ? "%" + r + "0" : std::string();
  };
  std::string body = "\tmul.wide.u32 %p0, %lane, 48;\n\tadd.s64 %p1, %in, %p0;\n";
  body += std::string("\tld.global") + vec(m.na) + ".u32 " +
          (m.na == 1 ? one(1, "a") : regs("a", m.na)) + ", [%p1];\n";
  body += std::string("\tld.global") + vec(m.nb) + ".u32 " +
          (m.nb == 1 ? one(1, "b") : regs("b", m.nb)) + ", [%p1+16];\n";
  body += std::string("\tld.global") + vec(m.nc) + ".u32 " + regs("c", m.nc) + ", [%p1+32];\n";
  body += "\tmma.sync.aligned." + m.variant + " " + regs("d", m.nc) + ", " + regs("a", m.na) +
          ", " + regs("b", m.nb) + ", " + regs("c", m.nc) + ";\n";
  body += "\tmul.wide.u32 %p0, %lane, 16;\n\tadd.s64 %p1, %out, %p0;\n";
  body += std::string("\tst.global") + vec(m.nc) + ".u32 [%p1], " + regs("d", m.nc) + ";\n";
  std::string ptx = kernel(decl, body);
  if (chip) *chip = translate_ptx_to_assembly(ptx, "mma.ptx");
  auto out = run_words(ptx, in, 128, 32);
  std::vector<uint32_t> D(128);
  for (unsigned lane = 0; lane < 32; ++lane) {
    unsigned g = lane >> 2, t = lane & 3;
    for (unsigned i = 0; i < 4; ++i) {
      uint32_t v =
          m.half_acc ? (out[lane * 4 + i / 2] >> (16 * (i & 1))) & 0xFFFF : out[lane * 4 + i];
      D[(g + (i >= 2 ? 8 : 0)) * 8 + 2 * t + (i & 1)] = v;
    }
  }
  return D;
}

TEST(PtxTensor, MmaBf16Tf32AndF16AccumulatorsAgainstHostGemm) {
  std::mt19937 rng(31);
  std::uniform_int_distribution<int> u(-4, 4);
  const MmaCase bf16{"m16n8k16.row.col.f32.bf16.bf16.f32", 16, 16, 4, 2, 4, false, false, a16, b16};
  const MmaCase tf32{"m16n8k8.row.col.f32.tf32.tf32.f32", 8, 32, 4, 2, 4, false, false, atf, btf};
  const MmaCase f16{"m16n8k16.row.col.f16.f16.f16.f16", 16, 16, 4, 2, 2, true, false, a16, b16};
  for (const MmaCase* m : {&bf16, &tf32, &f16}) {
    std::vector<float> A(16 * m->K), B(m->K * 8), C(128);
    for (float& v : A) v = static_cast<float>(u(rng));
    for (float& v : B) v = static_cast<float>(u(rng)) * 0.5f;
    for (float& v : C) v = static_cast<float>(u(rng));
    auto enc = [&](float v) -> uint32_t {
      if (m == &bf16) return fbits(v) >> 16;
      if (m == &tf32) return fbits(v) | (rng() & 0x1FFF);  // the ignored low bits
      return h(v);
    };
    std::vector<uint32_t> a, b, c;
    for (float v : A) a.push_back(enc(v));
    for (float v : B) b.push_back(enc(v));
    for (float v : C) c.push_back(m == &f16 ? h(v) : fbits(v));
    std::string chip;
    auto D = run_ptx_mma(*m, a, b, c, &chip);
    const char* want_op = m == &bf16   ? "HMMA.16816.F32.BF16"
                          : m == &tf32 ? "HMMA.1688.F32.TF32"
                                       : "HMMA.16816.F16.F16";
    EXPECT_NE(chip.find(want_op), std::string::npos) << chip;
    for (unsigned r = 0; r < 16; ++r)
      for (unsigned col = 0; col < 8; ++col) {
        double want = C[r * 8 + col];
        for (unsigned k = 0; k < m->K; ++k) want += double(A[r * m->K + k]) * B[k * 8 + col];
        uint32_t expect = m == &f16 ? h(static_cast<float>(want)) : fbits(static_cast<float>(want));
        EXPECT_EQ(D[r * 8 + col], expect) << m->variant << " D[" << r << "][" << col << "]";
      }
  }
}

TEST(PtxTensor, MmaInt8AllSignednessWithAndWithoutSatfinite) {
  std::mt19937 rng(32);
  const char* types[] = {"s8.s8", "s8.u8", "u8.s8", "u8.u8"};
  const char* chips[] = {"IMMA.16832.S32.S8.S8", "IMMA.16832.S32.S8.U8", "IMMA.16832.S32.U8.S8",
                         "IMMA.16832.S32.U8.U8"};
  for (unsigned v = 0; v < 4; ++v)
    for (bool sat : {false, true}) {
      MmaCase m{
          std::string("m16n8k32.row.col") + (sat ? ".satfinite" : "") + ".s32." + types[v] + ".s32",
          32,
          8,
          4,
          2,
          4,
          false,
          true,
          a8,
          b8};
      std::vector<uint32_t> A(512), B(256), C(128);
      for (auto& x : A) x = rng() & 0xFF;
      for (auto& x : B) x = rng() & 0xFF;
      for (auto& x : C) x = rng() % 2001 - 1000;
      for (unsigned k = 0; k < 32; ++k)
        A[k] = 0x7F, B[k * 8] = 0x7F, A[32 + k] = 0x80, B[k * 8 + 1] = 0x7F;
      C[0] = static_cast<uint32_t>(INT32_MAX - 5);  // row 0 x column 0 overflows (+516128)
      C[9] = static_cast<uint32_t>(INT32_MIN + 5);  // row 1 x column 1 underflows (s8 A)
      std::string chip;
      auto D = run_ptx_mma(m, A, B, C, &chip);
      EXPECT_NE(chip.find(std::string(chips[v]) + (sat ? ".SAT " : " ")), std::string::npos)
          << chip;
      bool as = !(v & 2), bs = !(v & 1);
      for (unsigned r = 0; r < 16; ++r)
        for (unsigned c = 0; c < 8; ++c) {
          int64_t acc = static_cast<int32_t>(C[r * 8 + c]);
          for (unsigned k = 0; k < 32; ++k) {
            int64_t x = as ? int8_t(A[r * 32 + k]) : int64_t(A[r * 32 + k]);
            int64_t y = bs ? int8_t(B[k * 8 + c]) : int64_t(B[k * 8 + c]);
            acc += x * y;
          }
          if (sat) acc = std::clamp<int64_t>(acc, INT32_MIN, INT32_MAX);
          EXPECT_EQ(D[r * 8 + c], static_cast<uint32_t>(acc))
              << m.variant << " D[" << r << "][" << c << "]";
        }
    }
}

TEST(PtxTensor, UnsupportedMmaVariantsAreRefusedWithTheirLine) {
  auto mma = [](const std::string& variant, unsigned na, unsigned nb, unsigned nc) {
    auto regs = [](const char* n, unsigned k) {
      std::string s = "{";
      for (unsigned i = 0; i < k; ++i)
        s += std::string(i ? ", " : "") + "%" + n + std::to_string(i);
      return s + "}";
    };
    return kernel("\t.reg .b32 %a<4>, %b<4>, %c<4>, %d<4>;\n",
                  "\tmma.sync.aligned." + variant + " " + regs("d", nc) + ", " + regs("a", na) +
                      ", " + regs("b", nb) + ", " + regs("c", nc) + ";\n");
  };
  const std::pair<std::string, std::array<unsigned, 3>> bad[] = {
      {"m16n8k16.row.col.s32.s8.s8.s32", {2, 1, 4}},                // integer k16: no chip form
      {"m16n8k8.row.col.f16.f16.f16.f16", {2, 1, 2}},               // f16 accumulators only for k16
      {"m16n8k16.row.col.f32.f16.f16.f16", {4, 2, 2}},              // mixed C/D types
      {"m16n8k16.row.col.satfinite.f32.bf16.bf16.f32", {4, 2, 4}},  // .satfinite is integer-only
      {"m16n8k32.row.col.s32.s8.s8.s32", {2, 1, 4}},                // wrong fragment sizes
      {"m16n8k4.row.col.f32.tf32.tf32.f32", {2, 1, 4}},
  };
  for (const auto& [variant, n] : bad) {
    std::string ptx = mma(variant, n[0], n[1], n[2]), msg;
    int line =
        1 + static_cast<int>(std::count(ptx.begin(), ptx.begin() + ptx.find("mma.sync"), '\n'));
    EXPECT_EQ(error_line(ptx, &msg), line) << variant << ": " << msg;
    EXPECT_NE(msg.find("mma.sync.aligned." + variant), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace warpsim::isa::ptx_testing
