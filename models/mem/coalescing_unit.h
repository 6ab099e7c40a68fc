// Coalescing of one warp's global access into line requests with sector masks: the memory system
// moves whole sectors (32 B on Volta) of whole lines' tags, so a warp's cost is the lines and
// distinct sectors its active lanes touch, including accesses that straddle a boundary.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "isa/warp_stream.h"

namespace warpsim {

// One line a warp access touches and the sectors of it (bit i = sector i of the line).
struct LineAccess {
  uint64_t line = 0;  // line-aligned address
  uint32_t sectors = 0;
};
using LineList = std::vector<LineAccess>;

// Volta's coalescing (v100.md §1; Jia et al. 2018): the active lanes' bytes are grouped per
// `line_bytes` line, and each line is requested with the mask of `sector_bytes` sectors its
// lanes touch, whatever the access width (1-16 B) or lane order. Lines come out in the order
// their first lane touched them, which for the usual ascending lanes is address order.
inline void coalesce_lines(const WarpInst& inst, uint32_t line_bytes, uint32_t sector_bytes,
                           LineList& out) {
  out.clear();
  const unsigned line_shift = unsigned(__builtin_ctz(line_bytes));
  const unsigned sector_shift = unsigned(__builtin_ctz(sector_bytes));
  const uint64_t line_mask = ~uint64_t(line_bytes - 1);
  const uint64_t span = std::max<uint32_t>(inst.access_bytes, 1) - 1;
  auto add = [&](uint64_t first_byte, uint64_t last_byte) {
    const uint64_t line = first_byte & line_mask;
    const unsigned s0 = unsigned((first_byte - line) >> sector_shift);
    const unsigned s1 = unsigned((last_byte - line) >> sector_shift);
    const uint32_t mask = uint32_t(((uint64_t(2) << s1) - 1) & ~((uint64_t(1) << s0) - 1));
    // The previous lane's line is the likely match; otherwise search the (short) list.
    if (!out.empty() && out.back().line == line) {
      out.back().sectors |= mask;
      return;
    }
    for (LineAccess& l : out) {
      if (l.line == line) {
        l.sectors |= mask;
        return;
      }
    }
    out.push_back({line, mask});
  };
  for (uint32_t m = inst.active_mask; m != 0; m &= m - 1) {
    const uint64_t a = inst.addr[unsigned(__builtin_ctz(m))];
    const uint64_t last = a + span;
    if ((a >> line_shift) == (last >> line_shift)) {
      add(a, last);
    } else {  // straddles a line boundary (misaligned wide access)
      const uint64_t boundary = (last & line_mask);
      add(a, boundary - 1);
      add(boundary, last);
    }
  }
}

}  // namespace warpsim
