// L1 load bandwidth per SM (v100.md §3: ~126 B/clk/SM on V100): one block per SM (launch at most
// one block per SM: grid <= SM count), whose threads read a small array (it stays in the SM's
// L1) with 16-byte loads, block-stride, `passes` times after one untimed warm-up pass.
// Integer sums keep the loads alive and give an order-independent result to check.
//   cycles[block] = timed cycles of the block, bytes[block] = bytes it loaded in them,
//   sink[thread] = that thread's sum.
// bytes per cycle per SM = sum(bytes) / sum(cycles) (every block ran alone on its SM).
#include "../common/ubench.cuh"

extern "C" __global__ void l1_bw(const uint4* data, unsigned n_vec, unsigned passes, unsigned long long* cycles,
                                 unsigned long long* bytes, unsigned* sink) {
  unsigned acc = 0;
  for (unsigned i = threadIdx.x; i < n_vec; i += blockDim.x) {  // warm-up: fill the L1
    const uint4 v = data[i];
    acc += v.x + v.y + v.z + v.w;
  }
  __syncthreads();
  const unsigned long long t0 = ubench_clock();
  const unsigned b = blockDim.x;
  unsigned acc1 = 0, acc2 = 0, acc3 = 0;
  for (unsigned p = 0; p < passes; ++p) {
    // Four loads before their adds, so that each warp keeps four in flight (in-order issue would
    // otherwise wait for every load at its first use), and four independent sums so that the
    // adds do not form one long dependent chain. n_vec: a multiple of 4 blockDim.x.
    for (unsigned i = threadIdx.x; i < n_vec; i += 4 * b) {
      const uint4 v0 = data[i], v1 = data[i + b], v2 = data[i + 2 * b], v3 = data[i + 3 * b];
      acc += (v0.x + v0.y) + (v0.z + v0.w);
      acc1 += (v1.x + v1.y) + (v1.z + v1.w);
      acc2 += (v2.x + v2.y) + (v2.z + v2.w);
      acc3 += (v3.x + v3.y) + (v3.z + v3.w);
    }
  }
  __syncthreads();
  const unsigned long long t1 = ubench_clock();
  if (threadIdx.x == 0) {
    cycles[blockIdx.x] = t1 - t0;
    bytes[blockIdx.x] = (unsigned long long)passes * n_vec * 16;
  }
  sink[blockIdx.x * blockDim.x + threadIdx.x] = acc + acc1 + acc2 + acc3;
}
