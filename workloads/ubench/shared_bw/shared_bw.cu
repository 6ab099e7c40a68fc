// Shared-memory bandwidth per SM (v100.md §3: 126.5 B/clk/SM with 32-bit loads, 127.9 with
// 64-bit): one block per SM (grid <= SM count); in every pass each thread reads the words tid,
// tid + blockDim, tid + 2 blockDim and tid + 3 blockDim of a shared array (consecutive words
// across a warp: conflict-free). The four loads of a pass are one inline-PTX block, so they
// issue back to back before the adds that consume them (in-order issue would otherwise stall
// each add on its load and keep one load per warp in flight); asm volatile also keeps nvcc from
// hoisting the loads out of the pass loop. Two kernels: 32-bit loads (128 B per warp load) and
// 64-bit loads (256 B).
//   cycles[block], bytes[block]: timed cycles and bytes loaded; sink[thread]: the thread's sum.
// bytes per cycle per SM = sum(bytes) / sum(cycles). blockDim.x <= 512.
#include "../common/ubench.cuh"

#define WORDS 2048  // 8 KB of u32, 16 KB of u64

extern "C" __global__ void shared_bw32(unsigned passes, unsigned long long* cycles, unsigned long long* bytes,
                                       unsigned* sink) {
  __shared__ unsigned s[WORDS];
  for (unsigned i = threadIdx.x; i < WORDS; i += blockDim.x) s[i] = i;
  __syncthreads();
  const unsigned a = (unsigned)__cvta_generic_to_shared(s + threadIdx.x), step = blockDim.x * 4;
  const unsigned a1 = a + step, a2 = a + 2 * step, a3 = a + 3 * step;
  unsigned acc0 = 0, acc1 = 0, acc2 = 0, acc3 = 0;
  const unsigned long long t0 = ubench_clock();
  for (unsigned r = 0; r < passes; ++r) {
    unsigned v0, v1, v2, v3;
    asm volatile(
        "ld.shared.u32 %0, [%4];\n\t"
        "ld.shared.u32 %1, [%5];\n\t"
        "ld.shared.u32 %2, [%6];\n\t"
        "ld.shared.u32 %3, [%7];"
        : "=r"(v0), "=r"(v1), "=r"(v2), "=r"(v3)
        : "r"(a), "r"(a1), "r"(a2), "r"(a3));
    acc0 += v0;
    acc1 += v1;
    acc2 += v2;
    acc3 += v3;
  }
  __syncthreads();
  const unsigned long long t1 = ubench_clock();
  if (threadIdx.x == 0) {
    cycles[blockIdx.x] = t1 - t0;
    bytes[blockIdx.x] = (unsigned long long)passes * 4 * blockDim.x * 4;
  }
  sink[blockIdx.x * blockDim.x + threadIdx.x] = acc0 + acc1 + acc2 + acc3;
}

extern "C" __global__ void shared_bw64(unsigned passes, unsigned long long* cycles, unsigned long long* bytes,
                                       unsigned* sink) {
  __shared__ unsigned long long s[WORDS];
  for (unsigned i = threadIdx.x; i < WORDS; i += blockDim.x) s[i] = (unsigned long long)(2 * i + 1) << 32 | (2 * i);
  __syncthreads();
  const unsigned a = (unsigned)__cvta_generic_to_shared(s + threadIdx.x), step = blockDim.x * 8;
  const unsigned a1 = a + step, a2 = a + 2 * step, a3 = a + 3 * step;
  unsigned long long acc0 = 0, acc1 = 0, acc2 = 0, acc3 = 0;
  const unsigned long long t0 = ubench_clock();
  for (unsigned r = 0; r < passes; ++r) {
    unsigned long long v0, v1, v2, v3;
    asm volatile(
        "ld.shared.u64 %0, [%4];\n\t"
        "ld.shared.u64 %1, [%5];\n\t"
        "ld.shared.u64 %2, [%6];\n\t"
        "ld.shared.u64 %3, [%7];"
        : "=l"(v0), "=l"(v1), "=l"(v2), "=l"(v3)
        : "r"(a), "r"(a1), "r"(a2), "r"(a3));
    acc0 += v0;
    acc1 += v1;
    acc2 += v2;
    acc3 += v3;
  }
  __syncthreads();
  const unsigned long long t1 = ubench_clock();
  if (threadIdx.x == 0) {
    cycles[blockIdx.x] = t1 - t0;
    bytes[blockIdx.x] = (unsigned long long)passes * 4 * blockDim.x * 8;
  }
  const unsigned long long acc = acc0 + acc1 + acc2 + acc3;
  sink[blockIdx.x * blockDim.x + threadIdx.x] = (unsigned)acc + (unsigned)(acc >> 32);
}
