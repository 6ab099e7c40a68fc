// Eight halves moved as one 16-byte access (a 128-bit load), as the memory-bound large-model
// kernels move their data. Included by the workloads in ../ (scripts/gen_ptx.sh compiles each
// from its own folder).
#pragma once

#include <cuda_fp16.h>

struct Half8 {
  __half2 h[4];
};

__device__ __forceinline__ Half8 load8(const __half* p) {
  const uint4 v = *reinterpret_cast<const uint4*>(p);
  return *reinterpret_cast<const Half8*>(&v);
}
