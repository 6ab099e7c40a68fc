// Tensor-core throughput per SM (v100.md §3: 478 of 512 FP16-in / FP32-accumulate FMA/clk/SM on
// V100): one block per SM (grid <= SM count); every warp loads one A and one B fragment
// (16x16x16, WMMA) and then issues `iters` x 4 mma_sync on 4 independent accumulators, so the
// tensor cores always have independent work. 16 x 16 x 16 = 4096 FMA per mma_sync.
//   cycles[block] = timed cycles, fmas[block] = FMAs in them;
//   sink: each warp stores the sum of its 4 accumulators (a 16 x 16 tile) - with A and B filled
//   with 0.5 every element is 4 x iters x 16 x 0.25 (exact): a check of the mma path.
// FMA per cycle per SM = sum(fmas) / sum(cycles).
#include <mma.h>

#include "../common/ubench.cuh"
using namespace nvcuda;

extern "C" __global__ void tensor_tput(const half* a_src, const half* b_src, unsigned iters,
                                       unsigned long long* cycles, unsigned long long* fmas, float* sink) {
  wmma::fragment<wmma::matrix_a, 16, 16, 16, half, wmma::row_major> a;
  wmma::fragment<wmma::matrix_b, 16, 16, 16, half, wmma::col_major> b;
  wmma::fragment<wmma::accumulator, 16, 16, 16, float> c0, c1, c2, c3;
  wmma::load_matrix_sync(a, a_src, 16);
  wmma::load_matrix_sync(b, b_src, 16);
  wmma::fill_fragment(c0, 0.0f);
  wmma::fill_fragment(c1, 0.0f);
  wmma::fill_fragment(c2, 0.0f);
  wmma::fill_fragment(c3, 0.0f);
  __syncthreads();
  const unsigned long long t0 = ubench_clock();
  for (unsigned i = 0; i < iters; ++i) {
    wmma::mma_sync(c0, a, b, c0);
    wmma::mma_sync(c1, a, b, c1);
    wmma::mma_sync(c2, a, b, c2);
    wmma::mma_sync(c3, a, b, c3);
  }
  for (int e = 0; e < c0.num_elements; ++e) c0.x[e] += (c1.x[e] + c2.x[e]) + c3.x[e];
  const unsigned warp = (blockIdx.x * blockDim.x + threadIdx.x) / 32;
  wmma::store_matrix_sync(sink + warp * 256, c0, 16, wmma::mem_row_major);
  __syncthreads();
  const unsigned long long t1 = ubench_clock();
  if (threadIdx.x == 0) {
    cycles[blockIdx.x] = t1 - t0;
    fmas[blockIdx.x] = 4096ull * 4 * iters * (blockDim.x / 32);
  }
}
