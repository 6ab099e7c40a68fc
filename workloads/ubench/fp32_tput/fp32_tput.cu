// FP32 throughput per SM (v100.md §3, FFMA: 64 FMA = 128 FLOP/clk/SM, 126.9 measured on V100): one block per SM
// (grid <= SM count); every thread runs 8 independent chains x = fma(x, a, b), so a warp always
// has an instruction whose operands are ready and the FP32 pipes, not latency, set the pace.
//   cycles[block] = timed cycles, flops[block] = 2 x FMAs in them; sink[thread] = sum of chains
// (all threads compute the same values: a check).
// FLOP per cycle per SM = sum(flops) / sum(cycles).
#include "../common/ubench.cuh"

extern "C" __global__ void fp32_tput(unsigned iters, float a, float b, unsigned long long* cycles,
                                    unsigned long long* flops, float* sink) {
  float x0 = b, x1 = 2 * b, x2 = 3 * b, x3 = 4 * b, x4 = 5 * b, x5 = 6 * b, x6 = 7 * b, x7 = 8 * b;
  __syncthreads();
  const unsigned long long t0 = ubench_clock();
  // Not unrolled: one iteration is the 8 independent fmas (an unrolled body puts dependent fmas
  // next to each other, which in-order issue would have to wait for).
#pragma unroll 1
  for (unsigned i = 0; i < iters; ++i) {
    x0 = fma(x0, a, b);
    x1 = fma(x1, a, b);
    x2 = fma(x2, a, b);
    x3 = fma(x3, a, b);
    x4 = fma(x4, a, b);
    x5 = fma(x5, a, b);
    x6 = fma(x6, a, b);
    x7 = fma(x7, a, b);
  }
  const float sum = ((x0 + x1) + (x2 + x3)) + ((x4 + x5) + (x6 + x7));
  sink[blockIdx.x * blockDim.x + threadIdx.x] = sum;
  __syncthreads();
  const unsigned long long t1 = ubench_clock();
  if (threadIdx.x == 0) {
    cycles[blockIdx.x] = t1 - t0;
    flops[blockIdx.x] = 2ull * 8 * iters * blockDim.x;
  }
}
