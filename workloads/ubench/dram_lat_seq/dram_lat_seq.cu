// DRAM latency, sequential: consecutive nodes 32 B apart (one sector each), so
// successive misses fall in the same DRAM rows (v100.md: 313 cycles on V100).
// One thread chases pointers with ld.global.cg (__ldcg: no L1). The chain is written by
// chase_init_seq and then pushed out of the L2 by l2_flush (a read of a buffer twice the L2), so the
// chase starts cold and is timed from its first load: no warm-up lap (it would fill the L2).
// `iters` must not exceed the node count, so that no node is visited twice.
//   out[0] = cycles, out[1] = loads, final[0] = byte offset of the final node.
// cycles per load = out[0] / out[1]. Launches: chase_init_seq, l2_flush, dram_lat_seq (one thread).
#include "../common/chase.cuh"
#include "../common/flush.cuh"
#include "../common/ubench.cuh"

extern "C" __global__ void dram_lat_seq(const unsigned long long* chain, unsigned iters, unsigned long long* out,
                                        unsigned long long* final) {
  const unsigned long long* p = chain;
  const unsigned long long t0 = ubench_clock();
  for (unsigned i = 0; i < iters; ++i) p = (const unsigned long long*)__ldcg(p);
  final[0] = (unsigned long long)((const char*)p - (const char*)chain);
  const unsigned long long t1 = ubench_clock();
  out[0] = t1 - t0;
  out[1] = iters;
}
