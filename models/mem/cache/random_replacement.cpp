// Random: a uniformly chosen way. The generator is owned by the policy and seeded from the
// config, so a run is reproducible and two caches never share (or race on) random state.
#include <random>
#include <vector>

#include "models/mem/cache/replacement_policy.h"

namespace warpsim {
namespace {

class RandomReplacement : public ReplacementPolicy {
 public:
  RandomReplacement(uint32_t sets, uint32_t ways, uint64_t seed)
      : ways_(ways), seed_(seed), rng_(seed), evict_next_(sets, kNone) {}

  void touch(uint32_t set, uint32_t way) override {
    // A reused evict-first line is no longer streaming; it goes back to the random pool.
    if (evict_next_[set] == way) evict_next_[set] = kNone;
  }
  void insert(uint32_t set, uint32_t way, bool evict_first) override {
    if (evict_first) {
      evict_next_[set] = way;
    } else if (evict_next_[set] == way) {
      evict_next_[set] = kNone;
    }
  }
  uint32_t victim(uint32_t set) override {
    if (evict_next_[set] != kNone) return evict_next_[set];
    // Multiply-shift instead of std::uniform_int_distribution: the latter's output differs
    // between standard libraries, and cycle counts must not depend on the compiler.
    return uint32_t((uint64_t(uint32_t(rng_() >> 32)) * ways_) >> 32);
  }
  void reset() override {
    rng_.seed(seed_);
    std::fill(evict_next_.begin(), evict_next_.end(), kNone);
  }

 private:
  static constexpr uint32_t kNone = ~0u;

  uint32_t ways_;
  uint64_t seed_;
  std::mt19937_64 rng_;
  std::vector<uint32_t> evict_next_;  // per set: the evict-first way to take next, or kNone
};

WARPSIM_REGISTER(ReplacementPolicyRegistry, "random",
                 [](uint32_t sets, uint32_t ways, uint64_t seed) {
                   return std::make_unique<RandomReplacement>(sets, ways, seed);
                 });

}  // namespace
}  // namespace warpsim
