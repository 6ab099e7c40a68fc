// gen_ptx: -arch=sm_80
// C = A B on the tensor cores, A and B in f16, C in f32, with shared-memory tiles filled by
// asynchronous copies (cp.async) in a 4-stage pipeline, as large-model GEMMs do (CUTLASS's
// multistage): while the warps multiply one K tile, the next ones stream into the other stages.
//
// Developed on a 512 x 1024 x 1024 prefill projection on 80 SMs (manifest_large.yaml's shape
// then); v100 figures of each step (cycles; tensor FMA/clk/SM against tensor_tput's 471):
// - first version: a block of 4 warps per 32 x 32 of C, WMMA 16 x 16 per warp, B fragments
//   gathered by 2-byte shared loads with 4-way bank conflicts: 24 loads per 2 mmas, the tensor
//   pipe busy 15 % of the time (90,707 cycles; 74);
// - a warp computes 64 x 32 of C (2 x 8 mma.m16n8k16 tiles): each fragment of B serves 8 mmas and
//   each of A 2, 16 shared loads per 32 mmas; a block of 4 warps 128 x 64 (64 blocks). The bytes
//   copied from L2 per multiply-add fall with the block's tile (A is re-read by every column of
//   blocks, B by every row): 25 MB for this GEMM, against 32 MB with 64 x 64 tiles, whose ~1.8
//   KB/clk is v100's whole L2 bandwidth. 128 x 128 tiles (17 MB) are only 32: split in K over 64
//   SMs they cost more in the partial sums' round trip (~2k cycles at an SM's 32 B/clk) than they
//   save;
// - addresses computed once, fragments double-buffered in registers without copies, the next
//   tile's fragment loads and copies spread between the mmas (see `multiply`), K order staggered
//   (see `first`): 21,953 cycles, 306 FMA/clk/SM (65 %). The tensor pipes of the 64 busy SMs are
//   95 % busy from the first tile to the last; the rest is the start (~2,500 cycles: 64 x 48 KB of
//   first tiles from DRAM through each SM's 32 B/clk port) and the 16 SMs without a tile (64
//   tiles of 32 x 32-per-warp work cannot fill 80 SMs: at most 80 % of the chip's tensor rate).
// At model scale (manifest_large.yaml now: 512 x 4096 x 4096, the attention output projection of
// Llama-7B, 256 tiles): 299,561 cycles, 358 FMA/clk/SM (76 %). An SM with two tiles resident keeps
// its tensor pipes ~97 % busy; what is left is the tiles' quantisation over 80 SMs (3.2 tiles per
// SM on average, 4 on the 40 busiest, which set the time).
//
// The mma computes the warp's tile transposed, C^T = B^T A^T (m16n8k16: 16 rows of n, 8 columns
// of m), so that its operands are what the loads deliver whole:
// - k order (common/mma.cuh): a sum over k does not care in which order k is enumerated, so lane
//   t's positions {2t, 2t+1, 2t+8, 2t+9} of k step s (s = 0, 1 in a K tile of 32) are physical
//   k = 8t + 4s + {0, 1, 2, 3};
// - the mma's B operand (a k pair of one column) is then a pair of words of row-major A: one
//   16-byte load of A row m gives the (b0, b1) pairs of both k steps, which the PTX front end
//   keeps in place (a pair inside the load's quad) instead of copying;
// - the mma's A operand is B^T: a k pair of one n, not contiguous in row-major B. A lane loads 4
//   consecutive n of one k row (8 bytes, 4 n at 4g) for its 8 rows 8t .. 8t + 7 and pairs rows
//   k, k + 1 with byte permutes (PRMT), each result written straight into its fragment. The
//   order of n inside a 16-row mma tile is free too (C is stored with the same map): mma tile i's
//   rows g and g + 8 are physical n = 4g + 2i and 4g + 2i + 1.
// B's shared rows are 128 bytes; the 16-byte chunk c of row k lives at chunk c ^ 2((k / 8) % 4)
// (an XOR swizzle, written by cp.async and undone by the loads), so the lanes of a phase of
// 8-byte loads (rows 8t + r, n at 4g) fall in distinct banks.
//
// M a multiple of 128, N of 64, K of 32 and at least 128 (kStages tiles).
#include <cuda_fp16.h>

#include "../common/mma.cuh"

namespace {

constexpr int kWarpM = 64, kMJ = kWarpM / 8;  // the warp's rows of C, as kMJ mma tiles of 8 (m)
constexpr int kWarpsM = 2, kWarpsN = 2, kThreads = 32 * kWarpsM * kWarpsN;
constexpr int kBM = kWarpM * kWarpsM, kBN = 32 * kWarpsN, kBK = 32, kStages = 4;
// A's 64-byte shared rows: a quarter warp's 16-byte loads (rows g, g + 1, chunks t) fall in distinct banks.
constexpr int kAStride = kBK;

__device__ __forceinline__ int swizzle_chunk(int chunk, int k) { return chunk ^ (2 * ((k >> 3) & 3)); }

// Shared-memory accesses by 32-bit shared address (computed once, offset per use).
__device__ __forceinline__ void cp_async16_to(unsigned shared_dst, const void* global_src) {
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16;\n" ::"r"(shared_dst), "l"(global_src));
}

__device__ __forceinline__ uint4 ld_shared16(unsigned addr) {
  uint4 v;
  asm volatile("ld.shared.v4.u32 {%0, %1, %2, %3}, [%4];\n" : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w) : "r"(addr));
  return v;
}

__device__ __forceinline__ uint2 ld_shared8(unsigned addr) {
  uint2 v;
  asm volatile("ld.shared.v2.u32 {%0, %1}, [%2];\n" : "=r"(v.x), "=r"(v.y) : "r"(addr));
  return v;
}

}  // namespace

extern "C" __global__ void __launch_bounds__(kThreads)
    gemm_async(const half* A, const half* B, float* C, int M, int N, int K) {
  __shared__ __align__(16) half As[kStages][kBM][kAStride];
  __shared__ __align__(16) half Bs[kStages][kBK][kBN];
  const int tid = threadIdx.x, warp = tid / 32, lane = tid % 32, g = lane / 4, t = lane % 4;
  const int bm = blockIdx.y * kBM, bn = blockIdx.x * kBN;
  const int wm = (warp / kWarpsN) * kWarpM, wn = (warp % kWarpsN) * 32;  // the warp's kWarpM x 32
  (void)M;

  // This thread's 16-byte chunks of a K tile: A kBM x 32 (4 chunks per row), B 32 x kBN (kBN / 8
  // per row). Their global addresses are computed once and advance by one tile per fetch (32
  // columns of A, 32 rows of B); their shared offsets are fixed within a stage. Address arithmetic
  // recomputed per copy (64-bit multiplies and adds) made the integer pipe, not the tensor pipe,
  // the longest phase of an iteration.
  // Staggered K order: this block's i-th K tile is (first + i) mod tiles. The blocks of a row of
  // C read the same A tiles, those of a column the same B tiles; taken in the same order, all of
  // them ask the same L2 slice for the same lines at the same time (v100: two slices saturated,
  // most at 0.2 accesses per cycle, the SMs' requests queued in the crossbar; 26 % more cycles).
  // Eight starting points, by column of blocks: on the 512 x 1024 x 1024 shape this was measured
  // on (16 x 4 blocks), at most two blocks of a row and the blocks of a column (4) share a tile at
  // a time, and the first tiles (every one a DRAM miss) are 8 distinct ones, not 64. (Sixteen or
  // two starting points: 2 % and 17 % more cycles.) The sum's order changes, not its terms.
  const int tiles = K / kBK;
  const int first = (blockIdx.x % 8) * (tiles / 8);
  int tile_next = first;  // the tile the next fetch copies
  // How many tiles the copy pointers advance after a fetch.
  auto advance = [&]() {
    const int after = tile_next + 1 == tiles ? 0 : tile_next + 1;
    const int adv = after - tile_next;
    tile_next = after;
    return adv;
  };
  constexpr int kAChunks = kBM * kBK / 8 / kThreads, kBChunks = kBK * kBN / 8 / kThreads;
  const half* a_src[kAChunks];
  const half* b_src[kBChunks];
  unsigned a_dst[kAChunks], b_dst[kBChunks];
#pragma unroll
  for (int i = 0; i < kAChunks; ++i) {
    const int chunk = tid + kThreads * i, row = chunk / 4, col = (chunk % 4) * 8;
    a_src[i] = A + (size_t)(bm + row) * K + first * kBK + col;
    a_dst[i] = shared_address(&As[0][row][col]);
  }
#pragma unroll
  for (int i = 0; i < kBChunks; ++i) {
    const int chunk = tid + kThreads * i, row = chunk / (kBN / 8), c = chunk % (kBN / 8);
    b_src[i] = B + (size_t)(first * kBK + row) * N + bn + c * 8;
    b_dst[i] = shared_address(&Bs[0][row][swizzle_chunk(c, row) * 8]);
  }
  const size_t b_step = (size_t)kBK * N;
  constexpr unsigned kAStage = sizeof(As[0]), kBStage = sizeof(Bs[0]);
  // Copy c (0 .. kAChunks + kBChunks - 1) of the next tile into `stage`, then move its source
  // `adv` tiles on.
  auto fetch_one = [&](int stage, int c, int adv) {
    if (c < kAChunks) {
      cp_async16_to(a_dst[c] + stage * kAStage, a_src[c]);
      a_src[c] += adv * kBK;
    } else {
      const int i = c - kAChunks;
      cp_async16_to(b_dst[i] + stage * kBStage, b_src[i]);
      b_src[i] += (ptrdiff_t)adv * (ptrdiff_t)b_step;
    }
  };
  auto fetch = [&](int stage) {
    const int adv = advance();
#pragma unroll
    for (int c = 0; c < kAChunks + kBChunks; ++c) fetch_one(stage, c, adv);
  };

  float acc[2][kMJ][4];
#pragma unroll
  for (int i = 0; i < 2; ++i)
#pragma unroll
    for (int j = 0; j < kMJ; ++j) acc[i][j][0] = acc[i][j][1] = acc[i][j][2] = acc[i][j][3] = 0.0f;

  // This lane's B columns: 4 n at 4g of the warp's 32, i.e. chunk (wn + 4g) / 8, half (g % 2);
  // its rows 8t .. 8t + 7 all have the swizzle 2t.
  const unsigned a_frag = shared_address(&As[0][wm + g][8 * t]);
  const unsigned b_frag = shared_address(&Bs[0][8 * t][swizzle_chunk((wn + 4 * g) / 8, 8 * t) * 8 + (g % 2) * 4]);
  // A K tile's fragments in registers: the mma's B operands from A rows wm + 8j + g, k 8t .. 8t + 7
  // (.x .y step 0, .z .w step 1); B rows 8t .. 8t + 7 (row 8t + 4s + q holds lane t's k position
  // q of step s), n 4g .. 4g + 3.
  struct Frags {
    uint4 am[kMJ];
    uint2 brow[8];
  };
  // Fragment load q of a tile: kMJ 16-byte loads of A, then 8 8-byte loads of B rows.
  constexpr int kLoads = kMJ + 8;
  auto load_one = [&](int s, Frags& f, int q) {
    if (q < kMJ)
      f.am[q] = ld_shared16(a_frag + s * kAStage + q * 8 * kAStride * 2);
    else
      f.brow[q - kMJ] = ld_shared8(b_frag + s * kBStage + (q - kMJ) * kBN * 2);
  };
  auto load = [&](int s, Frags& f) {
#pragma unroll
    for (int q = 0; q < kLoads; ++q) load_one(s, f, q);
  };
  // The tile's 2 x 2 x kMJ mmas; between(h) runs after mma h. Every mma is a scheduling fence
  // of the PTX front end (and the core issues in order), so what `between` issues stays spread
  // over the mmas: the next tile's fragment loads and copies. Issued in a block after the
  // barrier, all 8 warps' loads queued on the SM's shared-memory port at once (384 of the
  // iteration's 1,088 tensor cycles) and the mmas behind them waited: the tensor pipe ran at a
  // third of its rate for ~400 cycles of every iteration.
  auto multiply = [&](const Frags& f, auto&& between) {
#pragma unroll
    for (int step = 0; step < 2; ++step) {
#pragma unroll
      for (int i = 0; i < 2; ++i) {
        // Rows n = 4g + 2i (a0, a2) and 4g + 2i + 1 (a1, a3); k rows 4 step + {0, 1} (a0, a1), + {2, 3} (a2, a3).
        const uint2 k0 = f.brow[4 * step], k1 = f.brow[4 * step + 1];
        const uint2 k2 = f.brow[4 * step + 2], k3 = f.brow[4 * step + 3];
        const unsigned w01 = i ? k0.y : k0.x, w11 = i ? k1.y : k1.x, w23 = i ? k2.y : k2.x, w33 = i ? k3.y : k3.x;
        const unsigned a0 = __byte_perm(w01, w11, 0x5410), a1 = __byte_perm(w01, w11, 0x7632);
        const unsigned a2 = __byte_perm(w23, w33, 0x5410), a3 = __byte_perm(w23, w33, 0x7632);
#pragma unroll
        for (int j = 0; j < kMJ; ++j) {
          const unsigned b0 = step ? f.am[j].z : f.am[j].x, b1 = step ? f.am[j].w : f.am[j].y;
          mma_16816(acc[i][j], a0, a1, a2, a3, b0, b1);
          between((step * 2 + i) * kMJ + j);
        }
      }
    }
  };
  constexpr int kMmas = 4 * kMJ, kCopies = kAChunks + kBChunks, kCopyEvery = kMmas / kCopies;
  static_assert(kMmas == 2 * kLoads && kCopyEvery >= 2, "the loads and copies spread over the mmas");

  // Pipeline: kStages tiles in shared memory, plus the one being multiplied in registers. While
  // the warps multiply tile kt (fragments loaded during the previous iteration), they load tile
  // kt + 1's fragments and the copies of tile kt + kStages stream into tile kt's stage, free since
  // its fragments were read. So the shared-memory reads of one tile overlap the mmas of the one
  // before: loaded after the barrier and before the mmas (as the first version did), all warps
  // of an SM queued their loads on the shared-memory port at once while the tensor pipes idled.
#pragma unroll
  for (int s = 0; s < kStages; ++s) {
    fetch(s);
    cp_async_commit();
  }
  // Two register sets of fragments, alternating (the loop is unrolled by two so that no copy
  // moves one into the other: 32 moves per iteration made the integer pipe half as busy as the
  // tensor pipe).
  Frags f[2];
  cp_async_wait<kStages - 1>();  // tile 0 has landed (this thread's copies)
  __syncthreads();               // ... everyone's
  load(0, f[0]);
  int stage = 0;
  // One iteration: tile kt in `cur`, tile kt + 1's fragments into `nxt`.
  auto steady = [&](const Frags& cur, Frags& nxt) {
    cp_async_wait<kStages - 2>();  // tile kt + 1 has landed
    __syncthreads();               // ... everyone's; everyone has read tile kt's stage
    const int next = stage + 1 == kStages ? 0 : stage + 1;
    const int adv = advance();
    multiply(cur, [&](int h) {
      if (h % 2 == 1) load_one(next, nxt, h / 2);              // tile kt + 1's fragments
      if (h % kCopyEvery == kCopyEvery / 2 && h / kCopyEvery < kCopies)
        fetch_one(stage, h / kCopyEvery, adv);  // tile kt + kStages into tile kt's stage
    });
    cp_async_commit();
    stage = next;
  };
  auto tail = [&](const Frags& cur, Frags& nxt) {  // nothing left to fetch
    cp_async_commit();  // empty: the wait counts stay those of the steady state
    cp_async_wait<kStages - 2>();
    __syncthreads();
    const int next = stage + 1 == kStages ? 0 : stage + 1;
    multiply(cur, [&](int h) {
      if (h % 2 == 1) load_one(next, nxt, h / 2);
    });
    stage = next;
  };
  // The steady state has no branch inside, so the scheduler interleaves the copies' and loads'
  // instructions with the mmas; the last kStages tiles have nothing left to fetch.
  static_assert(kStages == 4, "finish() is written out for 3 tail iterations");
  auto finish = [&](Frags& x, Frags& y) {  // the kStages - 1 tail iterations and the last tile
    tail(x, y);
    tail(y, x);
    tail(x, y);
    multiply(y, [](int) {});
  };
  int kt = 0;
  for (; kt + 1 < tiles - kStages; kt += 2) {
    steady(f[0], f[1]);
    steady(f[1], f[0]);
  }
  if (kt < tiles - kStages) {
    steady(f[0], f[1]);
    finish(f[1], f[0]);
  } else {
    finish(f[0], f[1]);
  }
  cp_async_wait<0>();
  // acc[i][j] = C^T rows n = 4g + 2i (d0, d1), 4g + 2i + 1 (d2, d3), columns m = 8j + 2t (d0, d2),
  // 8j + 2t + 1 (d1, d3): a lane holds n 4g .. 4g + 3 of its rows m, one 16-byte access each.
#pragma unroll
  for (int j = 0; j < kMJ; ++j)
#pragma unroll
    for (int r = 0; r < 2; ++r) {
      float* row = C + (size_t)(bm + wm + 8 * j + 2 * t + r) * N + bn + wn + 4 * g;
      *reinterpret_cast<float4*>(row) = make_float4(acc[0][j][r], acc[0][j][r + 2], acc[1][j][r], acc[1][j][r + 2]);
    }
}
