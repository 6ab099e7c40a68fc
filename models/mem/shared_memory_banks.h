// Bank conflicts of one warp's shared-memory access: 32 banks of 4-byte words; lanes reading the
// same word are served by one broadcast, different words in the same bank serialise. The access
// takes as many passes as the most-loaded bank has distinct words (v100.md §1: n-way = n passes).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

#include "isa/warp_stream.h"

namespace warpsim {

inline uint32_t shared_access_passes(const WarpInst& inst, uint32_t banks, uint32_t bank_bytes) {
  // Distinct words touched (an access of up to 16 B covers up to 4 words).
  std::array<uint64_t, 4 * kWarpSize> words;
  uint32_t n = 0;
  // Banks are a power of two bytes wide in every real design: a shift instead of two divisions.
  const bool pow2 = (bank_bytes & (bank_bytes - 1)) == 0;
  const unsigned shift = unsigned(__builtin_ctz(bank_bytes));
  auto word_of = [&](uint64_t a) { return pow2 ? a >> shift : a / bank_bytes; };
  const uint32_t bytes = std::max<uint32_t>(inst.access_bytes, 1);
  for (uint32_t mask = inst.active_mask; mask != 0; mask &= mask - 1) {
    const uint64_t addr = inst.addr[unsigned(__builtin_ctz(mask))];
    const uint64_t first = word_of(addr);
    const uint64_t last = word_of(addr + bytes - 1);
    for (uint64_t w = first; w <= last && n < words.size(); ++w) words[n++] = w;
  }
  if (n == 0) return 0;
  std::sort(words.begin(), words.begin() + n);
  n = uint32_t(std::unique(words.begin(), words.begin() + n) - words.begin());
  std::array<uint32_t, 64> per_bank{};
  uint32_t passes = 0;
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t& c = per_bank[words[i] % std::min<uint32_t>(banks, 64)];
    passes = std::max(passes, ++c);
  }
  // Wide accesses (8/16 B per lane) move at most banks*bank_bytes per pass.
  const uint32_t bandwidth_passes = (n + banks - 1) / banks;
  return std::max(passes, bandwidth_passes);
}

}  // namespace warpsim
