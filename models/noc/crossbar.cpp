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
        in_(num_inputs(), FlitBuffer(params.input_buffer_flits, num_outputs())),
        in_active_(num_inputs(), 0),
        words_((num_outputs() + 63) / 64),
        holding_(size_t(num_inputs()) * words_, 0),
        free_(words_, 0) {}

 protected:
  bool can_accept(uint32_t src, uint32_t flits, uint64_t cycle) override {
    return in_[src].has_room(flits, cycle);
  }
  void accept(uint32_t src, const Flight& f) override {
    in_[src].push(f, f.pkt.dst);
    holding_[size_t(src) * words_ + f.pkt.dst / 64] |= uint64_t(1) << (f.pkt.dst % 64);
    if (!in_active_[src]) {
      in_active_[src] = 1;
      active_inputs_.push_back(src);
    }
  }

  bool route(uint64_t cycle) override {
    requests_.clear();
    // Which outputs can take a packet this cycle, once for all inputs.
    std::fill(free_.begin(), free_.end(), 0);
    for (uint32_t d = 0; d < num_outputs(); ++d) {
      if (output_free(d, cycle)) free_[d / 64] |= uint64_t(1) << (d % 64);
    }
    uint32_t competing = 0;  // inputs that could send a flit this cycle
    size_t kept = 0;
    for (uint32_t i : active_inputs_) {
      FlitBuffer& b = in_[i];
      if (b.empty()) {
        in_active_[i] = 0;
        continue;
      }
      active_inputs_[kept++] = i;
      if (b.sending(cycle)) continue;
      ++competing;
      if (oldest_only_) {
        const uint32_t d = b.oldest().pkt.dst;
        requests_.push_back({i, d, ((free_[d / 64] >> (d % 64)) & 1) != 0});
        continue;
      }
      // One request per free output the input holds packets for: the destinations it holds
      // are kept as a bit set, so a congested input with hundreds of packets costs a few words.
      const uint64_t* held = &holding_[size_t(i) * words_];
      for (uint32_t w = 0; w < words_; ++w) {
        for (uint64_t m = held[w] & free_[w]; m != 0; m &= m - 1) {
          requests_.push_back({i, w * 64 + uint32_t(__builtin_ctzll(m)), true});
        }
      }
    }
    active_inputs_.resize(kept);
    if (competing == 0) return !active_inputs_.empty();

    matches_.clear();
    arbiter_->match(requests_, matches_);
    for (const ArbiterMatch& m : matches_) {
      FlitBuffer& b = in_[m.input];
      Flight f = b.take(m.output, cycle);
      if (!b.holds(m.output)) {
        holding_[size_t(m.input) * words_ + m.output / 64] &= ~(uint64_t(1) << (m.output % 64));
      }
      f.ready = cycle + f.flits - 1 + params().latency;
      deliver(m.output, f, cycle);
    }
    stall_cycles_ += competing - uint32_t(matches_.size());
    return !active_inputs_.empty();
  }

 private:
  std::unique_ptr<Arbiter> arbiter_;
  bool oldest_only_;
  std::vector<FlitBuffer> in_;
  std::vector<uint8_t> in_active_;
  std::vector<uint32_t> active_inputs_;  // inputs holding packets, the only ones looked at
  uint32_t words_;                  // 64-bit words per output bit set
  std::vector<uint64_t> holding_;   // per input: the outputs it holds packets for (bit set)
  std::vector<uint64_t> free_;      // outputs that can take a packet this cycle
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
