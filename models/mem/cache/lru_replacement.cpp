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
      : ways_(ways), prev_(size_t(sets) * ways), next_(size_t(sets) * ways), bottom_(sets), top_(sets) {
    reset();
  }

  void touch(uint32_t set, uint32_t way) override { move_to_top(set, way); }
  void insert(uint32_t set, uint32_t way, bool evict_first) override {
    if (evict_first) {
      move_to_bottom(set, way);
    } else {
      move_to_top(set, way);
    }
  }
  uint32_t victim(uint32_t set) override { return bottom_[set]; }
  void reset() override {
    // Never-used ways are older than any used one, the lower way first.
    for (uint32_t s = 0; s < bottom_.size(); ++s) {
      for (uint32_t w = 0; w < ways_; ++w) {
        prev_[index(s, w)] = w == 0 ? kNone : w - 1;
        next_[index(s, w)] = w + 1 == ways_ ? kNone : w + 1;
      }
      bottom_[s] = 0;
      top_[s] = ways_ - 1;
    }
  }

 private:
  static constexpr uint32_t kNone = ~uint32_t(0);
  size_t index(uint32_t set, uint32_t way) const { return size_t(set) * ways_ + way; }
  // Ways are linked by way number within their set: prev_ toward the bottom, next_ toward the top.
  void unlink(uint32_t set, uint32_t way) {
    const uint32_t p = prev_[index(set, way)], n = next_[index(set, way)];
    (p == kNone ? bottom_[set] : next_[index(set, p)]) = n;
    (n == kNone ? top_[set] : prev_[index(set, n)]) = p;
  }
  void move_to_top(uint32_t set, uint32_t way) {
    if (top_[set] == way) return;
    unlink(set, way);
    prev_[index(set, way)] = top_[set];
    next_[index(set, way)] = kNone;
    next_[index(set, top_[set])] = way;
    top_[set] = way;
  }
  void move_to_bottom(uint32_t set, uint32_t way) {
    if (bottom_[set] == way) return;
    unlink(set, way);
    next_[index(set, way)] = bottom_[set];
    prev_[index(set, way)] = kNone;
    prev_[index(set, bottom_[set])] = way;
    bottom_[set] = way;
  }

  uint32_t ways_;
  std::vector<uint32_t> prev_, next_;  // sets * ways, set-major
  std::vector<uint32_t> bottom_, top_;  // per set: least and most recently used way
};

}  // namespace

WARPSIM_REGISTER(ReplacementPolicyRegistry, "lru", [](uint32_t sets, uint32_t ways, uint64_t) {
  return std::make_unique<LruReplacement>(sets, ways);
});

}  // namespace warpsim
