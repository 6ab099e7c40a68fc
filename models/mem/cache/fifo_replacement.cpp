// FIFO: the victim is the line inserted longest ago; hits do not reorder (cheaper hardware than
// LRU, and the difference shows on reuse-heavy kernels). Insertion stamps, not a per-set pointer:
// the cache fills invalid ways first, so the rotation order of a pointer would not be arrival
// order.
#include <algorithm>
#include <vector>

#include "models/mem/cache/replacement_policy.h"

namespace warpsim {
namespace {

class FifoReplacement : public ReplacementPolicy {
 public:
  FifoReplacement(uint32_t sets, uint32_t ways) : ways_(ways), stamp_(size_t(sets) * ways, 0) {}

  void touch(uint32_t, uint32_t) override {}  // a use does not change the queue position
  void insert(uint32_t set, uint32_t way, bool evict_first) override {
    // Evict-first joins the head of the queue (negative: before every normal arrival).
    stamp_[size_t(set) * ways_ + way] = evict_first ? -++head_ : ++tail_;
  }
  uint32_t victim(uint32_t set) override {
    const int64_t* row = &stamp_[size_t(set) * ways_];
    return uint32_t(std::min_element(row, row + ways_) - row);
  }
  void reset() override {
    std::fill(stamp_.begin(), stamp_.end(), 0);
    tail_ = 0;
    head_ = 0;
  }

 private:
  uint32_t ways_;
  std::vector<int64_t> stamp_;  // sets * ways, set-major
  int64_t tail_ = 0;            // normal insertions so far
  int64_t head_ = 0;            // evict-first insertions so far
};

WARPSIM_REGISTER(ReplacementPolicyRegistry, "fifo", [](uint32_t sets, uint32_t ways, uint64_t) {
  return std::make_unique<FifoReplacement>(sets, ways);
});

}  // namespace
}  // namespace warpsim
