// Sum of a float array in two launches: every block reduces a grid-stride share of the input to
// one partial sum; a second launch of one block reduces the partial sums.
//
// Inside a block: each thread's running sum goes to shared memory, a shared-memory tree halves
// the active threads down to 64 values (a barrier per step), and the last warp finishes with
// register shuffles (__shfl_down_sync), which need neither shared memory nor barriers.
// Requires blockDim.x a power of two >= 64; dynamic shared memory = blockDim.x floats.
extern "C" __global__ void reduce_sum(const float* in, float* out, unsigned n) {
  extern __shared__ float sdata[];
  unsigned tid = threadIdx.x;

  float sum = 0.0f;
  for (unsigned i = blockIdx.x * blockDim.x + tid; i < n; i += blockDim.x * gridDim.x) sum += in[i];
  sdata[tid] = sum;
  __syncthreads();

  for (unsigned s = blockDim.x / 2; s > 32; s >>= 1) {
    if (tid < s) sdata[tid] += sdata[tid + s];
    __syncthreads();
  }

  if (tid < 32) {
    float v = sdata[tid] + sdata[tid + 32];
    for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_down_sync(0xffffffffu, v, offset);
    if (tid == 0) out[blockIdx.x] = v;
  }
}
