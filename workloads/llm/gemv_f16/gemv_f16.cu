// Decode GEMV, the shape of every linear layer at batch 1: y[n] = sum_k W[n][k] x[k], W (N x K,
// row-major) and x in f16, f32 accumulation and output. Memory bound: each weight is used once.
// One warp per output row: lane l reads 16-byte chunks (8 halves) l, l + 32, ... of W's row and
// of x (x stays in L1/L2), accumulates the 8 products with fma.rn in order, and the warp sums its
// lanes with a __shfl_xor_sync butterfly; lane 0 writes y[n]. K a multiple of 256 (one pass of
// the warp reads 512 bytes), blockDim.x a multiple of 32 (blockDim.x / 32 rows per block).
#include <cuda_fp16.h>

#include "../common/half8.cuh"

extern "C" __global__ void gemv_f16(const __half* __restrict__ W, const __half* __restrict__ x, float* __restrict__ y,
                                    unsigned N, unsigned K) {
  const unsigned lane = threadIdx.x % 32;
  const unsigned n = blockIdx.x * (blockDim.x / 32) + threadIdx.x / 32;
  if (n >= N) return;
  const __half* row = W + (size_t)n * K;
  float acc = 0.0f;
  for (unsigned c = lane * 8; c < K; c += 256) {
    const Half8 w = load8(row + c);
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
