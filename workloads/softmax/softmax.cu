// Row-wise softmax, out[r][c] = exp(x[r][c] - max_r) / sum_c exp(x[r][c] - max_r), one block per
// row (the layout of attention-score softmax). Two block-wide reductions (max, then sum): each
// warp reduces with __shfl_xor_sync, warp results meet in shared memory, warp 0 reduces those.
//   softmax       expf (the accurate libdevice sequence around ex2.approx) and an IEEE divide;
//   softmax_fast  __expf (one ex2.approx after a multiply by log2 e) and a multiply by 1/sum.
// blockDim.x a multiple of 32, at most 1024.

__device__ float warp_max(float v) {
  for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
  return v;
}

__device__ float warp_sum(float v) {
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}

// Block-wide reduction; every thread gets the result. `scratch` holds 32 floats.
template <bool IsMax>
__device__ float block_reduce(float v, float* scratch) {
  const unsigned lane = threadIdx.x % 32, warp = threadIdx.x / 32, warps = blockDim.x / 32;
  v = IsMax ? warp_max(v) : warp_sum(v);
  if (lane == 0) scratch[warp] = v;
  __syncthreads();
  if (warp == 0) {
    float w = lane < warps ? scratch[lane] : (IsMax ? -INFINITY : 0.0f);
    w = IsMax ? warp_max(w) : warp_sum(w);
    if (lane == 0) scratch[0] = w;
  }
  __syncthreads();
  const float r = scratch[0];
  __syncthreads();  // scratch is reused by the next reduction
  return r;
}

template <bool Fast>
__device__ void softmax_row(const float* in, float* out, unsigned cols) {
  __shared__ float scratch[32];
  const float* x = in + (size_t)blockIdx.x * cols;
  float* y = out + (size_t)blockIdx.x * cols;

  float m = -INFINITY;
  for (unsigned c = threadIdx.x; c < cols; c += blockDim.x) m = fmaxf(m, x[c]);
  m = block_reduce<true>(m, scratch);

  float s = 0.0f;
  for (unsigned c = threadIdx.x; c < cols; c += blockDim.x) s += Fast ? __expf(x[c] - m) : expf(x[c] - m);
  s = block_reduce<false>(s, scratch);

  if (Fast) {
    const float inv = 1.0f / s;
    for (unsigned c = threadIdx.x; c < cols; c += blockDim.x) y[c] = __expf(x[c] - m) * inv;
  } else {
    for (unsigned c = threadIdx.x; c < cols; c += blockDim.x) y[c] = expf(x[c] - m) / s;
  }
}

extern "C" __global__ void softmax(const float* in, float* out, unsigned cols) { softmax_row<false>(in, out, cols); }
extern "C" __global__ void softmax_fast(const float* in, float* out, unsigned cols) { softmax_row<true>(in, out, cols); }
