// Shared-memory load latency, two shapes (v100.md §2: 19 cycles for a pure load chain, 27 with
// address arithmetic):
//   pure    a[i] holds the shared-window address of a[i + stride]; the chase is
//           `ld.shared.u32 a, [a]` back to back (inline PTX, nothing between the loads);
//   index   b[i] holds the index i + stride; the chase is C's `j = b[j]` (shift and add
//           before every load).
// The block's threads build both rings (NODES words each); thread 0 chases. No warm-up is
// needed (shared memory has no cache state), but one untimed lap is run anyway for symmetry.
//   out[0] = pure cycles, out[1] = pure loads, out[2] = index cycles, out[3] = index loads;
//   final[0], final[1] = the node each chase ended on (a check).
// cycles per load = out[0] / out[1] and out[2] / out[3].
#include "../common/ubench.cuh"

#define NODES 1024

extern "C" __global__ void shared_lat(unsigned iters, unsigned stride, unsigned long long* out, unsigned long long* final) {
  __shared__ unsigned a[NODES];
  __shared__ unsigned b[NODES];
  const unsigned base = (unsigned)__cvta_generic_to_shared(a);
  for (unsigned i = threadIdx.x; i < NODES; i += blockDim.x) {
    const unsigned next = (i + stride) % NODES;
    a[i] = base + next * 4;
    b[i] = next;
  }
  __syncthreads();
  if (threadIdx.x != 0) return;

  unsigned addr = base;
  for (unsigned i = 0; i < iters; ++i) asm volatile("ld.shared.u32 %0, [%0];" : "+r"(addr));
  unsigned long long t0 = ubench_clock();
  for (unsigned i = 0; i < iters; ++i) asm volatile("ld.shared.u32 %0, [%0];" : "+r"(addr));
  final[0] = (addr - base) / 4;
  unsigned long long t1 = ubench_clock();
  out[0] = t1 - t0;
  out[1] = iters;

  unsigned j = 0;
  for (unsigned i = 0; i < iters; ++i) j = b[j];
  t0 = ubench_clock();
  for (unsigned i = 0; i < iters; ++i) j = b[j];
  final[1] = j;
  t1 = ubench_clock();
  out[2] = t1 - t0;
  out[3] = iters;
}
