// Decode attention (flash-decoding): one query token per sequence attends to its KV cache,
//   o[b][h] = softmax(q[b][h] . K[b][h][0..len_b)^T / sqrt(128)) V[b][h][0..len_b),
// q, o f16 [batch][heads][128]; K and V caches f16 [batch][heads][ctx][128] (kv_append's layout),
// lens[b] the sequence's valid positions. Every cached key and value is read once: memory bound.
// The context is split into chunks of `chunk` keys so that batch 1 still fills the GPU:
//
// decode_attn, grid (splits, heads, batch), 128 threads: a half-warp takes a key, each lane 8 of
// its 128 dims (16-byte loads: a warp instruction reads two 256-byte rows); the 8 half-warps take
// 4 consecutive keys each per round of 32 keys. A lane dots its 8 dims (q pre-scaled by
// scale_log2 = log2(e) / sqrt(128), f32), the half-warp sums with 4 __shfl_xor_sync, and keeps an
// online softmax of its keys (running max m, sum l, f32 accumulator of p v; 5 ex2 per 4 keys).
// The 8 half-warp states merge through shared memory into the split's (m, l, o[128]) in f32
// (part_ml, part_o [batch][heads][splits]).
// decode_attn_combine, grid (heads, batch), 128 threads (one per dim): o = sum_s 2^(m_s - M) o_s /
// sum_s 2^(m_s - M) l_s, M = max_s m_s, rounded to f16. An empty split (or half-warp) has
// m = -inf and weighs 0.
#include <cuda_fp16.h>

#include "../common/half8.cuh"

namespace {

constexpr int kHead = 128;
constexpr int kGroups = 8;    // half-warps per block
constexpr int kUnroll = 4;    // consecutive keys per half-warp and round

__device__ __forceinline__ float half16_sum(float v) {
#pragma unroll
  for (int o = 8; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}

// A base for the exponents that is never -inf (a state that has seen no key yet keeps m = -inf
// and must get weight 0, not NaN).
__device__ __forceinline__ float finite_or_zero(float m) { return m == -INFINITY ? 0.0f : m; }

}  // namespace

extern "C" __global__ void __launch_bounds__(128)
    decode_attn(const __half* __restrict__ q, const __half* __restrict__ k_cache, const __half* __restrict__ v_cache,
                const unsigned* __restrict__ lens, float* __restrict__ part_o, float* __restrict__ part_ml,
                unsigned heads, unsigned ctx, unsigned chunk, float scale_log2) {
  __shared__ float sm_acc[kGroups][kHead];
  __shared__ float sm_m[kGroups], sm_l[kGroups];

  const unsigned split = blockIdx.x, h = blockIdx.y, b = blockIdx.z;
  const unsigned group = threadIdx.x / 16, i = threadIdx.x % 16;  // half-warp, its lane
  const size_t bh = (size_t)b * heads + h;
  const unsigned len = lens[b];
  const unsigned begin = split * chunk, end = min(begin + chunk, len);

  float qs[8];
  {
    const Half8 qv = load8(q + bh * kHead + 8 * i);
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      const float2 f = __half22float2(qv.h[j]);
      qs[2 * j] = f.x * scale_log2;
      qs[2 * j + 1] = f.y * scale_log2;
    }
  }
  const __half* kh = k_cache + bh * ctx * kHead + 8 * i;
  const __half* vh = v_cache + bh * ctx * kHead + 8 * i;

  float m = -INFINITY, l = 0.0f, acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  // Rounds are block-uniform (the shuffles need both half-warps of a warp); keys past the end
  // read the last valid row (any row would do) and get score -inf.
  for (unsigned round = begin; round < end; round += kGroups * kUnroll) {
    const unsigned key0 = round + group * kUnroll;
    Half8 kv[kUnroll], vv[kUnroll];
#pragma unroll
    for (int u = 0; u < kUnroll; ++u) {
      const unsigned key = min(key0 + u, end - 1);
      kv[u] = load8(kh + (size_t)key * kHead);
      vv[u] = load8(vh + (size_t)key * kHead);
    }
    float s[kUnroll];
    float mx = m;
#pragma unroll
    for (int u = 0; u < kUnroll; ++u) {
      float dot = 0.0f;
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        const float2 f = __half22float2(kv[u].h[j]);
        dot = __fmaf_rn(qs[2 * j], f.x, dot);
        dot = __fmaf_rn(qs[2 * j + 1], f.y, dot);
      }
      dot = half16_sum(dot);
      s[u] = key0 + u < end ? dot : -INFINITY;
      mx = fmaxf(mx, s[u]);
    }
    const float base = finite_or_zero(mx);
    const float alpha = exp2f(m - base);
    m = mx;
    l *= alpha;
#pragma unroll
    for (int d = 0; d < 8; ++d) acc[d] *= alpha;
#pragma unroll
    for (int u = 0; u < kUnroll; ++u) {
      const float p = exp2f(s[u] - base);
      l += p;
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        const float2 f = __half22float2(vv[u].h[j]);
        acc[2 * j] = __fmaf_rn(p, f.x, acc[2 * j]);
        acc[2 * j + 1] = __fmaf_rn(p, f.y, acc[2 * j + 1]);
      }
    }
  }

  // Merge the 8 half-warps' states; thread d owns dim d.
#pragma unroll
  for (int d = 0; d < 8; ++d) sm_acc[group][8 * i + d] = acc[d];
  if (i == 0) {
    sm_m[group] = m;
    sm_l[group] = l;
  }
  __syncthreads();
  float mx = -INFINITY;
#pragma unroll
  for (int g = 0; g < kGroups; ++g) mx = fmaxf(mx, sm_m[g]);
  const float base = finite_or_zero(mx);
  float o = 0.0f, sum = 0.0f;
#pragma unroll
  for (int g = 0; g < kGroups; ++g) {
    const float w = exp2f(sm_m[g] - base);
    o = __fmaf_rn(sm_acc[g][threadIdx.x], w, o);
    sum = __fmaf_rn(sm_l[g], w, sum);
  }
  const size_t part = bh * gridDim.x + split;
  part_o[part * kHead + threadIdx.x] = o;
  if (threadIdx.x == 0) {
    part_ml[2 * part] = mx;
    part_ml[2 * part + 1] = sum;
  }
}

extern "C" __global__ void __launch_bounds__(128)
    decode_attn_combine(const float* __restrict__ part_o, const float* __restrict__ part_ml, __half* __restrict__ o,
                        unsigned splits) {
  const size_t bh = (size_t)blockIdx.y * gridDim.x + blockIdx.x;
  const float* ml = part_ml + 2 * bh * splits;
  float mx = -INFINITY;
  for (unsigned s = 0; s < splits; ++s) mx = fmaxf(mx, ml[2 * s]);
  float acc = 0.0f, sum = 0.0f;
  for (unsigned s = 0; s < splits; ++s) {
    const float w = exp2f(ml[2 * s] - mx);
    acc = __fmaf_rn(part_o[(bh * splits + s) * kHead + threadIdx.x], w, acc);
    sum = __fmaf_rn(ml[2 * s + 1], w, sum);
  }
  o[bh * kHead + threadIdx.x] = __float2half_rn(acc / sum);
}
