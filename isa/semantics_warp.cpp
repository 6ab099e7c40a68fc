// Warp-level operations: votes, matches and shuffles across the executing lanes (PTX vote.sync,
// match.sync, shfl.sync, activemask). The emulator executes a warp's lanes together, so the
// member mask of the .sync forms is implied by the lanes that execute.
#include <cstdint>

#include "isa/semantics.h"

namespace warpsim::isa::sem {

void activemask(ExecContext& x) {
  for_lanes(x.mask, [&](unsigned l) { x.set(0, l, x.mask); });
}

void vote(ExecContext& x) {
  uint32_t p = x.pred_mask(1) & x.mask;
  bool r = false;
  switch (x.inst->m<SubOp>(ModGroup::op)) {
    case SubOp::all: r = p == x.mask; break;
    case SubOp::any: r = p != 0; break;
    case SubOp::uni: r = p == 0 || p == x.mask; break;
    default: break;
  }
  x.write_pred(0, r ? ~0u : 0u);
}

void vote_ballot(ExecContext& x) {
  uint32_t p = x.pred_mask(1) & x.mask;
  for_lanes(x.mask, [&](unsigned l) { x.set(0, l, p); });
}

namespace {
uint64_t value(const ExecContext& x, unsigned op, unsigned l, bool wide) {
  return wide ? x.u64(op, l) : x.u(op, l);
}
}  // namespace

void match_any(ExecContext& x) {
  bool wide = is_64bit(x.inst->m<DataType>(ModGroup::type));
  uint32_t result[kWarpSize];
  for_lanes(x.mask, [&](unsigned l) {
    uint64_t v = value(x, 1, l, wide);
    uint32_t m = 0;
    for_lanes(x.mask, [&](unsigned k) {
      if (value(x, 1, k, wide) == v) m |= 1u << k;
    });
    result[l] = m;
  });
  for_lanes(x.mask, [&](unsigned l) { x.set(0, l, result[l]); });
}

void match_all(ExecContext& x) {
  bool wide = is_64bit(x.inst->m<DataType>(ModGroup::type));
  bool same = true;
  uint64_t first = x.mask ? value(x, 2, static_cast<unsigned>(__builtin_ctz(x.mask)), wide) : 0;
  for_lanes(x.mask, [&](unsigned l) { same = same && value(x, 2, l, wide) == first; });
  for_lanes(x.mask, [&](unsigned l) { x.set(0, l, same ? x.mask : 0u); });
  x.write_pred(1, same ? ~0u : 0u);
}

// PTX shfl.sync: b is the source lane (IDX) or the lane delta (UP, DOWN, BFLY); c packs the
// clamp value (bits 0-4) and the segment mask (bits 8-12) that splits the warp into
// sub-segments. A source lane out of range (Pd = 0) makes the lane keep its own value. The
// value of an inactive source lane is its register's current content.
void shfl(ExecContext& x) {
  SubOp mode = x.inst->m<SubOp>(ModGroup::op);
  uint32_t result[kWarpSize];
  uint32_t in_range = 0;
  for_lanes(x.mask, [&](unsigned l) {
    uint32_t b = x.u(3, l) & 31u, c = x.u(4, l);
    uint32_t clamp = c & 31u, segmask = (c >> 8) & 31u;
    int max_lane = static_cast<int>((l & segmask) | (clamp & ~segmask));
    int min_lane = static_cast<int>(l & segmask);
    int j = static_cast<int>(l);
    bool p = false;
    switch (mode) {
      case SubOp::up:
        j = static_cast<int>(l) - static_cast<int>(b);
        p = j >= max_lane;
        break;
      case SubOp::down:
        j = static_cast<int>(l + b);
        p = j <= max_lane;
        break;
      case SubOp::bfly:
        j = static_cast<int>(l ^ b);
        p = j <= max_lane;
        break;
      case SubOp::idx:
        j = min_lane | static_cast<int>(b & ~segmask);
        p = j <= max_lane;
        break;
      default: break;
    }
    if (!p) j = static_cast<int>(l);
    result[l] = x.u(2, static_cast<unsigned>(j));
    if (p) in_range |= 1u << l;
  });
  for_lanes(x.mask, [&](unsigned l) { x.set(0, l, result[l]); });
  x.write_pred(1, in_range);
}

}  // namespace warpsim::isa::sem
