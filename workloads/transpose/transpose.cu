// Matrix transpose, out = in^T (in: rows x cols, row-major; out: cols x rows), three ways, after
// NVIDIA's "An Efficient Matrix Transpose in CUDA C/C++" (Harris). All three launch 32 x 8 thread
// blocks over 32 x 32 tiles, each thread moving 4 elements. rows and cols: multiples of 32.
//
//   transpose_naive          reads coalesced rows, writes columns: every warp store touches 32
//                            different 128-byte lines (uncoalesced writes).
//   transpose_tiled          stages a 32 x 32 tile in shared memory so that both the global read
//                            and the global write are coalesced; but the column read from the
//                            tile hits one bank 32 times (32-way bank conflicts).
//   transpose_tiled_padded   the same with a 32 x 33 tile: the padding column shifts each row by
//                            one bank, so the column read is conflict-free.
#define TILE_DIM 32
#define BLOCK_ROWS 8

extern "C" __global__ void transpose_naive(const float* in, float* out, int rows, int cols) {
  const int x = blockIdx.x * TILE_DIM + threadIdx.x;  // column in `in`
  const int y = blockIdx.y * TILE_DIM + threadIdx.y;  // row in `in`
  for (int j = 0; j < TILE_DIM; j += BLOCK_ROWS) out[x * rows + (y + j)] = in[(y + j) * cols + x];
}

extern "C" __global__ void transpose_tiled(const float* in, float* out, int rows, int cols) {
  __shared__ float tile[TILE_DIM][TILE_DIM];
  int x = blockIdx.x * TILE_DIM + threadIdx.x;
  int y = blockIdx.y * TILE_DIM + threadIdx.y;
  for (int j = 0; j < TILE_DIM; j += BLOCK_ROWS) tile[threadIdx.y + j][threadIdx.x] = in[(y + j) * cols + x];
  __syncthreads();
  x = blockIdx.y * TILE_DIM + threadIdx.x;  // transposed block offset
  y = blockIdx.x * TILE_DIM + threadIdx.y;
  for (int j = 0; j < TILE_DIM; j += BLOCK_ROWS) out[(y + j) * rows + x] = tile[threadIdx.x][threadIdx.y + j];
}

extern "C" __global__ void transpose_tiled_padded(const float* in, float* out, int rows, int cols) {
  __shared__ float tile[TILE_DIM][TILE_DIM + 1];
  int x = blockIdx.x * TILE_DIM + threadIdx.x;
  int y = blockIdx.y * TILE_DIM + threadIdx.y;
  for (int j = 0; j < TILE_DIM; j += BLOCK_ROWS) tile[threadIdx.y + j][threadIdx.x] = in[(y + j) * cols + x];
  __syncthreads();
  x = blockIdx.y * TILE_DIM + threadIdx.x;
  y = blockIdx.x * TILE_DIM + threadIdx.y;
  for (int j = 0; j < TILE_DIM; j += BLOCK_ROWS) out[(y + j) * rows + x] = tile[threadIdx.x][threadIdx.y + j];
}
