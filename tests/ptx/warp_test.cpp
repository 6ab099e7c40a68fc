// Warp-level and CTA-level cooperation: vote, shfl (every mode, clamp/segment mask, validity
// predicate), match, activemask, barriers (sync, named with counts, arrive, red), and tensor
// cores (mma.sync fragments and wmma m16n16k16 against a host GEMM).
#include <gtest/gtest.h>

#include <cmath>
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

}  // namespace
}  // namespace warpsim::isa::ptx_testing
