// Exclusive prefix sum (scan) of unsigned integers, any length, in several launches:
//
//   scan_blocks   each block scans 2*blockDim.x elements in shared memory with the
//                 work-efficient Blelloch algorithm (up-sweep reduce, down-sweep distribute)
//                 and writes the block's total to block_sums (when block_sums is not null);
//   the block sums are scanned the same way (recursively, one more level per factor 2*blockDim);
//   add_offsets   adds each block's scanned offset to its elements.
//
// The shared array is padded by one word every 32 (GPU Gems 3, ch. 39, CONFLICT_FREE_OFFSET) so
// the tree's power-of-two strides do not all hit the same bank.
// Dynamic shared memory: (2*blockDim.x + 2*blockDim.x/32) * 4 bytes. blockDim.x a power of two.

#define LOG_NUM_BANKS 5
#define CONFLICT_FREE_OFFSET(i) ((i) >> LOG_NUM_BANKS)

extern "C" __global__ void scan_blocks(const unsigned* in, unsigned* out, unsigned* block_sums,
                                       unsigned n) {
  extern __shared__ unsigned temp[];
  const unsigned tid = threadIdx.x;
  const unsigned m = 2 * blockDim.x;  // elements per block
  const unsigned base = blockIdx.x * m;

  unsigned ai = tid, bi = tid + blockDim.x;
  unsigned bank_a = CONFLICT_FREE_OFFSET(ai), bank_b = CONFLICT_FREE_OFFSET(bi);
  temp[ai + bank_a] = base + ai < n ? in[base + ai] : 0;
  temp[bi + bank_b] = base + bi < n ? in[base + bi] : 0;

  // Up-sweep: build partial sums in place up the tree.
  unsigned offset = 1;
  for (unsigned d = m >> 1; d > 0; d >>= 1) {
    __syncthreads();
    if (tid < d) {
      unsigned a = offset * (2 * tid + 1) - 1;
      unsigned b = offset * (2 * tid + 2) - 1;
      a += CONFLICT_FREE_OFFSET(a);
      b += CONFLICT_FREE_OFFSET(b);
      temp[b] += temp[a];
    }
    offset *= 2;
  }

  // The root holds the block total; clear it and sweep down.
  if (tid == 0) {
    const unsigned last = m - 1 + CONFLICT_FREE_OFFSET(m - 1);
    if (block_sums != nullptr) block_sums[blockIdx.x] = temp[last];
    temp[last] = 0;
  }
  for (unsigned d = 1; d < m; d *= 2) {
    offset >>= 1;
    __syncthreads();
    if (tid < d) {
      unsigned a = offset * (2 * tid + 1) - 1;
      unsigned b = offset * (2 * tid + 2) - 1;
      a += CONFLICT_FREE_OFFSET(a);
      b += CONFLICT_FREE_OFFSET(b);
      unsigned t = temp[a];
      temp[a] = temp[b];
      temp[b] += t;
    }
  }
  __syncthreads();

  if (base + ai < n) out[base + ai] = temp[ai + bank_a];
  if (base + bi < n) out[base + bi] = temp[bi + bank_b];
}

// Adds each block's scanned offset to its 2*blockDim.x elements (GPU Gems' "uniform add"):
// launched with the grid and block of the scan_blocks launch whose output it completes.
extern "C" __global__ void add_offsets(unsigned* data, const unsigned* offsets, unsigned n) {
  const unsigned add = offsets[blockIdx.x];
  const unsigned i = blockIdx.x * 2 * blockDim.x + threadIdx.x;
  if (i < n) data[i] += add;
  if (i + blockDim.x < n) data[i + blockDim.x] += add;
}
