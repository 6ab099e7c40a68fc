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
//
// Two-partition L2 (`l2.partitions: 2`, GA100/GH100; AddressMap::slice_for): an SM's loads and
// stores go to the slice of its own partition at the position of the line's home slice, which
// caches the line like any other ("each L2 partition localizes and caches data for memory
// accesses from SMs in the GPCs directly connected to the partition", NVIDIA A100 whitepaper).
// A miss on a line homed in the other partition is not sent to DRAM but across the partition
// link to its home slice (the peer: the slice at the same position there), `l2.far_latency` L2
// cycles each way; dirty far-homed lines are written back there too. The home slice looks the
// request up through its own pipeline (`access_latency`): a hit answers at once, a miss fetches
// the sectors from its DRAM channel, fills its own tags and forwards them. So a footprint that
// fits one partition is served near, and beyond it half the lines pay the hop and the home
// lookup. Home-side lookups for the peer take no MSHR and have their own queues, and requests
// to the peer wait in their own miss queue, so no cycle of waits can form between partitions:
// each side's peer requests depend only on its DRAM channel.
//         slice --PeerMessage (requests, replies)--> peer slice
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
  uint32_t fetch_sectors = 1;  // l2.fetch_bytes / sector size: sectors fetched together on a read miss
  uint32_t partitions = 1;   // l2.partitions (1 or 2)
  uint32_t far_latency = 0;  // l2.far_latency: L2 cycles across the partition link, each way

  // Reads `l2.*`. Errors name the key and file.
  static L2Params from_config(const Config& cfg);
};

// What crosses the partition link: a near slice's fetch (or write-back) of a line homed in the
// other partition, in DRAM-request form (the near slice treats the far L2 as its memory), or the
// home slice's answer.
struct PeerMessage {
  DramRequest req;
};

class L2Slice : public Component {
 public:
  struct Ports {
    Channel<MemPacket>* from_noc;
    Channel<MemPacket>* to_noc;
    Channel<DramRequest>* to_dram;
    Channel<DramRequest>* from_dram;
    // Two-partition L2 only (null otherwise): requests to and from the peer slice, and replies.
    Channel<PeerMessage>* to_peer = nullptr;
    Channel<PeerMessage>* from_peer = nullptr;
    Channel<PeerMessage>* to_peer_reply = nullptr;
    Channel<PeerMessage>* from_peer_reply = nullptr;
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
  // To DRAM (or, for a far-homed line, to the peer); `token` comes back with the DRAM reply.
  void dram_access(uint64_t line, uint32_t sectors, bool write, uint32_t token = 0);
  void on_dram_reply(const DramRequest& r, uint64_t cycle);
  // Whether `line` is homed in the other partition (fetched from and written back to the peer).
  bool far(uint64_t line) const { return ports_.to_peer != nullptr && map_.slice_of(line) != index_; }
  // Home side: a peer's request after the tag pipeline; false when the DRAM miss queue is full.
  bool peer_lookup(const DramRequest& r, uint64_t cycle);
  void peer_reply(uint64_t line, uint32_t sectors, uint64_t at);

  uint32_t index_;
  uint16_t source_;
  L2Params p_;
  const AddressMap& map_;
  Ports ports_;
  SectorTags tags_;
  MshrTable<Waiter> mshrs_;
  std::deque<std::pair<uint64_t, MemPacket>> input_;  // (cycle its tag lookup may start, request)
  std::deque<DramRequest> dram_queue_;
  std::deque<DramRequest> peer_queue_;  // near side: fetches and write-backs for the peer
  std::deque<std::pair<uint64_t, DramRequest>> peer_input_;  // home side: (tag cycle, request)
  struct TimedPeer {
    uint64_t cycle;
    uint64_t seq;
    PeerMessage msg;
    bool operator>(const TimedPeer& o) const { return cycle != o.cycle ? cycle > o.cycle : seq > o.seq; }
  };
  std::priority_queue<TimedPeer, std::vector<TimedPeer>, std::greater<TimedPeer>> peer_replies_;  // home side
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
  // Two-partition L2 only (not registered otherwise): lines fetched from / written back to the
  // peer, and peer requests this slice served as their home (hits: without DRAM).
  stats::Counter* far_reads_ = nullptr;
  stats::Counter* far_writes_ = nullptr;
  stats::Counter* peer_requests_ = nullptr;
  stats::Counter* peer_hits_ = nullptr;
};

}  // namespace warpsim
