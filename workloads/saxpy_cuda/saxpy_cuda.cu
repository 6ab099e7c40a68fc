// y = a*x + y, the BLAS level-1 classic, as users write it in CUDA. Same parameters, buffers and
// results as the hand-written chip-assembly workloads/saxpy, so the two can be compared
// instruction for instruction. nvcc contracts a*x + y into one fma.rn.f32.
extern "C" __global__ void saxpy(int n, float a, const float* x, float* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}
