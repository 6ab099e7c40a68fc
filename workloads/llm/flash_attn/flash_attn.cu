// gen_ptx: -arch=sm_80
// Causal self-attention forward of a prefill, FlashAttention-2 style: O = softmax(Q K^T / sqrt(128)) V
// per (batch, head), never materialising the tokens x tokens score matrix. Q, K, V and O are f16,
// laid out [batch][tokens][heads][128] (a projection's output, row stride heads * 128).
//
// One block of 4 warps per (query block of 64 tokens, head, batch); warp w owns query rows
// 16 w .. 16 w + 15 of the block and keeps them in registers: its Q fragments (loaded once), the
// f32 output accumulator (16 x 128) and each row's running max m and sum l. The key / value
// tiles of 32 tokens stream through shared memory, double buffered: K by cp.async (the copy of
// tile j + 1 is in flight while tile j is used), V through registers, stored transposed (Vt[d][key])
// so that the B fragments of P V are 32-bit pairs along the key. Per tile each warp computes
// S = Q K^T (16 x 32, 32 mma.sync m16n8k16, f32), masks keys after the query (causal), and updates
// its rows online (log2 domain, scale_log2 = log2(e) / sqrt(128)):
//   m' = max(m, max_j s_j);  alpha = 2^(m - m');  p_j = 2^(s_j - m');  l' = alpha l + sum_j p_j;
//   O' = alpha O + P V      (P rounded to f16: the A fragments of 32 more mma.sync)
// and finally writes O / l in f16. Tiles entirely after a warp's rows are skipped by that warp
// (it still takes part in the copies and barriers); query blocks run longest first.
//
// Physical order of a k step (common/mma.cuh): lane t's k positions {2t, 2t+1, 2t+8, 2t+9} of
// k step s (of two) are the 8 consecutive elements 8t .. 8t+7, k = 8t + 4s + 2h + e for position
// 2t + 8h + e. For Q K^T (k = head dim, in groups of 32) a lane then loads the A fragments of two k
// steps with one 16-byte load of Q and the B fragments with one 16-byte load of a K row; for
// P V (k = the tile's 32 keys) score column 16s + 8h + 2t + e is key 8t + 4s + 2h + e, so the
// V fragments of both k steps are one 16-byte load of a Vt row. tokens a multiple of 64.
#include <cuda_fp16.h>

#include "../common/mma.cuh"

namespace {

constexpr int kHead = 128;            // head dimension
constexpr int kBlockQ = 64;           // query rows per block (16 per warp)
constexpr int kBlockK = 32;           // keys per tile
constexpr int kKStride = kHead + 8;   // K tile row (halves): 272 bytes, conflict-free 16-byte rows
constexpr int kVStride = kBlockK + 8; // Vt row (halves): 80 bytes

// Key (0..31) of a tile that score column n (0..31) stands for: n = 16s + 8h + 2t + e -> 8t + 4s + 2h + e.
__device__ __forceinline__ int key_of_column(int n) {
  const int s = n >> 4, h = (n >> 3) & 1, t = (n >> 1) & 3, e = n & 1;
  return 8 * t + 4 * s + 2 * h + e;
}

__device__ __forceinline__ float quad_max(float v) {
  v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, 1));
  return fmaxf(v, __shfl_xor_sync(0xffffffffu, v, 2));
}

__device__ __forceinline__ float quad_sum(float v) {
  v += __shfl_xor_sync(0xffffffffu, v, 1);
  return v + __shfl_xor_sync(0xffffffffu, v, 2);
}

}  // namespace

extern "C" __global__ void __launch_bounds__(128) flash_attn(const __half* __restrict__ q, const __half* __restrict__ k,
                                                             const __half* __restrict__ v, __half* __restrict__ o,
                                                             unsigned tokens, unsigned heads, float scale_log2) {
  __shared__ __align__(16) __half Ks[2][kBlockK][kKStride];
  __shared__ __align__(16) __half Vt[2][kHead][kVStride];

  const int tid = threadIdx.x, warp = tid / 32, lane = tid % 32, g = lane / 4, t = lane % 4;
  const int qb = gridDim.x - 1 - blockIdx.x;  // the longest (last) query blocks first
  const size_t row_stride = (size_t)heads * kHead;
  const size_t base = (size_t)blockIdx.z * tokens * row_stride + (size_t)blockIdx.y * kHead;
  const __half* qh = q + base;
  const __half* kh = k + base;
  const __half* vh = v + base;
  const int q0 = qb * kBlockQ + warp * 16;  // this warp's first query row
  const int tiles = (qb + 1) * (kBlockQ / kBlockK);

  // Q fragments: qf[c][r] holds row g + 8r, head dims 32c + 8t .. 32c + 8t + 7.
  uint4 qf[4][2];
#pragma unroll
  for (int c = 0; c < 4; ++c)
#pragma unroll
    for (int r = 0; r < 2; ++r)
      qf[c][r] = *reinterpret_cast<const uint4*>(qh + (size_t)(q0 + g + 8 * r) * row_stride + 32 * c + 8 * t);

  auto copy_k = [&](int stage, int tile) {
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      const int chunk = tid + 128 * i, row = chunk / 16, col = (chunk % 16) * 8;
      cp_async16(&Ks[stage][row][col], kh + (size_t)(tile * kBlockK + row) * row_stride + col);
    }
    cp_async_commit();
  };
  // V: thread owns keys 2p, 2p + 1 (p = tid % 16) and head-dim chunks dc, dc + 8 (dc = tid / 16).
  const int vp = tid % 16, vdc = tid / 16;
  uint4 vr[2][2];
  auto load_v = [&](int tile) {
#pragma unroll
    for (int r = 0; r < 2; ++r)
#pragma unroll
      for (int e = 0; e < 2; ++e)
        vr[r][e] = *reinterpret_cast<const uint4*>(vh + (size_t)(tile * kBlockK + 2 * vp + e) * row_stride +
                                                   (vdc + 8 * r) * 8);
  };
  auto store_v = [&](int stage) {
#pragma unroll
    for (int r = 0; r < 2; ++r) {
      const unsigned* a = reinterpret_cast<const unsigned*>(&vr[r][0]);
      const unsigned* b = reinterpret_cast<const unsigned*>(&vr[r][1]);
#pragma unroll
      for (int i = 0; i < 4; ++i) {
        // dims 2i, 2i + 1 of the chunk: (key 2p, key 2p + 1) pairs
        const unsigned lo = __byte_perm(a[i], b[i], 0x5410), hi = __byte_perm(a[i], b[i], 0x7632);
        const int d = (vdc + 8 * r) * 8 + 2 * i;
        *reinterpret_cast<unsigned*>(&Vt[stage][d][2 * vp]) = lo;
        *reinterpret_cast<unsigned*>(&Vt[stage][d + 1][2 * vp]) = hi;
      }
    }
  };

  float acc[16][4];
#pragma unroll
  for (int i = 0; i < 16; ++i) acc[i][0] = acc[i][1] = acc[i][2] = acc[i][3] = 0.0f;
  float m[2] = {-INFINITY, -INFINITY}, l[2] = {0.0f, 0.0f};

  copy_k(0, 0);
  load_v(0);
  store_v(0);
  for (int tile = 0; tile < tiles; ++tile) {
    const int s = tile & 1;
    if (tile + 1 < tiles) {
      copy_k(s ^ 1, tile + 1);
      load_v(tile + 1);
      cp_async_wait<1>();  // K tile `tile` has landed; the next one may still be in flight
    } else {
      cp_async_wait<0>();
    }
    __syncthreads();  // every thread's part of K and Vt of this tile is in shared memory

    const int k0 = tile * kBlockK;
    if (k0 <= q0 + 15) {  // else every key of the tile is after every row of this warp
      // S = Q K^T: 4 n tiles of 8 keys, 4 groups of 32 head dims (2 k steps each).
      float sc[4][4];
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        sc[j][0] = sc[j][1] = sc[j][2] = sc[j][3] = 0.0f;
        const __half* krow = &Ks[s][key_of_column(8 * j + g)][8 * t];
#pragma unroll
        for (int c = 0; c < 4; ++c) {
          const uint4 kf = *reinterpret_cast<const uint4*>(krow + 32 * c);
          mma_16816(sc[j], qf[c][0].x, qf[c][1].x, qf[c][0].y, qf[c][1].y, kf.x, kf.y);
          mma_16816(sc[j], qf[c][0].z, qf[c][1].z, qf[c][0].w, qf[c][1].w, kf.z, kf.w);
        }
      }
      // Scale, causal mask, online softmax of rows g (r = 0) and g + 8 (r = 1).
      const bool diagonal = k0 + kBlockK - 1 > q0;
#pragma unroll
      for (int r = 0; r < 2; ++r) {
        const int row = q0 + g + 8 * r;
        float mx = m[r];
#pragma unroll
        for (int j = 0; j < 4; ++j)
#pragma unroll
          for (int e = 0; e < 2; ++e) {
            float x = sc[j][2 * r + e] * scale_log2;
            if (diagonal && k0 + key_of_column(8 * j + 2 * t + e) > row) x = -INFINITY;
            sc[j][2 * r + e] = x;
            mx = fmaxf(mx, x);
          }
        mx = quad_max(mx);
        const float alpha = exp2f(m[r] - mx);
        m[r] = mx;
        float sum = 0.0f;
#pragma unroll
        for (int j = 0; j < 4; ++j)
#pragma unroll
          for (int e = 0; e < 2; ++e) {
            const float p = exp2f(sc[j][2 * r + e] - mx);
            sc[j][2 * r + e] = p;
            sum += p;
          }
        l[r] = l[r] * alpha + sum;
#pragma unroll
        for (int i = 0; i < 16; ++i) {
          acc[i][2 * r] *= alpha;
          acc[i][2 * r + 1] *= alpha;
        }
      }
      // O += P V: P's accumulators are the A fragments (k step s: n tiles 2s, 2s + 1).
      unsigned pa[2][4];
#pragma unroll
      for (int ks = 0; ks < 2; ++ks) {
        pa[ks][0] = pack_half2(sc[2 * ks][0], sc[2 * ks][1]);
        pa[ks][1] = pack_half2(sc[2 * ks][2], sc[2 * ks][3]);
        pa[ks][2] = pack_half2(sc[2 * ks + 1][0], sc[2 * ks + 1][1]);
        pa[ks][3] = pack_half2(sc[2 * ks + 1][2], sc[2 * ks + 1][3]);
      }
#pragma unroll
      for (int i = 0; i < 16; ++i) {
        const uint4 vf = *reinterpret_cast<const uint4*>(&Vt[s][8 * i + g][8 * t]);
        mma_16816(acc[i], pa[0][0], pa[0][1], pa[0][2], pa[0][3], vf.x, vf.y);
        mma_16816(acc[i], pa[1][0], pa[1][1], pa[1][2], pa[1][3], vf.z, vf.w);
      }
    }
    if (tile + 1 < tiles) store_v(s ^ 1);
    __syncthreads();  // this tile's buffers may be refilled
  }

  __half* oh = o + base;
#pragma unroll
  for (int r = 0; r < 2; ++r) {
    const float inv = 1.0f / quad_sum(l[r]);
    __half* orow = oh + (size_t)(q0 + g + 8 * r) * row_stride + 2 * t;
#pragma unroll
    for (int i = 0; i < 16; ++i)
      *reinterpret_cast<unsigned*>(orow + 8 * i) = pack_half2(acc[i][2 * r] * inv, acc[i][2 * r + 1] * inv);
  }
}
