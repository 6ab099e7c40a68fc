// Shared-memory bank conflicts (v100.md §3-4): the lanes of every warp read word lane * stride of
// a shared array, so stride 1 is conflict-free, and stride 2, 4, 8, 16, 32 put 2, 4, 8, 16, 32
// lanes in one bank (distinct words: no broadcast) - n passes through the banks for an n-way
// conflict. One block per SM; every warp repeats the read `passes` x 8 times (8 loads per inline
// PTX block, issued back to back), so the shared-memory pipe, not latency, sets the time. One
// launch per stride; the hardware takes 2.0x, 4.15x, 8.4x, 16.9x the conflict-free time.
//   out[2 slot] = cycles of block 0, out[2 slot + 1] = warp loads it issued (passes x 8 x warps);
//   sink[thread] = sum of the loaded words (lane * stride each).
// cycles per warp load = out[2 slot] / out[2 slot + 1]; the ratio to stride 1 is the conflict cost.
#include "../common/ubench.cuh"

#define WORDS 1024  // 32 lanes x stride 32

extern "C" __global__ void shared_conflict(unsigned stride, unsigned passes, unsigned slot, unsigned long long* out,
                                           unsigned* sink) {
  __shared__ unsigned s[WORDS];
  for (unsigned i = threadIdx.x; i < WORDS; i += blockDim.x) s[i] = i;
  __syncthreads();
  const unsigned a = (unsigned)__cvta_generic_to_shared(s + ((threadIdx.x % 32) * stride) % WORDS);
  unsigned acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  const unsigned long long t0 = ubench_clock();
  for (unsigned r = 0; r < passes; ++r) {
    unsigned v[8];
    asm volatile(
        "ld.shared.u32 %0, [%8];\n\tld.shared.u32 %1, [%8];\n\tld.shared.u32 %2, [%8];\n\t"
        "ld.shared.u32 %3, [%8];\n\tld.shared.u32 %4, [%8];\n\tld.shared.u32 %5, [%8];\n\t"
        "ld.shared.u32 %6, [%8];\n\tld.shared.u32 %7, [%8];"
        : "=r"(v[0]), "=r"(v[1]), "=r"(v[2]), "=r"(v[3]), "=r"(v[4]), "=r"(v[5]), "=r"(v[6]), "=r"(v[7])
        : "r"(a));
#pragma unroll
    for (int k = 0; k < 8; ++k) acc[k] += v[k];
  }
  __syncthreads();
  const unsigned long long t1 = ubench_clock();
  if (blockIdx.x == 0 && threadIdx.x == 0) {
    out[2 * slot] = t1 - t0;
    out[2 * slot + 1] = (unsigned long long)passes * 8 * ((blockDim.x + 31) / 32);
  }
  unsigned sum = 0;
#pragma unroll
  for (int k = 0; k < 8; ++k) sum += acc[k];
  sink[blockIdx.x * blockDim.x + threadIdx.x] = sum;
}
