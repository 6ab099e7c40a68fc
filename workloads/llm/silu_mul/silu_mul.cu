// The gated MLP's activation (SwiGLU, Llama's act_fn(gate) * up), as serving engines fuse it:
// the gate and up projections come out of one GEMM as x[tokens][2 d] (gate in columns [0, d),
// up in [d, 2 d)), and out[t][c] = silu(gate[t][c]) * up[t][c] with silu(g) = g / (1 + exp(-g)).
// silu in f32 (expf: libdevice's sequence around ex2.approx; an IEEE divide), rounded to f16,
// then an f16 multiply by up (__hmul2). A thread handles 8 columns with 16-byte loads and store;
// grid (ceil(d / 8 / blockDim.x), tokens); d a multiple of 8.
#include <cuda_fp16.h>

#include "../common/half8.cuh"

namespace {

__device__ __forceinline__ float silu(float g) { return g / (1.0f + expf(-g)); }

}  // namespace

extern "C" __global__ void silu_mul(const __half* __restrict__ x, __half* __restrict__ out, unsigned d) {
  const unsigned c = (blockIdx.x * blockDim.x + threadIdx.x) * 8;
  if (c >= d) return;
  const __half* row = x + (size_t)blockIdx.y * 2 * d;
  const Half8 g = load8(row + c);
  const Half8 u = load8(row + d + c);
  Half8 o;
#pragma unroll
  for (int i = 0; i < 4; ++i) {
    const float2 f = __half22float2(g.h[i]);
    o.h[i] = __hmul2(__floats2half2_rn(silu(f.x), silu(f.y)), u.h[i]);
  }
  *reinterpret_cast<uint4*>(out + (size_t)blockIdx.y * d + c) = *reinterpret_cast<const uint4*>(&o);
}
