// A sub-core's warp scheduling policy: the order in which its warps are tried each cycle.
// The SM issues the first warp in that order that can issue, and the policy learns what issued.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "sim/engine/registry.h"

namespace warpsim {

class WarpScheduler {
 public:
  virtual ~WarpScheduler() = default;
  // Fills `order` with the warp slots of `warps` in priority order. `warps` lists the sub-core's
  // live warps oldest first (CTA dispatch order, then warp order within the CTA).
  virtual void prioritize(const std::vector<uint32_t>& warps, std::vector<uint32_t>& order) = 0;
  virtual void on_issue(uint32_t slot) = 0;
};

// Registered by name; presets choose one with `core.scheduler`.
using WarpSchedulerRegistry = Registry<WarpScheduler>;

}  // namespace warpsim
