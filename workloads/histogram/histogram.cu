// 256-bin histogram of bytes. Each block builds a private histogram in shared memory with
// shared-memory atomics (fast, contended only within the block), then adds it to the global
// histogram with one global atomicAdd per bin: the privatisation pattern of every histogram
// tutorial. bins must be zeroed before the launch. blockDim.x >= 256.
#define NUM_BINS 256

extern "C" __global__ void histogram(const unsigned char* data, unsigned n, unsigned* bins) {
  __shared__ unsigned local[NUM_BINS];
  for (unsigned b = threadIdx.x; b < NUM_BINS; b += blockDim.x) local[b] = 0;
  __syncthreads();

  for (unsigned i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
    atomicAdd(&local[data[i]], 1u);
  __syncthreads();

  for (unsigned b = threadIdx.x; b < NUM_BINS; b += blockDim.x) {
    const unsigned count = local[b];
    if (count != 0) atomicAdd(&bins[b], count);
  }
}
