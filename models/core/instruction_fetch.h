// An SM's instruction fetch: an L0 instruction cache per sub-core backed by an L1 instruction
// cache shared by the SM, backed in turn by the memory system at a fixed miss latency. A warp's
// instruction buffer runs ahead of issue, so fetching from a line the L0 holds costs nothing; a
// warp whose next instruction is on a line the L0 misses cannot issue until the line arrives
// (`stall_fetch`). Warps of a sub-core that miss on a line already on its way wait for that fill.
// A sequential prefetcher keeps each warp's next `prefetch_lines` lines coming, so straight-line
// code streams in behind the warp; a jump to a line the L0 no longer holds (a loop whose body
// outgrew it) misses.
//
// Fetch state belongs to the SM (no component of its own): the core asks it when a warp moves to
// a new line, so its cost follows line changes, not cycles.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "models/mem/cache/sector_tags.h"
#include "sim/stats/counter_registry.h"

namespace warpsim {

class Config;

struct InstructionFetchParams {
  bool perfect = true;  // every instruction is available when its warp could issue it
  uint32_t line_bytes = 128;
  uint64_t l0_bytes = 12288;  // per sub-core
  uint32_t l0_sets = 16;
  uint64_t l1_bytes = 131072;  // per SM
  uint32_t l1_sets = 128;
  uint32_t l1_latency = 20;    // an L0 miss that hits the L1: cycles until the warp may issue
  uint32_t miss_latency = 200;  // an L1 miss
  uint32_t taken_branch_penalty = 0;  // cycles a warp waits after its control flow jumped
  uint32_t prefetch_lines = 0;        // lines fetched ahead of each warp

  static InstructionFetchParams from_config(const Config& cfg);
};

class InstructionFetch {
 public:
  // Counts at `sm` (sm[i]): sm[i].sched[j].l0i and sm[i].l1i accesses / misses (demand fetches)
  // and prefetches (lines the prefetcher requested).
  InstructionFetch(const InstructionFetchParams& p, uint32_t subcores, stats::CounterRegistry& counters,
                   const std::string& sm);

  bool perfect() const { return p_.perfect; }
  uint64_t line_of(uint64_t pc) const { return pc & ~uint64_t(p_.line_bytes - 1); }
  uint32_t taken_branch_penalty() const { return p_.taken_branch_penalty; }
  // A warp of sub-core `subcore` moves to the line of `pc` at `cycle`: the first cycle its
  // instructions there can issue. `stream_end` is the warp's: the last line its prefetches asked
  // for (any value for a new warp).
  uint64_t fetch(uint32_t subcore, uint64_t pc, uint64_t cycle, uint64_t& stream_end);
  // Forgets every line (between kernels: the next kernel's code is another program).
  void flush();

 private:
  struct Level {
    std::unique_ptr<SectorTags> tags;
    std::vector<std::pair<uint64_t, uint64_t>> filling;  // (line, cycle its data arrives)
    stats::Counter* accesses = nullptr;
    stats::Counter* misses = nullptr;
    stats::Counter* prefetches = nullptr;
    // Looks `line` up at `cycle` and returns the cycle its instructions are there: 0 when present,
    // the fill's arrival when on its way; on a miss it allocates the line for a fill arriving at
    // fill_at(). A prefetch counts apart from demand fetches.
    template <typename FillAt>
    uint64_t lookup(uint64_t line, uint64_t cycle, bool demand, FillAt fill_at);
  };
  // Brings `line` into sub-core `subcore`'s L0 (through the L1).
  uint64_t fill(uint32_t subcore, uint64_t line, uint64_t cycle, bool demand);

  InstructionFetchParams p_;
  std::vector<Level> l0_;  // per sub-core
  Level l1_;
};

}  // namespace warpsim
