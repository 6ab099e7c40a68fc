// C = alpha * A * B + beta * C, single precision, row-major, A: M x K, B: K x N, C: M x N.
// The textbook shared-memory tiling (CUDA C Programming Guide, "Shared Memory"): each 16 x 16
// block computes a 16 x 16 tile of C, staging one 16 x 16 tile of A and of B at a time in shared
// memory, so every global element is loaded once per tile instead of once per product.
// Bounds-checked: M, N, K need not be multiples of the tile.
#define TILE 16

extern "C" __global__ void sgemm(const float* A, const float* B, float* C, int M, int N, int K,
                                 float alpha, float beta) {
  __shared__ float As[TILE][TILE];
  __shared__ float Bs[TILE][TILE];

  const int tx = threadIdx.x, ty = threadIdx.y;
  const int row = blockIdx.y * TILE + ty;
  const int col = blockIdx.x * TILE + tx;

  float acc = 0.0f;
  for (int t = 0; t < K; t += TILE) {
    As[ty][tx] = (row < M && t + tx < K) ? A[row * K + t + tx] : 0.0f;
    Bs[ty][tx] = (t + ty < K && col < N) ? B[(t + ty) * N + col] : 0.0f;
    __syncthreads();
#pragma unroll
    for (int k = 0; k < TILE; ++k) acc += As[ty][k] * Bs[k][tx];
    __syncthreads();
  }
  if (row < M && col < N) C[row * N + col] = alpha * acc + beta * C[row * N + col];
}
