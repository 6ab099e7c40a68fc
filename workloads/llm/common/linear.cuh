// The linear layers and the residual add of a decoder layer (included by ../layer_prefill and
// ../layer_decode). Weights are PyTorch's nn.Linear layout, W[N][K] (out x in), so
// Y[M][N] = X[M][K] W^T: both operands are contiguous along k, and every mma fragment is a slice
// of a 16-byte load with the k order of common/mma.cuh (lane t's positions {2t, 2t+1, 2t+8, 2t+9}
// of k step s are elements 8t + 4s + {0, 1, 2, 3} of a 32-wide k group). f16 in and out, f32
// accumulation on the tensor cores (mma.sync m16n8k16).
//
// linear: prefill projections (M = tokens). A block of 4 warps computes a 64 x 64 tile of Y, a
// warp 32 x 32 (2 x 4 mma tiles); K tiles of 32 of X and W (4 KB each) are copied by cp.async into
// padded shared tiles, double buffered. M, N multiples of 64, K a multiple of 32.
//
// linear_skinny: decode projections (M = batch <= 16: one mma row tile, rows >= M are zeros). The
// weights are read once (memory bound); a block of 4 warps owns 8 outputs (rows of W) and its
// warps take every 4th 32-wide k group, 4 groups in flight per warp; the 4 partial 16 x 8 tiles are
// summed in shared memory (in warp order). K a multiple of 128, N a multiple of 8.
//
// add_f16: out = a + b (the residual connection), f16 (add.rn.f16x2), 8 elements per thread.
#pragma once

#include <cuda_fp16.h>

#include "half8.cuh"
#include "mma.cuh"

namespace linear_detail {

constexpr int kTile = 64, kTileK = 32, kStride = kTileK + 8;  // 80-byte shared rows

}  // namespace linear_detail

extern "C" __global__ void __launch_bounds__(128) linear(const __half* __restrict__ X, const __half* __restrict__ W,
                                                         __half* __restrict__ Y, unsigned M, unsigned N, unsigned K) {
  using namespace linear_detail;
  __shared__ __align__(16) __half Xs[2][kTile][kStride];
  __shared__ __align__(16) __half Ws[2][kTile][kStride];
  const int tid = threadIdx.x, warp = tid / 32, lane = tid % 32, g = lane / 4, t = lane % 4;
  const int m0 = blockIdx.y * kTile, n0 = blockIdx.x * kTile;
  const int wm = (warp / 2) * 32, wn = (warp % 2) * 32;  // the warp's 32 x 32 of the tile

  auto fetch = [&](int stage, int k0) {
#pragma unroll
    for (int i = 0; i < 2; ++i) {
      const int chunk = tid + 128 * i, row = chunk / 4, col = (chunk % 4) * 8;
      cp_async16(&Xs[stage][row][col], X + (size_t)(m0 + row) * K + k0 + col);
      cp_async16(&Ws[stage][row][col], W + (size_t)(n0 + row) * K + k0 + col);
    }
    cp_async_commit();
  };

  float acc[2][4][4];
#pragma unroll
  for (int i = 0; i < 2; ++i)
#pragma unroll
    for (int j = 0; j < 4; ++j) acc[i][j][0] = acc[i][j][1] = acc[i][j][2] = acc[i][j][3] = 0.0f;

  const int tiles = K / kTileK;
  fetch(0, 0);
  for (int kt = 0; kt < tiles; ++kt) {
    const int s = kt & 1;
    if (kt + 1 < tiles) {
      fetch(s ^ 1, (kt + 1) * kTileK);
      cp_async_wait<1>();
    } else {
      cp_async_wait<0>();
    }
    __syncthreads();
    uint4 a[2][2], b[4];
#pragma unroll
    for (int i = 0; i < 2; ++i)
#pragma unroll
      for (int r = 0; r < 2; ++r) a[i][r] = *reinterpret_cast<const uint4*>(&Xs[s][wm + 16 * i + g + 8 * r][8 * t]);
#pragma unroll
    for (int j = 0; j < 4; ++j) b[j] = *reinterpret_cast<const uint4*>(&Ws[s][wn + 8 * j + g][8 * t]);
#pragma unroll
    for (int i = 0; i < 2; ++i)
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        mma_16816(acc[i][j], a[i][0].x, a[i][1].x, a[i][0].y, a[i][1].y, b[j].x, b[j].y);
        mma_16816(acc[i][j], a[i][0].z, a[i][1].z, a[i][0].w, a[i][1].w, b[j].z, b[j].w);
      }
    __syncthreads();  // the buffer is refilled by the next iteration's copies
  }
#pragma unroll
  for (int i = 0; i < 2; ++i)
#pragma unroll
    for (int j = 0; j < 4; ++j)
#pragma unroll
      for (int r = 0; r < 2; ++r)
        *reinterpret_cast<unsigned*>(Y + (size_t)(m0 + wm + 16 * i + g + 8 * r) * N + n0 + wn + 8 * j + 2 * t) =
            pack_half2(acc[i][j][2 * r], acc[i][j][2 * r + 1]);
}

extern "C" __global__ void __launch_bounds__(128)
    linear_skinny(const __half* __restrict__ X, const __half* __restrict__ W, __half* __restrict__ Y, unsigned M,
                  unsigned N, unsigned K) {
  __shared__ float part[4][32][4];
  const int tid = threadIdx.x, warp = tid / 32, lane = tid % 32, g = lane / 4, t = lane % 4;
  const unsigned n0 = blockIdx.x * 8;
  const __half* wrow = W + (size_t)(n0 + g) * K + 8 * t;
  const bool row0 = g < (int)M, row1 = g + 8 < (int)M;
  const __half* x0 = X + (size_t)g * K + 8 * t;
  const __half* x1 = X + (size_t)(g + 8) * K + 8 * t;
  const uint4 zero = make_uint4(0, 0, 0, 0);
  float acc[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  for (unsigned k0 = 32 * warp; k0 < K; k0 += 4 * 128) {
    uint4 b[4], a0[4], a1[4];
#pragma unroll
    for (int u = 0; u < 4; ++u) {
      const unsigned k = k0 + 128 * u;
      const bool in = k < K;
      b[u] = in ? *reinterpret_cast<const uint4*>(wrow + k) : zero;
      a0[u] = in && row0 ? *reinterpret_cast<const uint4*>(x0 + k) : zero;
      a1[u] = in && row1 ? *reinterpret_cast<const uint4*>(x1 + k) : zero;
    }
#pragma unroll
    for (int u = 0; u < 4; ++u) {
      mma_16816(acc, a0[u].x, a1[u].x, a0[u].y, a1[u].y, b[u].x, b[u].y);
      mma_16816(acc, a0[u].z, a1[u].z, a0[u].w, a1[u].w, b[u].z, b[u].w);
    }
  }
#pragma unroll
  for (int i = 0; i < 4; ++i) part[warp][lane][i] = acc[i];
  __syncthreads();
  if (warp == 0) {
#pragma unroll
    for (int w = 1; w < 4; ++w)
#pragma unroll
      for (int i = 0; i < 4; ++i) acc[i] += part[w][lane][i];
    if (row0) *reinterpret_cast<unsigned*>(Y + (size_t)g * N + n0 + 2 * t) = pack_half2(acc[0], acc[1]);
    if (row1) *reinterpret_cast<unsigned*>(Y + (size_t)(g + 8) * N + n0 + 2 * t) = pack_half2(acc[2], acc[3]);
  }
}

extern "C" __global__ void add_f16(const __half* __restrict__ a, const __half* __restrict__ b, __half* __restrict__ out,
                                   unsigned n) {
  const unsigned i = (blockIdx.x * blockDim.x + threadIdx.x) * 8;
  if (i >= n) return;
  const Half8 x = load8(a + i), y = load8(b + i);
  Half8 r;
#pragma unroll
  for (int j = 0; j < 4; ++j) r.h[j] = __hadd2(x.h[j], y.h[j]);
  *reinterpret_cast<uint4*>(out + i) = *reinterpret_cast<const uint4*>(&r);
}
