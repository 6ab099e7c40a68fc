// Shared-memory bank conflicts (v100.md §3-4): the lanes of every warp read word lane * stride of
// a shared array, so stride 1 is conflict-free, and stride 2, 4, 8, 16, 32 put 2, 4, 8, 16, 32
// lanes in one bank (distinct words: no broadcast) - n passes through the banks for an n-way
// conflict. One block per SM; every warp repeats the read `passes` x 4 times (4 loads per inline
// PTX block, issued back to back), so the shared-memory pipe, not latency, sets the time. One
// launch per stride; the hardware takes 2.0x, 4.15x, 8.4x, 16.9x the conflict-free time.
//   out[2 slot] = cycles of block 0, out[2 slot + 1] = warp loads it issued (passes x 4 x warps);
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
  unsigned acc0 = 0, acc1 = 0, acc2 = 0, acc3 = 0;
  const unsigned long long t0 = ubench_clock();
  for (unsigned r = 0; r < passes; ++r) {
    unsigned v0, v1, v2, v3;
    asm volatile(
        "ld.shared.u32 %0, [%4];\n\t"
        "ld.shared.u32 %1, [%4];\n\t"
        "ld.shared.u32 %2, [%4];\n\t"
        "ld.shared.u32 %3, [%4];"
        : "=r"(v0), "=r"(v1), "=r"(v2), "=r"(v3)
        : "r"(a));
    acc0 += v0;
    acc1 += v1;
    acc2 += v2;
    acc3 += v3;
  }
  __syncthreads();
  const unsigned long long t1 = ubench_clock();
  if (blockIdx.x == 0 && threadIdx.x == 0) {
    out[2 * slot] = t1 - t0;
    out[2 * slot + 1] = (unsigned long long)passes * 4 * ((blockDim.x + 31) / 32);
  }
  sink[blockIdx.x * blockDim.x + threadIdx.x] = acc0 + acc1 + acc2 + acc3;
}
