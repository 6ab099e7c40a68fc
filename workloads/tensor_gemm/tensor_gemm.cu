// C = A * B on the tensor cores with the CUDA WMMA API (mma.h): A (M x K) and B (K x N) in half
// precision, row-major; C (M x N) in single precision, row-major. Each warp computes one 16 x 16
// tile of C, walking K in steps of 16: load_matrix_sync A and B fragments straight from global
// memory, mma_sync (16x16x16, fp32 accumulate), then store_matrix_sync. After NVIDIA's
// simpleTensorCoreGEMM sample. M, N, K: multiples of 16. nvcc emits wmma.load.{a,b}.sync,
// wmma.mma.sync.aligned.row.row.m16n16k16.f32.f32 and wmma.store.d.sync for sm_75.
#include <mma.h>
using namespace nvcuda;

#define WMMA_M 16
#define WMMA_N 16
#define WMMA_K 16

extern "C" __global__ void tensor_gemm(const half* A, const half* B, float* C, int M, int N, int K) {
  const int warp_m = (blockIdx.x * blockDim.x + threadIdx.x) / warpSize;  // tile row
  const int warp_n = blockIdx.y * blockDim.y + threadIdx.y;               // tile column
  const int row = warp_m * WMMA_M, col = warp_n * WMMA_N;
  if (row >= M || col >= N) return;

  wmma::fragment<wmma::matrix_a, WMMA_M, WMMA_N, WMMA_K, half, wmma::row_major> a;
  wmma::fragment<wmma::matrix_b, WMMA_M, WMMA_N, WMMA_K, half, wmma::row_major> b;
  wmma::fragment<wmma::accumulator, WMMA_M, WMMA_N, WMMA_K, float> acc;
  wmma::fill_fragment(acc, 0.0f);

  for (int k = 0; k < K; k += WMMA_K) {
    wmma::load_matrix_sync(a, A + (size_t)row * K + k, K);
    wmma::load_matrix_sync(b, B + (size_t)k * N + col, N);
    wmma::mma_sync(acc, a, b, acc);
  }
  wmma::store_matrix_sync(C + (size_t)row * N + col, acc, N, wmma::mem_row_major);
}
