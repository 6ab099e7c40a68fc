// Weight-only int8 decode GEMV (W8A16, as in TensorRT-LLM / vLLM weight-only quantisation):
// y[n] = scale[n] * sum_k W8[n][k] x[k], W8 (N x K, row-major) int8 with one f32 scale per output
// channel, x f16, f32 accumulation and output. Half the weight bytes of gemv_f16: memory bound.
// One warp per output row: lane l reads 16-byte chunks (16 int8) l, l + 32, ... of W8's row and
// the matching 32 bytes of x; each int8 is sign-extended and converted to f32 (exact), and the 16
// products accumulate with fma.rn in order; a __shfl_xor_sync butterfly sums the lanes and lane 0
// writes scale[n] * sum. K a multiple of 512, blockDim.x a multiple of 32.
#include <cuda_fp16.h>

#include "../common/half8.cuh"

namespace {

// Four int8 packed in a word (little-endian) times four halves of x, accumulated in order.
__device__ __forceinline__ float dot4(unsigned w, __half2 x01, __half2 x23, float acc) {
  const float2 a = __half22float2(x01), b = __half22float2(x23);
  acc = __fmaf_rn((float)(signed char)(w & 0xff), a.x, acc);
  acc = __fmaf_rn((float)(signed char)((w >> 8) & 0xff), a.y, acc);
  acc = __fmaf_rn((float)(signed char)((w >> 16) & 0xff), b.x, acc);
  acc = __fmaf_rn((float)(signed char)(w >> 24), b.y, acc);
  return acc;
}

}  // namespace

extern "C" __global__ void gemv_int8(const signed char* __restrict__ W8, const float* __restrict__ scale,
                                     const __half* __restrict__ x, float* __restrict__ y, unsigned N, unsigned K) {
  const unsigned lane = threadIdx.x % 32;
  const unsigned n = blockIdx.x * (blockDim.x / 32) + threadIdx.x / 32;
  if (n >= N) return;
  const signed char* row = W8 + (size_t)n * K;
  float acc = 0.0f;
  for (unsigned c = lane * 16; c < K; c += 512) {
    const uint4 w = *reinterpret_cast<const uint4*>(row + c);
    const Half8 v0 = load8(x + c), v1 = load8(x + c + 8);
    acc = dot4(w.x, v0.h[0], v0.h[1], acc);
    acc = dot4(w.y, v0.h[2], v0.h[3], acc);
    acc = dot4(w.z, v1.h[0], v1.h[1], acc);
    acc = dot4(w.w, v1.h[2], v1.h[3], acc);
  }
  for (int o = 16; o > 0; o >>= 1) acc += __shfl_xor_sync(0xffffffffu, acc, o);
  if (lane == 0) y[n] = __fmul_rn(scale[n], acc);
}
