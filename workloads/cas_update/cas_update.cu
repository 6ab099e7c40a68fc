// Lock-free updates built on atomicCAS, the pattern for every atomic CUDA does not provide:
//
//   keyed_max   out[keys[i]] = max(out[keys[i]], vals[i]) for floats, with the classic CAS loop
//               (read, compare, try to swap in the new bits, retry with what was there if another
//               thread got in first; stop early when the stored value is already larger).
//               Threads of one warp that hit the same key serialise: one CAS wins per retry.
//   list_push   every thread pushes its node onto a shared singly linked list (a Treiber stack):
//               next[node] = head; CAS head from that value to node; retry on failure.
//   list_walk   one thread walks the list and writes (count, sum of nodes, sum of squares) so the
//               result can be checked whatever order the pushes won in.
// out must start at -inf; head at 0xffffffff (the empty list).
#define EMPTY 0xffffffffu

__device__ float atomic_max_float(float* addr, float val) {
  int* a = reinterpret_cast<int*>(addr);
  int old = *a;
  while (__int_as_float(old) < val) {
    const int assumed = old;
    old = atomicCAS(a, assumed, __float_as_int(val));
    if (old == assumed) break;
  }
  return __int_as_float(old);
}

extern "C" __global__ void keyed_max(const unsigned* keys, const float* vals, float* out, unsigned n) {
  for (unsigned i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
    atomic_max_float(&out[keys[i]], vals[i]);
}

extern "C" __global__ void list_push(unsigned* head, unsigned* next, unsigned n) {
  const unsigned node = blockIdx.x * blockDim.x + threadIdx.x;
  if (node >= n) return;
  unsigned old;
  do {
    old = *(volatile unsigned*)head;
    next[node] = old;
  } while (atomicCAS(head, old, node) != old);
}

extern "C" __global__ void list_walk(const unsigned* head, const unsigned* next, unsigned* result, unsigned n) {
  if (blockIdx.x != 0 || threadIdx.x != 0) return;
  unsigned count = 0, sum = 0, sum_sq = 0;
  for (unsigned node = *head; node != EMPTY && count <= n; node = next[node]) {
    ++count;
    sum += node;
    sum_sq += node * node;
  }
  result[0] = count;
  result[1] = sum;
  result[2] = sum_sq;
}
