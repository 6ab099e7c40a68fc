// Which way of a set a cache evicts. One implementation per file, registered by name
// (`l1d.replacement`, `l2.replacement`): lru, fifo, random.
#pragma once

#include <cstdint>
#include <memory>

#include "sim/engine/registry.h"

namespace warpsim {

class ReplacementPolicy {
 public:
  virtual ~ReplacementPolicy() = default;
  // A line in (set, way) was used (hit or fill).
  virtual void touch(uint32_t set, uint32_t way) = 0;
  // A line was inserted in (set, way); `evict_first` puts it where it is evicted next.
  virtual void insert(uint32_t set, uint32_t way, bool evict_first) = 0;
  // The way to evict from a full set (the caller prefers invalid ways itself).
  virtual uint32_t victim(uint32_t set) = 0;
  virtual void reset() = 0;
};

// Factories take (sets, ways, seed).
using ReplacementPolicyRegistry = Registry<ReplacementPolicy, uint32_t, uint32_t, uint64_t>;

}  // namespace warpsim
