// Kernel launch overhead (v100.md §3: ~7,258 cycles end to end measured on V100; Accel-Sim models
// 5,000): a manifest launches this nearly empty kernel K times back to back; each launch k
// stores the clock at its start in t[k]. The start-to-start interval of consecutive launches is
// the launch overhead plus the (tiny) kernel itself:
//   cycles per launch = (t[K-1] - t[0]) / (K - 1)   (reports t_first, t_last, launches).
#include "../common/ubench.cuh"

extern "C" __global__ void stamp(unsigned long long* t, unsigned k) {
  if (blockIdx.x == 0 && threadIdx.x == 0) t[k] = ubench_clock();
}
