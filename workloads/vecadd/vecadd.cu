// c[i] = a[i] + b[i]: the "hello world" of CUDA. One element per thread, fully coalesced,
// a bounds check for the tail of the last block.
extern "C" __global__ void vecadd(const float* a, const float* b, float* c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = a[i] + b[i];
}
