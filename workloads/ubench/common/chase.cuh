// Pointer-chase set-up kernels shared by the latency microbenchmarks (l1_lat, l2_lat,
// dram_lat_seq, dram_lat_rand). Each of them is its own launch in a manifest, before the chase.
#pragma once

// Dependent-load chains (pointer chasing): chain[i * stride] holds the address of the next
// node, so the chase is a pure chain of loads (`p = *p`, no address arithmetic).
//
// chase_init_seq: node i -> node i + 1 (wrapping): consecutive addresses `stride_words` 8-byte
// words apart (32 B = one sector, 128 B = one line).
extern "C" __global__ void chase_init_seq(unsigned long long* chain, unsigned nodes, unsigned stride_words) {
  const unsigned i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < nodes) {
    const unsigned next = i + 1 == nodes ? 0 : i + 1;
    chain[(size_t)i * stride_words] = (unsigned long long)(chain + (size_t)next * stride_words);
  }
}

// chase_init_rand: node i -> node (1103515245 i + 12345) mod nodes, a full-period linear
// congruential permutation when `nodes` is a power of two (Hull-Dobell: the multiplier is
// 1 mod 4 and the increment odd), so the chase visits every node once per lap in a scattered
// order that defeats row-buffer locality and any prefetching.
extern "C" __global__ void chase_init_rand(unsigned long long* chain, unsigned nodes, unsigned stride_words) {
  const unsigned i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < nodes) {
    const unsigned next = (i * 1103515245u + 12345u) & (nodes - 1);
    chain[(size_t)i * stride_words] = (unsigned long long)(chain + (size_t)next * stride_words);
  }
}
