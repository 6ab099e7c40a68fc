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
  // Distinct words touched (an access of up to 16 B covers up to 4 words), at most 128 counted.
  constexpr uint32_t kMaxWords = 4 * kWarpSize;
  // Banks are a power of two bytes wide in every real design: a shift instead of two divisions.
  const bool pow2 = (bank_bytes & (bank_bytes - 1)) == 0;
  const unsigned shift = unsigned(__builtin_ctz(bank_bytes));
  auto word_of = [&](uint64_t a) { return pow2 ? a >> shift : a / bank_bytes; };
  const uint32_t bytes = std::max<uint32_t>(inst.access_bytes, 1);
  const uint32_t bank_count = std::min<uint32_t>(banks, 64);
  // Each bank's distinct words so far, as a list through `next_of` (head_of[bank] = -1: none).
  // A word is looked for in its bank's list only, which holds as many words as that bank's
  // passes so far: one for conflict-free and broadcast accesses, the usual cases.
  std::array<int16_t, 64> head_of;
  head_of.fill(-1);
  std::array<uint64_t, kMaxWords> word_at;
  std::array<int16_t, kMaxWords> next_of;
  std::array<uint8_t, 64> in_bank{};
  uint32_t raw = 0, distinct = 0, passes = 0;
  for (uint32_t mask = inst.active_mask; mask != 0 && raw < kMaxWords; mask &= mask - 1) {
    const uint64_t addr = inst.addr[unsigned(__builtin_ctz(mask))];
    const uint64_t first = word_of(addr);
    const uint64_t last = word_of(addr + bytes - 1);
    for (uint64_t w = first; w <= last && raw < kMaxWords; ++w, ++raw) {
      const uint32_t b = uint32_t(w % bank_count);
      int16_t i = head_of[b];
      while (i >= 0 && word_at[size_t(i)] != w) i = next_of[size_t(i)];
      if (i >= 0) continue;  // the same word again: one broadcast serves it
      word_at[distinct] = w;
      next_of[distinct] = head_of[b];
      head_of[b] = int16_t(distinct);
      ++distinct;
      passes = std::max<uint32_t>(passes, ++in_bank[b]);
    }
  }
  if (distinct == 0) return 0;
  // Wide accesses (8/16 B per lane) move at most banks*bank_bytes per pass.
  const uint32_t bandwidth_passes = (distinct + banks - 1) / banks;
  return std::max(passes, bandwidth_passes);
}

}  // namespace warpsim
