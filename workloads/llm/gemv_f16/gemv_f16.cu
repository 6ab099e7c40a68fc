// Decode GEMV, the shape of every linear layer at batch 1: y[n] = sum_k W[n][k] x[k], W (N x K,
// row-major) and x in f16, f32 accumulation and output. Memory bound: each weight is used once.
//
// A persistent grid (sized to the chip, not to N): warp w of the grid's `warps` takes rows w,
// w + warps, w + 2 warps, ... (so the rows in flight at any time are a contiguous stretch of W).
// Lane l reads the 16-byte chunks (8 halves) l, l + 32, ... of a row; a warp reads its rows in
// groups of kLoads chunks per lane (kLoads x 512 bytes), and keeps two groups in flight: the loads
// of the group after next are issued as soon as a group's registers are consumed, across row
// boundaries (register double buffering, two sets, no copies). Each lane accumulates its chunks'
// 8 products with fma.rn in chunk order, the warp sums its lanes with a __shfl_xor_sync
// butterfly, and lane 0 writes y[n]: the arithmetic, and so reference.py, is that of a warp per
// row. x is copied to shared memory once per block (the launch's dynamic shared memory holds it:
// 2 x K bytes); its loads go out before W's first loads, its stores after them.
// K a multiple of 256 (a warp's pass over a row reads 512 bytes), blockDim.x a multiple of 32.
//
// Bandwidth (manifest_large.yaml, v100; DRAM GB/s from the counters, against the 849 GB/s read
// stream of calibrate.sh):
// - a warp per row (4096 warps in 512 blocks, every block resident at once after the CTA
//   dispatcher fix), one 16-byte load per lane in flight: 52,592 cycles, 722.4 GB/s (85 %). The
//   4,096 rows in flight span all 32 MB of W (one DRAM row in every bank of every channel is
//   32 x 16 x 2 KB = 1 MB), so 23 % of the reads opened a row (row hits 77 %);
// - this kernel, 160 blocks of 2 warps (2 per SM): the 320 rows in flight are a 2.5 MB stretch
//   of W, and 95 % of the reads hit an open row; the data buses are busy 98-99 % of the time from
//   ~1,000 cycles after the start until the last rows: 48,382 cycles, 785.5 GB/s (92.5 %).
//   Variants measured on the way (cycles / GB/s): 80 blocks of 4 warps 50,625 / 750.7 (the
//   warps of SMs 64-79 have 12 rows, the others 13); 160 blocks of 4 warps 49,875 / 761.9;
//   kLoads = 4 48,702 / 780.4; rows handed out by an atomic counter instead of statically
//   49,110 / 773.9; a warp that waits for its whole row (16 loads per lane) before loading the
//   next, 80 blocks of 4 warps, 52,448 / 724.6; x copied to shared memory before W's first loads
//   instead of beside them: the first ~4,000 cycles read nothing (x's loads queued behind the
//   2.5 MB of W's first loads).
#include <cuda_fp16.h>

#include "../common/half8.cuh"

namespace {

// 16-byte loads of W per lane in a group: 4 KB per warp, two groups in flight (8 KB).
constexpr unsigned kLoads = 8;
// x's 16-byte chunks per thread loaded before W's first loads (the rest, if any, after).
constexpr unsigned kXLoads = 8;

// W is read once: ld.global.cg caches it in L2 only.
__device__ __forceinline__ Half8 load8_stream(const __half* p) {
  const uint4 v = __ldcg(reinterpret_cast<const uint4*>(p));
  return *reinterpret_cast<const Half8*>(&v);
}

__device__ __forceinline__ void fma8(float& acc, const Half8& w, const Half8& v) {
#pragma unroll
  for (int i = 0; i < 4; ++i) {
    const float2 a = __half22float2(w.h[i]);
    const float2 b = __half22float2(v.h[i]);
    acc = __fmaf_rn(a.x, b.x, acc);
    acc = __fmaf_rn(a.y, b.y, acc);
  }
}

}  // namespace

extern "C" __global__ void gemv_f16(const __half* __restrict__ W, const __half* __restrict__ x, float* __restrict__ y,
                                    unsigned N, unsigned K) {
  extern __shared__ __align__(16) __half xs[];  // x (K halves)
  const unsigned lane = threadIdx.x % 32;
  const unsigned warps = gridDim.x * (blockDim.x / 32);
  // A group: row n, this lane's chunks c, c + 256, ... (c + 256 u < K, u < kLoads).
  struct Group {
    unsigned n, c;
  };
  auto next = [&](Group g) {
    g.c += 256 * kLoads;
    if (g.c >= K) {
      g.c = lane * 8;
      g.n += warps;
    }
    return g;
  };
  auto load = [&](Half8(&w)[kLoads], Group g) {
    const __half* p = W + (size_t)g.n * K + g.c;
#pragma unroll
    for (unsigned u = 0; u < kLoads; ++u)
      if (g.c + 256 * u < K) w[u] = load8_stream(p + 256 * u);
  };

  Group cur = {blockIdx.x * (blockDim.x / 32) + threadIdx.x / 32, lane * 8};
  Group ahead = next(cur);
  Half8 wa[kLoads], wb[kLoads];
  const unsigned xstep = blockDim.x * 8;
  uint4 xv[kXLoads];
#pragma unroll
  for (unsigned u = 0; u < kXLoads; ++u)
    if (threadIdx.x * 8 + xstep * u < K) xv[u] = *reinterpret_cast<const uint4*>(x + threadIdx.x * 8 + xstep * u);
  if (cur.n < N) load(wa, cur);
  if (ahead.n < N) load(wb, ahead);
#pragma unroll
  for (unsigned u = 0; u < kXLoads; ++u)
    if (threadIdx.x * 8 + xstep * u < K) *reinterpret_cast<uint4*>(xs + threadIdx.x * 8 + xstep * u) = xv[u];
  for (unsigned c = threadIdx.x * 8 + xstep * kXLoads; c < K; c += xstep)
    *reinterpret_cast<uint4*>(xs + c) = *reinterpret_cast<const uint4*>(x + c);
  __syncthreads();

  float acc = 0.0f;
  // Multiply group `cur` (in w), reuse w for the group after `ahead`; finish the row at its end.
  auto consume = [&](Half8(&w)[kLoads]) {
#pragma unroll
    for (unsigned u = 0; u < kLoads; ++u)
      if (cur.c + 256 * u < K) fma8(acc, w[u], load8(xs + cur.c + 256 * u));
    const Group after = next(ahead);
    if (after.n < N) load(w, after);
    if (ahead.n != cur.n) {
      for (int o = 16; o > 0; o >>= 1) acc += __shfl_xor_sync(0xffffffffu, acc, o);
      if (lane == 0) y[cur.n] = acc;
      acc = 0.0f;
    }
    cur = ahead;
    ahead = after;
  };
  while (cur.n < N) {
    consume(wa);
    if (cur.n >= N) break;
    consume(wb);
  }
}
