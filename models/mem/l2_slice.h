// One L2 slice (a memory sub-partition's share of the L2): requests from the request network
// wait `access_latency` cycles (queueing, ROP and the tag/data pipeline), then a tag stage looks
// up `tag_accesses_per_cycle` of them per cycle in the sectored, write-back tag array. Hits reply
// at once; misses take an MSHR (merging with a fetch in flight to the same line) and ask the
// DRAM channel for each missing 32 B sector; a victim's dirty sectors are written back.
// Writes allocate (or not, `write_allocate`) and mark sectors dirty; they are acknowledged at the
// tag stage. Atomics and reductions execute at the slice (the ROP units of NVIDIA's L2), once
// their line's data is present, on an ALU with its own latency and issue interval.
//
// Wiring: request network --MemPacket--> slice --MemPacket--> reply network;
//         slice --DramRequest--> DRAM channel --DramRequest (reply)--> slice.
#pragma once

#include <cstdint>
#include <deque>
#include <queue>
#include <string>
#include <vector>

#include "models/mem/address_map.h"
#include "models/mem/cache/mshr_table.h"
#include "models/mem/cache/sector_tags.h"
#include "models/mem/dram/dram_request.h"
#include "models/mem/mem_packet.h"
#include "sim/engine/channel.h"
#include "sim/engine/component.h"
#include "sim/stats/counter_registry.h"

namespace warpsim {

class Config;

struct L2Params {
  SectorTagsParams tags;
  bool write_allocate = true;
  uint32_t mshrs = 64;
  uint32_t mshr_max_merged = 16;
  uint32_t access_latency = 100;
  uint32_t tag_accesses_per_cycle = 1;
  uint32_t atomic_latency = 40;
  uint32_t atomic_interval = 2;
  uint32_t miss_queue = 32;
  uint32_t input_queue = 32;

  // Reads `l2.*`. Errors name the key and file.
  static L2Params from_config(const Config& cfg);
};

class L2Slice : public Component {
 public:
  struct Ports {
    Channel<MemPacket>* from_noc;
    Channel<MemPacket>* to_noc;
    Channel<DramRequest>* to_dram;
    Channel<DramRequest>* from_dram;
  };

  // `index`: the slice's number (its endpoint on both networks); `source`: its client number at
  // its DRAM channel (the sub-partition).
  L2Slice(uint32_t index, uint16_t source, const L2Params& p, const AddressMap& map,
          stats::CounterRegistry& counters, Ports ports);

  bool evaluate(uint64_t cycle) override;
  // Writes back every dirty sector and drops every line (between kernels, when configured).
  void flush();
  // Makes line `line_addr` (one this slice owns) present and clean, all sectors valid
  // (Accel-Sim's memcpy pre-fill of the L2).
  void prefill(uint64_t line_addr);
  bool idle() const;

 private:
  struct Waiter {
    MemPacket req;
    uint32_t missing;  // sectors it still waits for
  };
  struct Timed {
    uint64_t cycle;
    uint64_t seq;
    MemPacket pkt;
    bool operator>(const Timed& o) const { return cycle != o.cycle ? cycle > o.cycle : seq > o.seq; }
  };

  // Tag stage for one request; false when it must retry (MSHRs or the DRAM queue full), with
  // refused_need_ set to what the retry waits for.
  bool lookup(const MemPacket& req, uint64_t cycle);
  // Whether retrying the refused lookup at the head of input_ must fail again: nothing it waits
  // for has happened (no DRAM reply has changed the tags or MSHRs, and the miss queue still lacks
  // the room it asked for). Retrying would only repeat the probe.
  bool refusal_stands() const;
  void reply(const MemPacket& req, uint8_t served_by, uint64_t at);
  // Data of `req`'s line is present at `cycle`: reply (a read) or execute (an atomic).
  void serve(const MemPacket& req, uint8_t served_by, uint64_t cycle);
  void write_back(uint64_t line, uint32_t dirty);
  // Allocates `line` in the tags, writing a dirty victim back to DRAM.
  void allocate(uint64_t line);
  void dram_access(uint64_t line, uint32_t sectors, bool write);
  void on_dram_reply(const DramRequest& r, uint64_t cycle);

  uint32_t index_;
  uint16_t source_;
  L2Params p_;
  const AddressMap& map_;
  Ports ports_;
  SectorTags tags_;
  MshrTable<Waiter> mshrs_;
  std::deque<std::pair<uint64_t, MemPacket>> input_;  // (cycle its tag lookup may start, request)
  std::deque<DramRequest> dram_queue_;
  std::priority_queue<Timed, std::vector<Timed>, std::greater<Timed>> replies_;
  uint64_t seq_ = 0;
  uint64_t atomic_free_ = 0;  // first cycle the atomic unit can start another operation
  uint64_t last_cycle_ = 0;   // last cycle evaluated
  bool tag_blocked_ = false;  // the tag stage's lookup was refused in last_cycle_
  // What the refused lookup at the head of input_ waits for: 0 when none is refused, else the
  // miss-queue entries it needs, or kUntilReply when only a DRAM reply (an MSHR freed or
  // merged into) can let it through.
  uint64_t refused_need_ = 0;
  static constexpr uint64_t kUntilReply = ~uint64_t(0);

  stats::Counter& accesses_;
  stats::Counter& hits_;
  stats::Counter& misses_;
  stats::Counter& sector_misses_;
  stats::Counter& mshr_merges_;
  stats::Counter& reservation_fails_;
  stats::Counter& reads_;
  stats::Counter& writes_;
  stats::Counter& atomics_;
  stats::Counter& writebacks_;
  stats::Counter& dram_reads_;
  stats::Counter& dram_writes_;
};

}  // namespace warpsim
