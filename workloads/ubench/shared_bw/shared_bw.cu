// Shared-memory bandwidth per SM (v100.md §3: 126.5 B/clk/SM with 32-bit loads, 127.9 with
// 64-bit): one block per SM (grid <= SM count); in every pass each thread reads the words
// tid + k blockDim, k = 0..7, of a shared array (consecutive words across a warp: conflict-free).
// The eight loads of a pass are one inline-PTX block, so they issue back to back before the adds
// that consume them (in-order issue would otherwise stall each add on its load and keep one load
// per warp in flight), and eight in flight per warp make the shared-memory pipe, not the warp
// scheduler's choices, the limit; asm volatile also keeps nvcc from hoisting the loads out of
// the pass loop. Two kernels: 32-bit loads (128 B per warp load) and 64-bit loads (256 B).
//   cycles[block], bytes[block]: timed cycles and bytes loaded; sink[thread]: the thread's sum.
// bytes per cycle per SM = sum(bytes) / sum(cycles). blockDim.x <= 512.
#include "../common/ubench.cuh"

#define LOADS 8               // per thread per pass
#define WORDS (LOADS * 512)   // 16 KB of u32, 32 KB of u64

// v[0..7] = the TYPE ("u32" / "u64", register constraint CON) words at addresses p[0..7].
#define LOAD8(TYPE, CON)                                                                             \
  asm volatile("ld.shared." TYPE " %0, [%8];\n\t"                                                    \
               "ld.shared." TYPE " %1, [%9];\n\t"                                                    \
               "ld.shared." TYPE " %2, [%10];\n\t"                                                   \
               "ld.shared." TYPE " %3, [%11];\n\t"                                                   \
               "ld.shared." TYPE " %4, [%12];\n\t"                                                   \
               "ld.shared." TYPE " %5, [%13];\n\t"                                                   \
               "ld.shared." TYPE " %6, [%14];\n\t"                                                   \
               "ld.shared." TYPE " %7, [%15];"                                                       \
               : "=" CON(v[0]), "=" CON(v[1]), "=" CON(v[2]), "=" CON(v[3]), "=" CON(v[4]),          \
                 "=" CON(v[5]), "=" CON(v[6]), "=" CON(v[7])                                        \
               : "r"(p[0]), "r"(p[1]), "r"(p[2]), "r"(p[3]), "r"(p[4]), "r"(p[5]), "r"(p[6]), "r"(p[7]))

extern "C" __global__ void shared_bw32(unsigned passes, unsigned long long* cycles, unsigned long long* bytes,
                                       unsigned* sink) {
  __shared__ unsigned s[WORDS];
  for (unsigned i = threadIdx.x; i < WORDS; i += blockDim.x) s[i] = i;
  __syncthreads();
  unsigned p[LOADS], acc[LOADS];
#pragma unroll
  for (int k = 0; k < LOADS; ++k) {
    p[k] = (unsigned)__cvta_generic_to_shared(s + threadIdx.x + k * blockDim.x);
    acc[k] = 0;
  }
  const unsigned long long t0 = ubench_clock();
  for (unsigned r = 0; r < passes; ++r) {
    unsigned v[LOADS];
    LOAD8("u32", "r");
#pragma unroll
    for (int k = 0; k < LOADS; ++k) acc[k] += v[k];
  }
  __syncthreads();
  const unsigned long long t1 = ubench_clock();
  if (threadIdx.x == 0) {
    cycles[blockIdx.x] = t1 - t0;
    bytes[blockIdx.x] = (unsigned long long)passes * LOADS * blockDim.x * 4;
  }
  unsigned sum = 0;
#pragma unroll
  for (int k = 0; k < LOADS; ++k) sum += acc[k];
  sink[blockIdx.x * blockDim.x + threadIdx.x] = sum;
}

extern "C" __global__ void shared_bw64(unsigned passes, unsigned long long* cycles, unsigned long long* bytes,
                                       unsigned* sink) {
  __shared__ unsigned long long s[WORDS];
  for (unsigned i = threadIdx.x; i < WORDS; i += blockDim.x) s[i] = (unsigned long long)(2 * i + 1) << 32 | (2 * i);
  __syncthreads();
  unsigned p[LOADS];
  unsigned long long acc[LOADS];
#pragma unroll
  for (int k = 0; k < LOADS; ++k) {
    p[k] = (unsigned)__cvta_generic_to_shared(s + threadIdx.x + k * blockDim.x);
    acc[k] = 0;
  }
  const unsigned long long t0 = ubench_clock();
  for (unsigned r = 0; r < passes; ++r) {
    unsigned long long v[LOADS];
    LOAD8("u64", "l");
#pragma unroll
    for (int k = 0; k < LOADS; ++k) acc[k] += v[k];
  }
  __syncthreads();
  const unsigned long long t1 = ubench_clock();
  if (threadIdx.x == 0) {
    cycles[blockIdx.x] = t1 - t0;
    bytes[blockIdx.x] = (unsigned long long)passes * LOADS * blockDim.x * 8;
  }
  unsigned long long sum = 0;
#pragma unroll
  for (int k = 0; k < LOADS; ++k) sum += acc[k];
  sink[blockIdx.x * blockDim.x + threadIdx.x] = (unsigned)sum + (unsigned)(sum >> 32);
}
