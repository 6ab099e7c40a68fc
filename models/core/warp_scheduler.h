// A sub-core's warp scheduling policy: the order in which its warps are tried each cycle.
// The SM issues the first warp in that order that can issue, and the policy learns what issued.
//
// An order is a base order over the live warps, scanned from a starting index and wrapping around,
// plus, optionally, one preferred warp tried before them. Splitting it so keeps the common
// policies cheap to follow cycle by cycle: greedy policies only move the preferred warp and round
// robin only the start, so the base order is rebuilt only when warps come or go.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "isa/warp_stream.h"
#include "sim/engine/registry.h"

namespace warpsim {

class WarpScheduler {
 public:
  static constexpr uint32_t kNoWarp = std::numeric_limits<uint32_t>::max();

  virtual ~WarpScheduler() = default;
  // Fills `order` with the warp slots of `warps` in priority order. `warps` lists the sub-core's
  // live warps oldest first (CTA dispatch order, then warp order within the CTA).
  virtual void prioritize(const std::vector<uint32_t>& warps, std::vector<uint32_t>& order) = 0;
  // The warp to try before the base order (kNoWarp: none). The SM ignores it when that warp
  // is no longer live.
  virtual uint32_t preferred() const { return kNoWarp; }
  // How many warps at the front of the base order may issue at all (the rest wait, e.g. outside
  // a two-level scheduler's active pool).
  virtual size_t candidates(const std::vector<uint32_t>& order) const { return order.size(); }
  // Where among the candidates the scan starts; it wraps around to cover every candidate. A
  // rotating policy (round robin) moves the start instead of rebuilding the order after every issue.
  virtual size_t first_index(const std::vector<uint32_t>& /*order*/) const { return 0; }
  // Learns that `slot` issued `inst`; returns whether that changes the base order prioritize()
  // would give (the SM re-prioritizes only then).
  virtual bool on_issue(uint32_t slot, const WarpInst& inst) = 0;
};

// What a policy may be parameterised with (`core.*`).
struct WarpSchedulerParams {
  uint32_t active_warps = 8;  // two_level: warps in the active pool
};

// Registered by name; presets choose one with `core.scheduler`.
using WarpSchedulerRegistry = Registry<WarpScheduler, const WarpSchedulerParams&>;

}  // namespace warpsim
