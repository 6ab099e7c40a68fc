// L2 flush for the DRAM latency microbenchmarks (dram_lat_seq, dram_lat_rand).
#pragma once

// Reads a buffer much larger than the L2 (grid-stride, 16-byte loads) so that what an earlier
// kernel left in the L2 (the freshly written chain, dirty in a write-back L2) is written back and
// evicted, and a following chase starts cold. The sum goes to *sink only if it equals a value the
// data never produces, to keep the loads alive without adding stores.
extern "C" __global__ void l2_flush(const uint4* buf, unsigned n_vec, unsigned* sink) {
  unsigned acc = 0;
  for (unsigned i = blockIdx.x * blockDim.x + threadIdx.x; i < n_vec; i += blockDim.x * gridDim.x) {
    const uint4 v = buf[i];
    acc += v.x ^ v.y ^ v.z ^ v.w;
  }
  if (acc == 0xdeadbeefu) *sink = acc;
}
