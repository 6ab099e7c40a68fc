// True LRU: every line carries the time of its last use and the victim is the set's oldest.
// Stamps instead of per-set recency lists: touch is one store, victim a scan of `ways` stamps
// (ways is small, and victim() only runs on a miss to a full set).
#include <algorithm>
#include <vector>

#include "models/mem/cache/replacement_policy.h"

namespace warpsim {
namespace {

class LruReplacement : public ReplacementPolicy {
 public:
  LruReplacement(uint32_t sets, uint32_t ways) : ways_(ways), stamp_(size_t(sets) * ways, 0) {}

  void touch(uint32_t set, uint32_t way) override { stamp_[index(set, way)] = ++clock_; }
  void insert(uint32_t set, uint32_t way, bool evict_first) override {
    // Evict-first goes to the bottom of the recency stack: a negative stamp is older than any use,
    // and each later evict-first insertion goes below the earlier ones, as on a real LRU stack.
    stamp_[index(set, way)] = evict_first ? -++bottom_ : ++clock_;
  }
  uint32_t victim(uint32_t set) override {
    const int64_t* row = &stamp_[index(set, 0)];
    uint32_t oldest = 0;
    for (uint32_t w = 1; w < ways_; ++w) {
      if (row[w] < row[oldest]) oldest = w;
    }
    return oldest;
  }
  void reset() override {
    std::fill(stamp_.begin(), stamp_.end(), 0);
    clock_ = 0;
    bottom_ = 0;
  }

 private:
  size_t index(uint32_t set, uint32_t way) const { return size_t(set) * ways_ + way; }

  uint32_t ways_;
  std::vector<int64_t> stamp_;  // sets * ways, set-major
  int64_t clock_ = 0;           // uses so far (stamps of touched/inserted lines)
  int64_t bottom_ = 0;          // evict-first insertions so far
};

WARPSIM_REGISTER(ReplacementPolicyRegistry, "lru", [](uint32_t sets, uint32_t ways, uint64_t) {
  return std::make_unique<LruReplacement>(sets, ways);
});

}  // namespace
}  // namespace warpsim
