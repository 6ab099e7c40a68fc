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
  for (unsigned lane = 0; lane < kWarpSize; ++lane) {
    if (((inst.active_mask >> lane) & 1u) == 0) continue;
    const uint64_t first = inst.addr[lane] / sector_bytes;
    const uint64_t last = (inst.addr[lane] + std::max<uint32_t>(inst.access_bytes, 1) - 1) / sector_bytes;
    for (uint64_t s = first; s <= last && n < sectors.size(); ++s) sectors[n++] = s;
  }
  std::sort(sectors.begin(), sectors.begin() + n);
  return uint32_t(std::unique(sectors.begin(), sectors.begin() + n) - sectors.begin());
}

}  // namespace warpsim
