// Coalescing of one warp's global access into sectors: the memory system moves whole sectors
// (32 B on Volta), so a warp's cost is the number of distinct sectors its active lanes touch,
// including accesses that straddle a sector boundary.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

#include "isa/warp_stream.h"

namespace warpsim {

inline uint32_t count_sectors(const WarpInst& inst, uint32_t sector_bytes) {
  // At most 32 lanes x 2 sectors (an access of up to 16 B straddles at most one boundary).
  std::array<uint64_t, 2 * kWarpSize> sectors;
  uint32_t n = 0;
  // Lanes usually walk memory upwards, so the list comes out sorted and deduplicated as it is
  // built; only scattered or descending accesses pay for a sort.
  bool ascending = true;
  const uint64_t span = std::max<uint32_t>(inst.access_bytes, 1) - 1;
  // Sectors are a power of two in every real design: a shift instead of two divisions per lane.
  const bool pow2 = (sector_bytes & (sector_bytes - 1)) == 0;
  const unsigned shift = unsigned(__builtin_ctz(sector_bytes));
  auto sector_of = [&](uint64_t a) { return pow2 ? a >> shift : a / sector_bytes; };
  for (uint32_t mask = inst.active_mask; mask != 0; mask &= mask - 1) {
    const uint64_t addr = inst.addr[unsigned(__builtin_ctz(mask))];
    const uint64_t first = sector_of(addr);
    const uint64_t last = sector_of(addr + span);
    for (uint64_t s = first; s <= last && n < sectors.size(); ++s) {
      if (n > 0 && s <= sectors[n - 1]) {
        if (s == sectors[n - 1]) continue;
        ascending = false;
      }
      sectors[n++] = s;
    }
  }
  if (ascending) return n;
  std::sort(sectors.begin(), sectors.begin() + n);
  return uint32_t(std::unique(sectors.begin(), sectors.begin() + n) - sectors.begin());
}

}  // namespace warpsim
