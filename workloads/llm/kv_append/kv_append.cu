// Decode-step KV-cache append: this step's keys and values k_new, v_new [batch][heads][128] (f16)
// are written into the caches k_cache, v_cache [batch][heads][ctx][128] at each sequence's
// position pos[b] (sequences of a batch are at different lengths). Pure data movement: 256 bytes
// per head and tensor, 16 threads of 16-byte copies each. Grid (heads * 32 / blockDim.x, batch):
// a 32-thread group per head, its first 16 threads copy K, the other 16 V.
#include <cuda_fp16.h>

extern "C" __global__ void kv_append(const __half* __restrict__ k_new, const __half* __restrict__ v_new,
                                     __half* __restrict__ k_cache, __half* __restrict__ v_cache,
                                     const unsigned* __restrict__ pos, unsigned heads, unsigned ctx) {
  const unsigned b = blockIdx.y;
  const unsigned j = blockIdx.x * blockDim.x + threadIdx.x;
  const unsigned h = j / 32, part = (j / 16) % 2, chunk = j % 16;
  if (h >= heads) return;
  const unsigned p = pos[b];
  if (p >= ctx) return;
  const size_t src = ((size_t)b * heads + h) * 128 + chunk * 8;
  const size_t dst = (((size_t)b * heads + h) * ctx + p) * 128 + chunk * 8;
  const __half* from = part ? v_new : k_new;
  __half* to = part ? v_cache : k_cache;
  *reinterpret_cast<uint4*>(to + dst) = *reinterpret_cast<const uint4*>(from + src);
}
