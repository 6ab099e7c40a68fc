// Sparse matrix-vector product y = A x, A in CSR (row_ptr[rows + 1], col[nnz], val[nnz]),
// the two classic kernels of Bell & Garland ("Efficient Sparse Matrix-Vector Multiplication on
// CUDA", 2008):
//
//   spmv_csr_scalar  one thread per row: simple, but a warp's 32 rows have different lengths
//                    (divergent loop trip counts) and its loads are scattered over 32 rows;
//   spmv_csr_vector  one warp per row: lanes stride through the row together (coalesced), then
//                    the 32 partial sums are combined with __shfl_down_sync.
//
// The gather x[col[j]] is irregular in both.
extern "C" __global__ void spmv_csr_scalar(const unsigned* row_ptr, const unsigned* col, const float* val,
                                           const float* x, float* y, unsigned rows) {
  const unsigned row = blockIdx.x * blockDim.x + threadIdx.x;
  if (row < rows) {
    float sum = 0.0f;
    for (unsigned j = row_ptr[row]; j < row_ptr[row + 1]; ++j) sum += val[j] * x[col[j]];
    y[row] = sum;
  }
}

extern "C" __global__ void spmv_csr_vector(const unsigned* row_ptr, const unsigned* col, const float* val,
                                           const float* x, float* y, unsigned rows) {
  const unsigned row = (blockIdx.x * blockDim.x + threadIdx.x) / 32;  // one warp per row
  const unsigned lane = threadIdx.x % 32;
  if (row >= rows) return;  // whole warps leave together
  float sum = 0.0f;
  for (unsigned j = row_ptr[row] + lane; j < row_ptr[row + 1]; j += 32) sum += val[j] * x[col[j]];
  for (int offset = 16; offset > 0; offset >>= 1) sum += __shfl_down_sync(0xffffffffu, sum, offset);
  if (lane == 0) y[row] = sum;
}
