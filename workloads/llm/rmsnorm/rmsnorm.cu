// RMSNorm of a transformer layer's input (Llama, Mistral, ...): for each row (token) of x,
//   y[c] = f16( f16-to-f32(x[c]) * rsqrt(mean_c x[c]^2 + eps) * w[c] ),
// f16 in and out, f32 arithmetic. One block per row; each thread reads 16-byte chunks of 8
// halves (hidden a multiple of 8), squares and sums them in f32; warps reduce with
// __shfl_xor_sync, warp results meet in shared memory and warp 0 reduces those; then every
// thread scales its chunks (read again: they are in L1/L2) by rsqrtf(...) (rsqrt.approx.f32)
// and by w. blockDim.x a multiple of 32, at most 1024.
#include <cuda_fp16.h>

#include "../common/half8.cuh"

namespace {

__device__ __forceinline__ float warp_sum(float v) {
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}

// Eight halves from one 16-byte load.

}  // namespace

extern "C" __global__ void rmsnorm(const __half* __restrict__ x, const __half* __restrict__ w, __half* __restrict__ y,
                                   unsigned hidden, float eps) {
  __shared__ float scratch[32];
  const __half* xr = x + (size_t)blockIdx.x * hidden;
  __half* yr = y + (size_t)blockIdx.x * hidden;
  const unsigned lane = threadIdx.x % 32, warp = threadIdx.x / 32, warps = blockDim.x / 32;

  float ss = 0.0f;
  for (unsigned c = threadIdx.x * 8; c < hidden; c += blockDim.x * 8) {
    const Half8 v = load8(xr + c);
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      const float2 f = __half22float2(v.h[i]);
      ss = __fmaf_rn(f.x, f.x, ss);
      ss = __fmaf_rn(f.y, f.y, ss);
    }
  }
  ss = warp_sum(ss);
  if (lane == 0) scratch[warp] = ss;
  __syncthreads();
  if (warp == 0) {
    float t = lane < warps ? scratch[lane] : 0.0f;
    t = warp_sum(t);
    if (lane == 0) scratch[0] = rsqrtf(__fadd_rn(__fdiv_rn(t, (float)hidden), eps));
  }
  __syncthreads();
  const float inv = scratch[0];

  for (unsigned c = threadIdx.x * 8; c < hidden; c += blockDim.x * 8) {
    const Half8 v = load8(xr + c);
    const Half8 g = load8(w + c);
    Half8 o;
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      const float2 f = __half22float2(v.h[i]);
      const float2 s = __half22float2(g.h[i]);
      o.h[i] = __floats2half2_rn(__fmul_rn(__fmul_rn(f.x, inv), s.x), __fmul_rn(__fmul_rn(f.y, inv), s.y));
    }
    *reinterpret_cast<uint4*>(yr + c) = *reinterpret_cast<const uint4*>(&o);
  }
}
