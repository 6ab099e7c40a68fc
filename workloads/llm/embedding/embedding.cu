// Token embedding lookup, the first op of every forward pass: out[t][:] = table[ids[t]][:], a
// gather of rows of a [vocab][hidden] f16 table by token id. Pure data movement: one block per
// token, 16-byte copies (8 halves) per thread, hidden a multiple of 8. Ids out of [0, vocab)
// give a zero row (as padding tokens do in some engines).
#include <cuda_fp16.h>

extern "C" __global__ void embedding(const __half* __restrict__ table, const unsigned* __restrict__ ids,
                                     __half* __restrict__ out, unsigned vocab, unsigned hidden) {
  const unsigned t = blockIdx.x;
  const unsigned id = ids[t];
  uint4* dst = reinterpret_cast<uint4*>(out + (size_t)t * hidden);
  const uint4* src = reinterpret_cast<const uint4*>(table + (size_t)id * hidden);
  for (unsigned c = threadIdx.x; c < hidden / 8; c += blockDim.x)
    dst[c] = id < vocab ? src[c] : make_uint4(0, 0, 0, 0);
}
