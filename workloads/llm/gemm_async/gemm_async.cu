// gen_ptx: -arch=sm_80
// C = A B on the tensor cores, A and B in f16, C in f32, with shared-memory tiles filled by
// asynchronous copies (cp.async) and double buffered: while the warps multiply one K tile, the
// next one streams into the other buffer, as large-model GEMMs do (CUTLASS's multistage).
//
// A block of 128 threads (4 warps) computes a 32 x 32 tile of C; each warp one 16 x 16 tile
// with WMMA. A K tile of A (32 x 32) and of B (32 x 32) is 2 KB each: one 16-byte cp.async per
// thread per matrix. M, N multiples of 32, K a multiple of 32.
#include <cuda_fp16.h>
#include <mma.h>

using namespace nvcuda;

namespace {

constexpr int kBM = 32, kBN = 32, kBK = 32;

__device__ __forceinline__ void copy16_async(void* shared_dst, const void* global_src) {
  const unsigned dst = static_cast<unsigned>(__cvta_generic_to_shared(shared_dst));
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16;\n" ::"r"(dst), "l"(global_src));
}

__device__ __forceinline__ void commit_copies() { asm volatile("cp.async.commit_group;\n" ::); }

// Waits until at most N committed groups are still in flight.
template <int N>
__device__ __forceinline__ void wait_copies() {
  asm volatile("cp.async.wait_group %0;\n" ::"n"(N));
}

}  // namespace

extern "C" __global__ void gemm_async(const half* A, const half* B, float* C, int M, int N, int K) {
  __shared__ __align__(16) half As[2][kBM][kBK];
  __shared__ __align__(16) half Bs[2][kBK][kBN];
  const int tid = threadIdx.x, warp = tid / 32;
  const int bm = blockIdx.y * kBM, bn = blockIdx.x * kBN;
  const int row = tid / 4, col = (tid % 4) * 8;  // this thread's 16-byte chunk of a tile

  auto fetch_tile = [&](int stage, int k0) {
    copy16_async(&As[stage][row][col], A + (size_t)(bm + row) * K + k0 + col);
    copy16_async(&Bs[stage][row][col], B + (size_t)(k0 + row) * N + bn + col);
    commit_copies();
  };

  wmma::fragment<wmma::accumulator, 16, 16, 16, float> acc;
  wmma::fill_fragment(acc, 0.0f);
  const int wm = (warp / 2) * 16, wn = (warp % 2) * 16;
  const int tiles = K / kBK;

  fetch_tile(0, 0);
  for (int t = 0; t < tiles; ++t) {
    if (t + 1 < tiles) {
      fetch_tile((t + 1) & 1, (t + 1) * kBK);
      wait_copies<1>();  // tile t has landed; tile t + 1 may still be in flight
    } else {
      wait_copies<0>();
    }
    __syncthreads();  // every thread's part of tile t is in shared memory
    const int s = t & 1;
#pragma unroll
    for (int kk = 0; kk < kBK; kk += 16) {
      wmma::fragment<wmma::matrix_a, 16, 16, 16, half, wmma::row_major> a;
      wmma::fragment<wmma::matrix_b, 16, 16, 16, half, wmma::row_major> b;
      wmma::load_matrix_sync(a, &As[s][wm][kk], kBK);
      wmma::load_matrix_sync(b, &Bs[s][kk][wn], kBN);
      wmma::mma_sync(acc, a, b, acc);
    }
    __syncthreads();  // the buffer is refilled by the next iteration's copies
  }
  wmma::store_matrix_sync(C + (size_t)(bm + wm) * N + bn + wn, acc, N, wmma::mem_row_major);
}
