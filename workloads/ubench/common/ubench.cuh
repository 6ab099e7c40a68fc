// Shared pieces of the microbenchmarks (workloads/ubench/*), after the shapes of
// ../../../../shared/reference/v100.md §4 (Jia et al. 2018; gpu-benches; Accel-Sim's tuner).
//
// Conventions of every microbenchmark's manifest `report:`:
//   <what>_cycles  elapsed core cycles measured in the kernel with %clock64
//   <what>_count   how many operations (loads, instructions, ...) those cycles cover
//   <what>_bytes   bytes moved in those cycles
// and scripts/calibrate.sh divides (cycles per op, bytes per cycle). Raw totals, never ratios,
// so the numbers stay meaningful when a manifest changes its sizes.
#pragma once

// clock64() with a memory clobber: nvcc keeps every load and store of the program on its side of
// the read. (CUDA's clock64() is the same `mov.u64 %0, %clock64` without the clobber.) The
// hardware reads the clock when the instruction issues, so a timed region ends with a store of
// a value that depends on its last operation: in-order issue makes the closing clock read wait
// for that value.
__device__ __forceinline__ unsigned long long ubench_clock() {
  unsigned long long t;
  asm volatile("mov.u64 %0, %%clock64;" : "=l"(t) : : "memory");
  return t;
}
