// Tensor-core and asynchronous-copy building blocks of the sm_80 large-model kernels, written as
// the PTX they are (CUTLASS and FlashAttention use the same instructions): mma.sync m16n8k16 with
// f16 inputs and f32 accumulators, and 16-byte cp.async copies with their commit / wait.
//
// Fragment layout of mma.m16n8k16 (PTX ISA, "Matrix fragments for mma.m16n8k16"), lane = 4 g + t:
//   A (16 x 16, row): a[0] = A[g][2t..2t+1], a[1] = A[g+8][2t..], a[2] = A[g][2t+8..], a[3] = A[g+8][2t+8..]
//   B (16 x 8, col):  b[0] = B[2t..2t+1][g],  b[1] = B[2t+8..2t+9][g]
//   C, D (16 x 8):    c[0..1] = C[g][2t..2t+1], c[2..3] = C[g+8][2t..2t+1]
// A sum over k does not care in which order k is enumerated, so the kernels may give the 16
// positions of a k step any physical meaning, as long as A and B agree: that lets a lane fetch
// its fragments of two k steps with one 16-byte load (see flash_attn.cu).
#pragma once

#include <cuda_fp16.h>

__device__ __forceinline__ unsigned shared_address(const void* p) {
  return static_cast<unsigned>(__cvta_generic_to_shared(p));
}

__device__ __forceinline__ void cp_async16(void* shared_dst, const void* global_src) {
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16;\n" ::"r"(shared_address(shared_dst)), "l"(global_src));
}

__device__ __forceinline__ void cp_async_commit() { asm volatile("cp.async.commit_group;\n" ::); }

// Waits until at most N committed groups of this thread are still in flight.
template <int N>
__device__ __forceinline__ void cp_async_wait() {
  asm volatile("cp.async.wait_group %0;\n" ::"n"(N));
}

// d += A B, m16n8k16, f16 A and B, f32 accumulators.
__device__ __forceinline__ void mma_16816(float d[4], unsigned a0, unsigned a1, unsigned a2, unsigned a3,
                                          unsigned b0, unsigned b1) {
  asm volatile(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, "
      "{%0, %1, %2, %3};\n"
      : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
      : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(b0), "r"(b1));
}

// Two f32 values rounded to f16 (nearest even) and packed, the first in the low half.
__device__ __forceinline__ unsigned pack_half2(float lo, float hi) {
  const __half2 h = __floats2half2_rn(lo, hi);
  return *reinterpret_cast<const unsigned*>(&h);
}
