// True LRU: each set keeps its ways as a recency list, least recently used at the bottom. A use
// moves a way to the top, an evict-first insertion to the bottom (below earlier ones, as on a
// real LRU stack), and the victim is the bottom: O(1) each. A V100 L1 with a small carve-out has
// 256 ways per set, and scanning per-way use stamps for the oldest cost every miss that much.
#include <vector>

#include "models/mem/cache/replacement_policy.h"

namespace warpsim {
namespace {

class LruReplacement : public ReplacementPolicy {
 public:
  LruReplacement(uint32_t sets, uint32_t ways)
      : sets_(sets), ways_(ways), prev_(size_t(sets) * (ways + 1)), next_(size_t(sets) * (ways + 1)) {
    reset();
  }

  // After the top: the new top (a hit on the line used last, the common case, changes nothing).
  void touch(uint32_t set, uint32_t way) override {
    const uint32_t top = prev(set, ways_);
    if (top != way) move_after(set, way, top);
  }
  void insert(uint32_t set, uint32_t way, bool evict_first) override {
    if (evict_first) {
      move_after(set, way, ways_);  // after the sentinel: the new bottom
    } else {
      touch(set, way);
    }
  }
  uint32_t victim(uint32_t set) override { return next(set, ways_); }
  void reset() override {
    // Never-used ways are older than any used one, the lower way first: the ring runs
    // sentinel, way 0 (bottom), way 1, ..., way ways-1 (top), back to the sentinel.
    for (uint32_t s = 0; s < sets_; ++s) {
      for (uint32_t w = 0; w <= ways_; ++w) {
        prev(s, w) = w == 0 ? ways_ : w - 1;
        next(s, w) = w == ways_ ? 0 : w + 1;
      }
    }
  }

 private:
  // Each set is a ring of its ways plus a sentinel (slot `ways`): next from the sentinel is the
  // bottom (least recently used), prev from it the top, so no end needs a special case.
  uint32_t& prev(uint32_t set, uint32_t slot) { return prev_[size_t(set) * (ways_ + 1) + slot]; }
  uint32_t& next(uint32_t set, uint32_t slot) { return next_[size_t(set) * (ways_ + 1) + slot]; }
  // Takes `way` out of the ring and puts it back right after `before` (another slot).
  void move_after(uint32_t set, uint32_t way, uint32_t before) {
    next(set, prev(set, way)) = next(set, way);
    prev(set, next(set, way)) = prev(set, way);
    const uint32_t after = next(set, before);
    prev(set, way) = before;
    next(set, way) = after;
    next(set, before) = way;
    prev(set, after) = way;
  }

  uint32_t sets_, ways_;
  std::vector<uint32_t> prev_, next_;  // sets * (ways + 1), set-major
};

}  // namespace

WARPSIM_REGISTER(ReplacementPolicyRegistry, "lru", [](uint32_t sets, uint32_t ways, uint64_t) {
  return std::make_unique<LruReplacement>(sets, ways);
});

}  // namespace warpsim
