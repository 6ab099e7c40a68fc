// Atomic latency: one thread runs a chain of atomicAdd whose every operand is the previous
// atomic's result (v = atomicAdd(p, v)), so each atomic waits for the one before (v100.md §2:
// 244 cycles for global atomicAdd on V100). Global (the L2's atomic units) and shared.
// The values follow a Fibonacci recurrence: with *p = 0 and v = 1 before the first (untimed)
// atomic, p holds F(k+1) and v = F(k) after k atomics (mod 2^32) - a check of the chain.
//   out[0] = global cycles, out[1] = global atomics, out[2] = shared cycles, out[3] = shared
//   atomics; final = (v, *counter) after the global chain, then the same for the shared one.
// cycles per atomic = out[0] / out[1] and out[2] / out[3]. Launch with one thread; counter = 0.
#include "../common/ubench.cuh"

extern "C" __global__ void atomic_lat(unsigned* counter, unsigned iters, unsigned long long* out, unsigned* final) {
  __shared__ unsigned scounter;
  unsigned v = 1;
  v = atomicAdd(counter, v);  // untimed: brings the line to the L2
  unsigned long long t0 = ubench_clock();
  for (unsigned i = 0; i < iters; ++i) v = atomicAdd(counter, v);
  final[0] = v;
  unsigned long long t1 = ubench_clock();
  out[0] = t1 - t0;
  out[1] = iters;
  final[1] = *counter;

  scounter = 0;
  v = 1;
  v = atomicAdd(&scounter, v);
  t0 = ubench_clock();
  for (unsigned i = 0; i < iters; ++i) v = atomicAdd(&scounter, v);
  final[2] = v;
  final[3] = scounter;
  t1 = ubench_clock();
  out[2] = t1 - t0;
  out[3] = iters;
}
