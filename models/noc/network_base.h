// What every topology shares (network.h states the contract): taking packets from the input
// channels, the output ports that hand whole packets to the output channels, bounded input
// buffers with credit return, and the counters. A topology supplies where an injected packet
// goes and how packets cross the switches between buffers and output ports (route()).
// Internal to models/noc.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "models/noc/network.h"

namespace warpsim::noc {

// A packet inside a network.
struct Flight {
  MemPacket pkt;
  uint64_t popped = 0;  // cycle it left its input channel
  uint64_t ready = 0;   // in a buffer: cycle its head flit arrives; in an output port: its last
  uint32_t flits = 1;
  uint8_t next_port = 0;  // mesh: the router output it takes from the buffer it sits in
};

// An input buffer of a switch port: a FIFO of packets bounded in flits. A packet's flits leave
// one per cycle once it is switched, so its space comes back (the credit returns) only after its
// last flit has left, not when it starts to leave.
class FlitBuffer {
 public:
  explicit FlitBuffer(uint32_t capacity_flits) : capacity_(capacity_flits) {}

  // Room for `flits` more at `cycle`; an empty buffer takes any packet, so no size can deadlock.
  bool has_room(uint32_t flits, uint64_t cycle) {
    release(cycle);
    return used_ == 0 || used_ + flits <= capacity_;
  }
  void push(const Flight& f) {
    used_ += f.flits;
    packets.push_back(f);
  }
  // Removes packets[k], whose flits leave over [cycle, cycle + flits): the port is busy until
  // then and the space returns then.
  Flight take(size_t k, uint64_t cycle) {
    Flight f = packets[k];
    packets.erase(packets.begin() + static_cast<std::ptrdiff_t>(k));
    busy_until = cycle + f.flits;
    leaving_.push_back({busy_until, f.flits});
    return f;
  }
  bool sending(uint64_t cycle) const { return busy_until > cycle; }

  std::deque<Flight> packets;  // arrival order
  uint64_t busy_until = 0;     // one packet leaves at a time, one flit per cycle

 private:
  void release(uint64_t cycle) {
    while (!leaving_.empty() && leaving_.front().first <= cycle) {
      used_ -= leaving_.front().second;
      leaving_.pop_front();
    }
  }
  uint32_t capacity_;
  uint32_t used_ = 0;  // flits held or still leaving
  std::deque<std::pair<uint64_t, uint32_t>> leaving_;  // (cycle the space returns, flits)
};

class NetworkBase : public Network {
 public:
  NetworkBase(const std::string& name, const NetworkParams& params,
              stats::CounterRegistry& counters, std::vector<Channel<MemPacket>*> inputs,
              std::vector<Channel<MemPacket>*> outputs);

  // Per cycle: deliver completed packets, take new ones from the inputs, switch. Delivery goes
  // first so that an output found blocked this cycle takes no new packet in the same cycle.
  bool evaluate(uint64_t cycle) final;
  uint64_t packets_inside() const final { return inside_; }

 protected:
  // Whether input `src`'s buffer can take a packet of `flits` at `cycle`, and putting it there.
  virtual bool can_accept(uint32_t src, uint32_t flits, uint64_t cycle) = 0;
  virtual void accept(uint32_t src, const Flight& f) = 0;
  // Moves packets across the switches; hands finished ones to deliver(). Returns whether any
  // packet is still held in a buffer.
  virtual bool route(uint64_t cycle) = 0;

  // Output port `dst` can start taking a packet at `cycle`.
  bool output_free(uint32_t dst, uint64_t cycle) const {
    const OutputPort& o = out_[dst];
    return o.busy_until <= cycle && !o.blocked;
  }
  // The packet starts crossing into output port dst at `cycle`; its flits keep the port busy
  // `f.flits` cycles and it is complete at f.ready.
  void deliver(uint32_t dst, const Flight& f, uint64_t cycle);

  uint32_t num_inputs() const { return uint32_t(inputs_.size()); }
  uint32_t num_outputs() const { return uint32_t(outputs_.size()); }
  const NetworkParams& params() const { return p_; }

  stats::Counter& stall_cycles_;

 private:
  struct OutputPort {
    std::deque<Flight> pipe;  // packets crossing or complete, in the order they started
    uint64_t busy_until = 0;
    bool blocked = false;  // its oldest packet is complete but the output channel is full
    bool active = false;   // in active_outputs_
  };
  void deliver_completed(uint64_t cycle);
  // Returns whether some input channel holds a packet that could not be taken yet.
  bool take_inputs(uint64_t cycle);

  NetworkParams p_;
  std::vector<Channel<MemPacket>*> inputs_;
  std::vector<Channel<MemPacket>*> outputs_;
  std::vector<uint64_t> input_link_free_;  // per input: cycle its link takes the next flit
  std::vector<OutputPort> out_;
  std::vector<uint32_t> active_outputs_;  // ports with a non-empty pipe
  uint64_t inside_ = 0;
  stats::Counter& packets_;
  stats::Counter& flits_;
  stats::Counter& latency_sum_;
  stats::Counter& busy_port_cycles_;
  stats::Counter& output_blocked_cycles_;
};

}  // namespace warpsim::noc
