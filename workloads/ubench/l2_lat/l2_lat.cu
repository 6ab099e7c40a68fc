// L2 hit latency: one thread chases pointers with ld.global.cg (__ldcg: cache in L2 only, bypass
// L1) through a footprint between the L1 and the L2 (v100.md §2). A first lap brings every node
// into the L2; the second lap is timed.
//   out[0] = cycles of the timed lap, out[1] = loads in it, final[0] = byte offset of the final node.
// cycles per load = out[0] / out[1]. Launch with one thread, after chase_init_seq.
#include "../common/chase.cuh"
#include "../common/ubench.cuh"

extern "C" __global__ void l2_lat(const unsigned long long* chain, unsigned iters, unsigned long long* out,
                                  unsigned long long* final) {
  const unsigned long long* p = chain;
  for (unsigned i = 0; i < iters; ++i) p = (const unsigned long long*)__ldcg(p);  // warm-up lap
  const unsigned long long t0 = ubench_clock();
  for (unsigned i = 0; i < iters; ++i) p = (const unsigned long long*)__ldcg(p);
  final[0] = (unsigned long long)((const char*)p - (const char*)chain);
  const unsigned long long t1 = ubench_clock();
  out[0] = t1 - t0;
  out[1] = iters;
}
