// DRAM stream bandwidth of the whole chip (v100.md §3: read 866, write 895, copy/triad ~802-814
// GB/s on V100 = 96-99 % / ~90 % of the 900 GB/s peak), the STREAM / gpu-benches shapes: a full
// grid, grid-stride, 16-byte elements, arrays far larger than the L2, one pass per launch:
//   dram_read   sum of a          (16 B read per element)
//   dram_write  b = value         (16 B written)
//   dram_copy   c = a             (16 B read + 16 B written)
//   dram_triad  a = b + s c       (32 B read + 16 B written)
// Each kernel records t_start[block] / t_end[block] (clock at block start / after its last
// access) and bytes[slot] = bytes moved. GB/s = bytes / (max t_end - min t_start) x core clock.
#include "../common/ubench.cuh"

__device__ __forceinline__ unsigned warp_sum(unsigned v) {
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}

// Records the block's window; the first block also stores the byte count.
__device__ __forceinline__ void record(unsigned long long t0, unsigned long long* t_start, unsigned long long* t_end,
                                       unsigned long long* bytes, unsigned slot, unsigned long long nbytes) {
  __syncthreads();
  const unsigned long long t1 = ubench_clock();
  if (threadIdx.x == 0) {
    t_start[blockIdx.x] = t0;
    t_end[blockIdx.x] = t1;
    if (blockIdx.x == 0) bytes[slot] = nbytes;
  }
}

extern "C" __global__ void dram_read(const uint4* a, unsigned n_vec, unsigned long long* t_start,
                                     unsigned long long* t_end, unsigned long long* bytes, unsigned* sink) {
  const unsigned long long t0 = ubench_clock();
  unsigned acc = 0;
  for (unsigned i = blockIdx.x * blockDim.x + threadIdx.x; i < n_vec; i += blockDim.x * gridDim.x) {
    const uint4 v = a[i];
    acc += v.x + v.y + v.z + v.w;
  }
  record(t0, t_start, t_end, bytes, 0, (unsigned long long)n_vec * 16);
  acc = warp_sum(acc);
  if (threadIdx.x % 32 == 0) atomicAdd(sink, acc);
}

extern "C" __global__ void dram_write(uint4* b, unsigned n_vec, unsigned value, unsigned long long* t_start,
                                      unsigned long long* t_end, unsigned long long* bytes) {
  const unsigned long long t0 = ubench_clock();
  for (unsigned i = blockIdx.x * blockDim.x + threadIdx.x; i < n_vec; i += blockDim.x * gridDim.x)
    b[i] = make_uint4(value, value, value, value);
  record(t0, t_start, t_end, bytes, 1, (unsigned long long)n_vec * 16);
}

extern "C" __global__ void dram_copy(const uint4* a, uint4* c, unsigned n_vec, unsigned long long* t_start,
                                     unsigned long long* t_end, unsigned long long* bytes) {
  const unsigned long long t0 = ubench_clock();
  for (unsigned i = blockIdx.x * blockDim.x + threadIdx.x; i < n_vec; i += blockDim.x * gridDim.x) c[i] = a[i];
  record(t0, t_start, t_end, bytes, 2, (unsigned long long)n_vec * 32);
}

extern "C" __global__ void dram_triad(float4* a, const float4* b, const float4* c, float s, unsigned n_vec,
                                      unsigned long long* t_start, unsigned long long* t_end,
                                      unsigned long long* bytes) {
  const unsigned long long t0 = ubench_clock();
  for (unsigned i = blockIdx.x * blockDim.x + threadIdx.x; i < n_vec; i += blockDim.x * gridDim.x) {
    const float4 x = b[i], y = c[i];
    a[i] = make_float4(x.x + s * y.x, x.y + s * y.y, x.z + s * y.z, x.w + s * y.w);
  }
  record(t0, t_start, t_end, bytes, 3, (unsigned long long)n_vec * 48);
}
