// L1 hit latency: one thread chases pointers through a small footprint (<= 16 KB, v100.md §2)
// with ld.global.ca (__ldca: cache in L1). A first lap warms the L1; the second lap is timed.
//   out[0] = cycles of the timed lap, out[1] = loads in it, final[0] = byte offset of the node the
//   chase ended on (checks the chase; it is also the store the closing clock read waits for).
// cycles per load = out[0] / out[1]. Launch with one thread, after chase_init_seq.
#include "../common/chase.cuh"
#include "../common/ubench.cuh"

extern "C" __global__ void l1_lat(const unsigned long long* chain, unsigned iters, unsigned long long* out,
                                  unsigned long long* final) {
  const unsigned long long* p = chain;
  for (unsigned i = 0; i < iters; ++i) p = (const unsigned long long*)__ldca(p);  // warm-up lap
  const unsigned long long t0 = ubench_clock();
  for (unsigned i = 0; i < iters; ++i) p = (const unsigned long long*)__ldca(p);
  final[0] = (unsigned long long)((const char*)p - (const char*)chain);
  const unsigned long long t1 = ubench_clock();
  out[0] = t1 - t0;
  out[1] = iters;
}
