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

// An input buffer of a switch port: packets bounded in flits, kept in arrival order and, for the
// switch, as one queue per output they want (virtual output queues). Taking "the oldest packet
// for output o" is then the head of o's queue, not a search through the buffer and an erase from
// its middle: a congested 256-flit buffer held hundreds of packets, and moving them cost a tenth
// of a memory-bound run. A packet's flits leave one per cycle once it is switched, so its space
// comes back (the credit returns) only after its last flit has left, not when it starts to leave.
class FlitBuffer {
 public:
  static constexpr uint32_t kNone = ~uint32_t(0);

  // `queues`: the outputs a packet can want (its queue number at push()).
  FlitBuffer(uint32_t capacity_flits, uint32_t queues)
      : capacity_(capacity_flits), head_(queues, kNone), tail_(queues, kNone) {}

  // Room for `flits` more at `cycle`; an empty buffer takes any packet, so no size can deadlock.
  bool has_room(uint32_t flits, uint64_t cycle) {
    release(cycle);
    return used_ == 0 || used_ + flits <= capacity_;
  }
  // Adds `f`, which wants output `queue`.
  void push(const Flight& f, uint32_t queue) {
    used_ += f.flits;
    uint32_t i;
    if (free_.empty()) {
      i = uint32_t(nodes_.size());
      nodes_.emplace_back();
    } else {
      i = free_.back();
      free_.pop_back();
    }
    Node& n = nodes_[i];
    n.f = f;
    n.prev = last_;
    n.next = kNone;
    n.queue_next = kNone;
    (last_ == kNone ? first_ : nodes_[last_].next) = i;
    last_ = i;
    (tail_[queue] == kNone ? head_[queue] : nodes_[tail_[queue]].queue_next) = i;
    tail_[queue] = i;
  }
  bool empty() const { return first_ == kNone; }
  // The packets in arrival order: for (i = first(); i != kNone; i = next(i)) at(i).
  uint32_t first() const { return first_; }
  uint32_t next(uint32_t i) const { return nodes_[i].next; }
  const Flight& at(uint32_t i) const { return nodes_[i].f; }
  const Flight& oldest() const { return nodes_[first_].f; }
  // Whether a packet for output `queue` is held.
  bool holds(uint32_t queue) const { return head_[queue] != kNone; }
  // Removes the oldest packet for output `queue` (one must be held), whose flits leave over
  // [cycle, cycle + flits): the port is busy until then and the space returns then.
  Flight take(uint32_t queue, uint64_t cycle) {
    const uint32_t i = head_[queue];
    Node& n = nodes_[i];
    head_[queue] = n.queue_next;
    if (n.queue_next == kNone) tail_[queue] = kNone;
    (n.prev == kNone ? first_ : nodes_[n.prev].next) = n.next;
    (n.next == kNone ? last_ : nodes_[n.next].prev) = n.prev;
    free_.push_back(i);
    busy_until = cycle + n.f.flits;
    leaving_.push_back({busy_until, n.f.flits});
    return n.f;
  }
  bool sending(uint64_t cycle) const { return busy_until > cycle; }

  uint64_t busy_until = 0;  // one packet leaves at a time, one flit per cycle

 private:
  struct Node {
    Flight f;
    uint32_t prev = kNone, next = kNone;  // arrival order
    uint32_t queue_next = kNone;          // the next packet for the same output
  };
  void release(uint64_t cycle) {
    while (!leaving_.empty() && leaving_.front().first <= cycle) {
      used_ -= leaving_.front().second;
      leaving_.pop_front();
    }
  }
  uint32_t capacity_;
  uint32_t used_ = 0;  // flits held or still leaving
  std::vector<Node> nodes_;     // indexed by the lists below; freed nodes are reused
  std::vector<uint32_t> free_;
  uint32_t first_ = kNone, last_ = kNone;  // arrival order
  std::vector<uint32_t> head_, tail_;      // per output queue
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
