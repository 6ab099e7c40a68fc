// FP32 throughput per SM (v100.md §3, FFMA: 64 FMA = 128 FLOP/clk/SM, 126.9 measured on V100): one block per SM
// (grid <= SM count); every thread runs 32 independent chains x = fma(x, a, b), so a warp always
// has an instruction whose operands are ready and the FP32 pipes, not latency, set the pace.
//   cycles[block] = timed cycles, flops[block] = 2 x FMAs in them; sink[thread] = sum of the chains
// (all threads compute the same values: a check).
// FLOP per cycle per SM = sum(flops) / sum(cycles).
#include "../common/ubench.cuh"

#define CHAINS 32

extern "C" __global__ void fp32_tput(unsigned iters, float a, float b, unsigned long long* cycles,
                                    unsigned long long* flops, float* sink) {
  float x[CHAINS];
#pragma unroll
  for (int k = 0; k < CHAINS; ++k) x[k] = (k + 1) * b;
  __syncthreads();
  const unsigned long long t0 = ubench_clock();
  // One iteration is 32 independent fmas and the loop's add/compare/branch: not unrolled
  // further, because an unrolled body puts dependent fmas next to each other, which in-order
  // issue would have to wait for.
#pragma unroll 1
  for (unsigned i = 0; i < iters; ++i) {
#pragma unroll
    for (int k = 0; k < CHAINS; ++k) x[k] = fma(x[k], a, b);
  }
  float sum = 0;
#pragma unroll
  for (int k = 0; k < CHAINS; ++k) sum += x[k];
  sink[blockIdx.x * blockDim.x + threadIdx.x] = sum;
  __syncthreads();
  const unsigned long long t1 = ubench_clock();
  if (threadIdx.x == 0) {
    cycles[blockIdx.x] = t1 - t0;
    flops[blockIdx.x] = 2ull * CHAINS * iters * blockDim.x;
  }
}

// The same with four iterations per loop trip (128 fmas per add/compare/branch), as the hardware
// benchmarks unroll (gpu-benches): on a sub-core that issues one instruction per cycle to 32 FP32
// lanes (H100) the loop's own three instructions would otherwise cost 3 of every 35 issue slots.
// A chain's next fma is 32 instructions after its last, so the unrolled body still never waits.
extern "C" __global__ void fp32_tput_unroll4(unsigned iters, float a, float b, unsigned long long* cycles,
                                            unsigned long long* flops, float* sink) {
  float x[CHAINS];
#pragma unroll
  for (int k = 0; k < CHAINS; ++k) x[k] = (k + 1) * b;
  __syncthreads();
  const unsigned long long t0 = ubench_clock();
  // iters is a multiple of 4.
#pragma unroll 1
  for (unsigned i = 0; i < iters; i += 4) {
#pragma unroll
    for (int u = 0; u < 4; ++u) {
#pragma unroll
      for (int k = 0; k < CHAINS; ++k) x[k] = fma(x[k], a, b);
    }
  }
  float sum = 0;
#pragma unroll
  for (int k = 0; k < CHAINS; ++k) sum += x[k];
  sink[blockIdx.x * blockDim.x + threadIdx.x] = sum;
  __syncthreads();
  const unsigned long long t1 = ubench_clock();
  if (threadIdx.x == 0) {
    cycles[blockIdx.x] = t1 - t0;
    flops[blockIdx.x] = 2ull * CHAINS * iters * blockDim.x;
  }
}
