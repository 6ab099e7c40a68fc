// Rotary position embedding (RoPE, the rotate-half form of Llama / GPT-NeoX) applied in place to
// this step's queries and keys, laid out [tokens][heads][128] f16 (K with kv_heads heads: GQA).
// For token t, dimension pair (i, i + 64), i < 64:
//   q[i]      = q[i] * cos(t, i) - q[i + 64] * sin(t, i)
//   q[i + 64] = q[i + 64] * cos(t, i) + q[i] * sin(t, i)
// in f32 (fma of the first product with the rounded second), rounded to f16. The angles come from
// a precomputed f32 table cs[tokens][64][2] of (cos, sin) of t * 10000^(-i/64), as serving
// engines cache it. One block per token; a thread rotates two adjacent pairs (i, i+1) of one head:
// a 4-byte half2 load from each half of the head and one 16-byte float4 load of the table.
#include <cuda_fp16.h>

namespace {

__device__ __forceinline__ void rotate(__half* head, const float4 cs, unsigned i) {
  __half2* lo = reinterpret_cast<__half2*>(head + i);
  __half2* hi = reinterpret_cast<__half2*>(head + i + 64);
  const float2 a = __half22float2(*lo);
  const float2 b = __half22float2(*hi);
  // cs = (cos_i, sin_i, cos_i+1, sin_i+1)
  const float a0 = __fmaf_rn(a.x, cs.x, -__fmul_rn(b.x, cs.y));
  const float a1 = __fmaf_rn(a.y, cs.z, -__fmul_rn(b.y, cs.w));
  const float b0 = __fmaf_rn(b.x, cs.x, __fmul_rn(a.x, cs.y));
  const float b1 = __fmaf_rn(b.y, cs.z, __fmul_rn(a.y, cs.w));
  *lo = __floats2half2_rn(a0, a1);
  *hi = __floats2half2_rn(b0, b1);
}

}  // namespace

extern "C" __global__ void rope(__half* __restrict__ q, __half* __restrict__ k, const float* __restrict__ cs,
                                unsigned heads, unsigned kv_heads) {
  const unsigned t = blockIdx.x;
  const float* row = cs + (size_t)t * 128;
  // 32 threads per head (two pairs each); the query heads first, then the key heads.
  for (unsigned j = threadIdx.x; j < (heads + kv_heads) * 32; j += blockDim.x) {
    const unsigned h = j / 32, i = (j % 32) * 2;
    const float4 c = *reinterpret_cast<const float4*>(row + 2 * i);
    if (h < heads)
      rotate(q + ((size_t)t * heads + h) * 128, c, i);
    else
      rotate(k + ((size_t)t * kv_heads + (h - heads)) * 128, c, i);
  }
}
