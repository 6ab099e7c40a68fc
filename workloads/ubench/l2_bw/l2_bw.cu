// L2 bandwidth of the whole chip (v100.md §3: ~1.77 KB/clk on V100, footprint 0.3-6 MB): a full
// grid reads a footprint that fits the L2 with ld.global.cg (__ldcg: no L1), grid-stride, 16-byte
// loads, `passes` times. l2_warm first reads the footprint once, so l2_bw finds it in the L2.
//   t_start[block], t_end[block] = clock when the block starts and when it has finished;
//   bytes[0] = bytes read; *sink += every thread's sum of the words (checks the data), one
//   atomic per block.
// bytes per cycle = bytes / (max t_end - min t_start) (one clock for the chip in the simulator;
// on hardware the SMs' clocks are not synchronised and one would use host timing).
#include "../common/ubench.cuh"

__device__ __forceinline__ unsigned warp_sum(unsigned v) {
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}

extern "C" __global__ void l2_warm(const uint4* data, unsigned n_vec, unsigned* sink) {
  unsigned acc = 0;
  for (unsigned i = blockIdx.x * blockDim.x + threadIdx.x; i < n_vec; i += blockDim.x * gridDim.x) {
    const uint4 v = __ldcg(&data[i]);
    acc += v.x + v.y + v.z + v.w;
  }
  acc = warp_sum(acc);
  if (threadIdx.x % 32 == 0) atomicAdd(sink, acc);
}

extern "C" __global__ void l2_bw(const uint4* data, unsigned n_vec, unsigned passes, unsigned long long* t_start,
                                 unsigned long long* t_end, unsigned long long* bytes, unsigned* sink) {
  const unsigned long long t0 = ubench_clock();
  unsigned acc = 0;
  for (unsigned p = 0; p < passes; ++p) {
    for (unsigned i = blockIdx.x * blockDim.x + threadIdx.x; i < n_vec; i += blockDim.x * gridDim.x) {
      const uint4 v = __ldcg(&data[i]);
      acc += v.x + v.y + v.z + v.w;
    }
  }
  __shared__ unsigned block_acc;
  if (threadIdx.x == 0) block_acc = 0;
  __syncthreads();
  const unsigned long long t1 = ubench_clock();
  if (threadIdx.x == 0) {
    t_start[blockIdx.x] = t0;
    t_end[blockIdx.x] = t1;
    if (blockIdx.x == 0) bytes[0] = (unsigned long long)passes * n_vec * 16;
  }
  // One global atomic per block, not per warp: blocks that finish first would otherwise queue
  // thousands of same-address atomics at one L2 slice while the others still stream from it.
  acc = warp_sum(acc);
  if (threadIdx.x % 32 == 0) atomicAdd(&block_acc, acc);
  __syncthreads();
  if (threadIdx.x == 0) atomicAdd(sink, block_acc);
}
