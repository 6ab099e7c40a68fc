// Replays a whole kernel without the timing model: opens its CTAs in linear order (a few resident
// at a time) and issues one instruction per live warp in turn until every warp is done. For
// tests, `warpsim trace info`, and measuring how fast a trace reader runs on its own.
#pragma once

#include <array>
#include <cstdint>
#include <functional>

#include "isa/warp_stream.h"

namespace warpsim::traces {

struct ReplayStats {
  uint64_t ctas = 0;          // CTAs of the grid (all opened)
  uint64_t warps = 0;         // warps with at least one instruction
  uint64_t warp_insts = 0;    // every instruction, mask 0 included
  uint64_t thread_insts = 0;  // sum of the active-lane counts
  std::array<uint64_t, size_t(OpClass::count_)> by_class{};
  std::array<uint64_t, 6> by_space{};  // memory instructions by MemSpace
  uint64_t mem_lane_accesses = 0;      // active lanes of memory instructions
};

struct ReplayOptions {
  unsigned resident_ctas = 1;      // CTAs open at once; their warps are interleaved round-robin
  uint64_t max_ctas = UINT64_MAX;  // stop after this many CTAs
  // Called for every issued instruction (cta = linear id, warp within the CTA).
  std::function<void(uint64_t cta, unsigned warp, const WarpInst& inst)> visit;
};

ReplayStats replay_kernel(KernelSource& kernel, const ReplayOptions& options = {});

}  // namespace warpsim::traces
