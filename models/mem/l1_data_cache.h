// An SM's load/store path below the scheduler: the coalesced warp accesses queue here, a tag
// stage looks up `tag_lines_per_cycle` lines per cycle in the sectored L1 data cache (the part of
// the unified SRAM that the shared-memory carve-out leaves), hits return after `hit_latency`,
// misses take an MSHR (merging with a miss in flight to the same line) and leave through the miss
// queue onto the request network; replies fill the line and complete the waiting accesses.
//
// Policies, as on Volta (v100.md §1; Jia et al. 2018; NVIDIA's PTX ISA on cache operators):
// - global loads are cached (`.ca`, default, `.nc`/read-only, `.lu`); `.cs` inserts evict-first;
//   `.cg` and `.cv` bypass the L1 (served by the L2, nothing allocated);
// - global stores write through to the L2 and do not allocate (a present line's sectors are
//   updated); local stores (spills) are written back: allocated, dirty, written to the L2 on
//   eviction; atomics are executed at the L2.
//
// Wiring: core --WarpMemAccess--> L1 --LsuResponse--> core; L1 --MemPacket--> request network;
//         reply network --MemPacket--> L1.
#pragma once

#include <cstdint>
#include <deque>
#include <queue>
#include <string>
#include <vector>

#include "models/mem/address_map.h"
#include "models/mem/cache/mshr_table.h"
#include "models/mem/cache/sector_tags.h"
#include "models/mem/lsu_messages.h"
#include "models/mem/mem_packet.h"
#include "sim/engine/channel.h"
#include "sim/engine/component.h"
#include "sim/stats/counter_registry.h"

namespace warpsim {

class Config;

struct L1Params {
  uint32_t sets = 4;  // l1d.sets: the geometry keeps them when a carve-out changes the ways
  SectorTagsParams tags;            // size 0: no L1, every access goes to the L2
  uint32_t mshrs = 256;
  uint32_t mshr_max_merged = 8;
  uint32_t miss_queue = 16;
  uint32_t hit_latency = 20;
  uint32_t tag_lines_per_cycle = 1;
  uint32_t coalesce_latency = 1;
  uint32_t pending_accesses = 64;
  uint32_t max_inflight = 256;

  // Reads `l1d.*` and the carve-out `shmem.carveout_bytes` (the L1 is what it leaves of
  // `l1d.sram_bytes`). Errors name the key and file.
  static L1Params from_config(const Config& cfg);
};

class L1DataCache : public Component {
 public:
  struct Ports {
    Channel<WarpMemAccess>* from_core;
    Channel<LsuResponse>* to_core;
    Channel<MemPacket>* to_noc;
    Channel<MemPacket>* from_noc;
  };

  L1DataCache(uint32_t sm, const L1Params& p, const AddressMap& map, stats::CounterRegistry& counters,
              Ports ports);

  bool evaluate(uint64_t cycle) override;
  // Gives the L1 `bytes` of the SRAM (a new shared-memory carve-out), empty. Only while idle,
  // at a kernel start; throws std::invalid_argument when the geometry does not divide.
  void set_capacity(uint64_t bytes);
  // The L2 partition (AddressMap::slice_for) this SM's loads and stores go to; 0 by default.
  void set_l2_partition(uint32_t side) { l2_side_ = side; }
  // Drops every line (kernel boundary: the L1 is not coherent, so a kernel never sees another
  // kernel's stale lines). Local-memory lines die with the kernel, so nothing is written back.
  void invalidate();
  // No access queued or in flight.
  bool idle() const { return live_ == 0; }

 private:
  struct Inflight {
    WarpMemAccess acc;
    uint32_t lines_left = 0;
    uint8_t level = 0;  // deepest level that served one of its lines
  };
  struct Waiter {
    uint32_t slot;
    uint32_t sectors;
  };
  struct Done {
    uint64_t cycle;
    uint64_t seq;  // completion order among equal cycles: deterministic
    uint32_t slot;
    uint8_t level;
    bool operator>(const Done& o) const { return cycle != o.cycle ? cycle > o.cycle : seq > o.seq; }
  };
  // Reply tokens: a bypassing access, atomic or write carries kDirect | its slot; a cached miss
  // carries kMshrToken (the reply's line finds its MSHR); a write-back nobody waits for, kNoWaiter.
  static constexpr uint32_t kDirect = 0x80000000u;
  static constexpr uint32_t kMshrToken = 0;
  static constexpr uint32_t kNoWaiter = kDirect | 0x7fffffffu;

  // Looks up one line of the head access; false when it must retry next cycle (a structural
  // hazard: MSHRs or miss queue full).
  bool process_line(uint32_t slot, const LineAccess& line, uint64_t cycle);
  void send(const MemPacket& p) { miss_queue_.push_back(p); }
  // Allocates `line` in the tags; a dirty victim (local memory) is written back to the L2.
  void allocate(uint64_t line, bool evict_first, uint64_t cycle);
  MemPacket packet(uint64_t line, uint32_t sectors, MemOp op, uint32_t token, uint64_t cycle,
                   CacheOp cop) const;
  void line_done(uint32_t slot, uint8_t level, uint64_t at);
  void on_reply(const MemPacket& p, uint64_t cycle);
  void complete(uint32_t slot, uint64_t cycle);

  uint32_t sm_;
  uint32_t l2_side_ = 0;  // the L2 partition this SM is wired to (set_l2_partition)
  L1Params p_;
  const AddressMap& map_;
  Ports ports_;
  bool enabled_;
  uint64_t capacity_ = p_.tags.size_bytes;  // bytes of SRAM the L1 has now (set_capacity)
  SectorTags tags_;
  MshrTable<Waiter> mshrs_;
  std::vector<Inflight> slots_;
  std::vector<uint32_t> free_slots_;
  std::deque<uint32_t> tag_queue_;  // accesses waiting for the tag stage, oldest first
  uint32_t head_line_ = 0;          // next line of tag_queue_.front()
  // The head line was refused and nothing it waits for has changed since (no reply, no miss
  // sent, no capacity change): looking it up again would be refused the same way. A blocked L1
  // retries every cycle, and the lookup (tags, MSHRs) was most of what such a cycle cost.
  bool head_refused_ = false;
  std::deque<MemPacket> miss_queue_;
  std::priority_queue<Done, std::vector<Done>, std::greater<Done>> done_;
  uint64_t done_seq_ = 0;
  std::vector<uint32_t> responses_;  // completed accesses waiting for room towards the core
  uint32_t live_ = 0;                // accesses accepted and not yet responded

  stats::Counter& accesses_;
  stats::Counter& hits_;
  stats::Counter& misses_;
  stats::Counter& sector_misses_;
  stats::Counter& mshr_merges_;
  stats::Counter& reservation_fails_;
  stats::Counter& bypasses_;
  stats::Counter& writes_;
  stats::Counter& writebacks_;
  stats::Counter& requests_;
  // Load latency from issue to data, per level that served it, and a histogram over all levels.
  std::array<stats::Counter*, 4> latency_sum_{};
  std::array<stats::Counter*, 4> latency_count_{};
  std::vector<stats::Counter*> latency_hist_;
};

}  // namespace warpsim
