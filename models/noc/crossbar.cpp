// Input-queued crossbar: one buffer per input, one switch, one allocation per cycle by the
// configured arbiter among the inputs that are not sending and the outputs that are neither
// carrying a packet nor blocked. A matched packet holds its input and its output until its last
// flit is through (wormhole: F cycles for F flits), and is complete `latency` cycles after its
// last flit entered the switch. A lone packet popped at cycle p is therefore pushed into its
// output channel at p + latency + F - 1.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "models/noc/arbiter.h"
#include "models/noc/network_base.h"

namespace warpsim::noc {
namespace {

class Crossbar : public NetworkBase {
 public:
  Crossbar(const std::string& name, const NetworkParams& params, stats::CounterRegistry& counters,
           std::vector<Channel<MemPacket>*> inputs, std::vector<Channel<MemPacket>*> outputs)
      : NetworkBase(name, params, counters, std::move(inputs), std::move(outputs)),
        arbiter_(ArbiterRegistry::instance().create(params.arbiter, num_inputs(), num_outputs(),
                                                    params.islip_iterations)),
        oldest_only_(arbiter_->oldest_only()),
        in_(num_inputs(), FlitBuffer(params.input_buffer_flits)),
        in_active_(num_inputs(), 0),
        dests_(num_inputs()),
        dests_stale_(num_inputs(), 1),
        // A real input port sees a few queues, not one per destination: past the lookahead, a
        // packet waits behind the older ones even when its output is free.
        lookahead_(params.request_lookahead == 0 ? ~size_t(0) : params.request_lookahead),
        seen_(num_outputs(), 0) {}

 protected:
  bool can_accept(uint32_t src, uint32_t flits, uint64_t cycle) override {
    return in_[src].has_room(flits, cycle);
  }
  void accept(uint32_t src, const Flight& f) override {
    in_[src].push(f);
    // The newest packet: its destination goes last in the input's request order, if not there.
    if (!dests_stale_[src]) {
      std::vector<uint32_t>& d = dests_[src];
      if (d.size() < lookahead_ && std::find(d.begin(), d.end(), f.pkt.dst) == d.end()) d.push_back(f.pkt.dst);
    }
    if (!in_active_[src]) {
      in_active_[src] = 1;
      active_inputs_.push_back(src);
    }
  }

  bool route(uint64_t cycle) override {
    requests_.clear();
    uint32_t competing = 0;  // inputs that could send a flit this cycle
    size_t kept = 0;
    for (uint32_t i : active_inputs_) {
      FlitBuffer& b = in_[i];
      if (b.packets.empty()) {
        in_active_[i] = 0;
        continue;
      }
      active_inputs_[kept++] = i;
      if (b.sending(cycle)) continue;
      ++competing;
      // One request per destination held, for its oldest packet, oldest first (arbiter.h). The
      // order only changes when a packet arrives or leaves, so it is kept, not rebuilt each cycle
      // (a congested input holds hundreds of packets for a few tens of destinations).
      if (dests_stale_[i]) rebuild_dests(i);
      if (oldest_only_) {
        const uint32_t d = dests_[i].front();
        requests_.push_back({i, d, output_free(d, cycle)});
      } else {
        for (uint32_t d : dests_[i]) {
          if (output_free(d, cycle)) requests_.push_back({i, d, true});
        }
      }
    }
    active_inputs_.resize(kept);
    if (competing == 0) return !active_inputs_.empty();

    matches_.clear();
    arbiter_->match(requests_, matches_);
    for (const ArbiterMatch& m : matches_) {
      FlitBuffer& b = in_[m.input];
      size_t k = 0;
      while (b.packets[k].pkt.dst != m.output) ++k;  // the oldest packet for that output
      Flight f = b.take(k, cycle);
      dests_stale_[m.input] = 1;  // that destination's oldest packet is now a later one
      f.ready = cycle + f.flits - 1 + params().latency;
      deliver(m.output, f, cycle);
    }
    stall_cycles_ += competing - uint32_t(matches_.size());
    return !active_inputs_.empty();
  }

 private:
  void rebuild_dests(uint32_t i) {
    std::vector<uint32_t>& out = dests_[i];
    out.clear();
    ++stamp_;
    for (const Flight& f : in_[i].packets) {
      const uint32_t d = f.pkt.dst;
      if (seen_[d] == stamp_) continue;
      seen_[d] = stamp_;
      out.push_back(d);
      if (out.size() == lookahead_) break;
    }
    dests_stale_[i] = 0;
  }

  std::unique_ptr<Arbiter> arbiter_;
  bool oldest_only_;
  std::vector<FlitBuffer> in_;
  std::vector<uint8_t> in_active_;
  std::vector<uint32_t> active_inputs_;  // inputs holding packets, the only ones looked at
  // Per input: the destinations of its packets, ordered by their oldest packet (valid unless stale).
  std::vector<std::vector<uint32_t>> dests_;
  std::vector<uint8_t> dests_stale_;
  size_t lookahead_;
  std::vector<uint64_t> seen_;           // per output: stamp_ of the last input requesting it
  uint64_t stamp_ = 0;
  std::vector<ArbiterRequest> requests_;
  std::vector<ArbiterMatch> matches_;
};

}  // namespace

WARPSIM_REGISTER(NetworkRegistry, "crossbar",
                 [](const std::string& name, const NetworkParams& params,
                    stats::CounterRegistry& counters, std::vector<Channel<MemPacket>*> inputs,
                    std::vector<Channel<MemPacket>*> outputs) {
                   return std::unique_ptr<Network>(std::make_unique<Crossbar>(
                       name, params, counters, std::move(inputs), std::move(outputs)));
                 });

}  // namespace warpsim::noc
