// Decode GEMV, the shape of every linear layer at batch 1: y[n] = sum_k W[n][k] x[k], W (N x K,
// row-major) and x in f16, f32 accumulation and output. Memory bound: each weight is used once.
// One warp per output row: lane l reads 16-byte chunks (8 halves) l, l + 32, ... of W's row and
// of x (x stays in L1/L2), accumulates the 8 products with fma.rn in order, and the warp sums its
// lanes with a __shfl_xor_sync butterfly; lane 0 writes y[n]. K a multiple of 256 (one pass of
// the warp reads 512 bytes), blockDim.x a multiple of 32 (blockDim.x / 32 rows per block).
//
// Bandwidth (manifest_large.yaml, v100): the first version read W through the L1 and ran blocks
// of 4 warps: 701.7 GB/s. W's stream evicted x from the L1 (32 KB beside the 96 KB shared
// carve-out), so x loads went to L2 and took half the SM's 64 accesses in flight
// (l1d.max_inflight_accesses); and the dispatcher started with 2 blocks per SM for the first
// ~12k cycles (see manifest_large.yaml), 8 warps each. W by ld.global.cg and blocks of 8 warps
// (the manifest): 756.7 GB/s.
#include <cuda_fp16.h>

#include "../common/half8.cuh"

// W is read once: ld.global.cg caches it in L2 only, so its stream does not evict x (8 KB, read
// by every warp) from the L1.
__device__ __forceinline__ Half8 load8_stream(const __half* p) {
  const uint4 v = __ldcg(reinterpret_cast<const uint4*>(p));
  return *reinterpret_cast<const Half8*>(&v);
}

extern "C" __global__ void gemv_f16(const __half* __restrict__ W, const __half* __restrict__ x, float* __restrict__ y,
                                    unsigned N, unsigned K) {
  const unsigned lane = threadIdx.x % 32;
  const unsigned n = blockIdx.x * (blockDim.x / 32) + threadIdx.x / 32;
  if (n >= N) return;
  const __half* row = W + (size_t)n * K;
  float acc = 0.0f;
  for (unsigned c = lane * 8; c < K; c += 256) {
    const Half8 w = load8_stream(row + c);
    const Half8 v = load8(x + c);
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      const float2 a = __half22float2(w.h[i]);
      const float2 b = __half22float2(v.h[i]);
      acc = __fmaf_rn(a.x, b.x, acc);
      acc = __fmaf_rn(a.y, b.y, acc);
    }
  }
  for (int o = 16; o > 0; o >>= 1) acc += __shfl_xor_sync(0xffffffffu, acc, o);
  if (lane == 0) y[n] = acc;
}
