#include "models/noc/network.h"

#include <stdexcept>

#include "models/noc/arbiter.h"
#include "models/noc/network_base.h"
#include "sim/config/config.h"

namespace warpsim {

NetworkParams NetworkParams::from_config(const Config& cfg) {
  NetworkParams p;
  p.topology = cfg.get_choice("noc.topology", NetworkRegistry::instance().names());
  p.arbiter = cfg.get_choice("noc.arbiter", ArbiterRegistry::instance().names());
  p.islip_iterations = uint32_t(cfg.get_int("noc.islip_iterations", 1, 64));
  p.flit_bytes = uint32_t(cfg.get_int("noc.flit_bytes", 1, 1 << 16));
  p.header_bytes = uint32_t(cfg.get_int("noc.header_bytes", 0, 1 << 16));
  p.input_buffer_flits = uint32_t(cfg.get_int("noc.input_buffer_flits", 1, 1 << 20));
  // >= 1: a packet switched in a cycle is complete no earlier than the next one.
  p.latency = uint32_t(cfg.get_int("noc.latency", 1, 1 << 16));
  p.mesh_columns = uint32_t(cfg.get_int("noc.mesh_columns", 0, 1 << 12));
  p.mesh_hop_latency = uint32_t(cfg.get_int("noc.mesh_hop_latency", 1, 1 << 16));
  return p;
}

uint32_t packet_flits(const MemPacket& p, const NetworkParams& params) {
  const uint64_t bytes = uint64_t(params.header_bytes) + p.payload_bytes;
  const uint64_t flits = (bytes + params.flit_bytes - 1) / params.flit_bytes;
  return flits == 0 ? 1 : uint32_t(flits);  // a packet always occupies at least one flit
}

std::unique_ptr<Network> make_network(const std::string& name, const NetworkParams& params,
                                      stats::CounterRegistry& counters,
                                      std::vector<Channel<MemPacket>*> inputs,
                                      std::vector<Channel<MemPacket>*> outputs) {
  if (!NetworkRegistry::instance().has(params.topology))
    throw std::logic_error(name + ": no network topology " + params.topology);
  if (!ArbiterRegistry::instance().has(params.arbiter))
    throw std::logic_error(name + ": no network arbiter " + params.arbiter);
  if (inputs.empty() || outputs.empty())
    throw std::logic_error(name + ": a network needs at least one input and one output");
  return NetworkRegistry::instance().create(params.topology, name, params, counters,
                                            std::move(inputs), std::move(outputs));
}

namespace noc {

NetworkBase::NetworkBase(const std::string& name, const NetworkParams& params,
                         stats::CounterRegistry& counters, std::vector<Channel<MemPacket>*> inputs,
                         std::vector<Channel<MemPacket>*> outputs)
    : Network(name),
      stall_cycles_(counters.counter(name, "stall_cycles")),
      p_(params),
      inputs_(std::move(inputs)),
      outputs_(std::move(outputs)),
      input_link_free_(inputs_.size(), 0),
      out_(outputs_.size()),
      packets_(counters.counter(name, "packets")),
      flits_(counters.counter(name, "flits")),
      latency_sum_(counters.counter(name, "latency_sum")),
      busy_port_cycles_(counters.counter(name, "busy_port_cycles")),
      output_blocked_cycles_(counters.counter(name, "output_blocked_cycles")) {
  for (Channel<MemPacket>* in : inputs_) in->connect_consumer(*this);
}

bool NetworkBase::evaluate(uint64_t cycle) {
  deliver_completed(cycle);
  const bool inputs_waiting = take_inputs(cycle);
  const bool buffered = route(cycle);
  // Sleep only when nothing is inside: a packet still in an input channel woke us when it was
  // pushed, and one we could not take yet keeps us awake through `inputs_waiting`.
  return inputs_waiting || buffered || !active_outputs_.empty();
}

void NetworkBase::deliver_completed(uint64_t cycle) {
  size_t kept = 0;
  for (uint32_t d : active_outputs_) {
    OutputPort& o = out_[d];
    // One packet per port and cycle: several are complete at once only after a blockage.
    if (o.pipe.front().ready <= cycle) {
      Channel<MemPacket>& ch = *outputs_[d];
      if (ch.can_push()) {
        const Flight& f = o.pipe.front();
        ++packets_;
        flits_ += f.flits;
        latency_sum_ += cycle - f.popped;
        ch.push(f.pkt);
        o.pipe.pop_front();
        o.blocked = false;
        --inside_;
      } else {
        o.blocked = true;
        ++output_blocked_cycles_;
      }
    }
    if (o.pipe.empty()) {
      o.active = false;
    } else {
      active_outputs_[kept++] = d;
    }
  }
  active_outputs_.resize(kept);
}

bool NetworkBase::take_inputs(uint64_t cycle) {
  // Every input channel is looked at: a push wakes the network but does not say which channel,
  // and this is one pointer test per input on a network that has packets in flight.
  const Picos t = now();
  bool waiting = false;
  for (uint32_t s = 0; s < inputs_.size(); ++s) {
    Channel<MemPacket>& ch = *inputs_[s];
    if (!ch.ready(t)) continue;
    const uint32_t flits = packet_flits(ch.front(), p_);
    if (input_link_free_[s] > cycle || !can_accept(s, flits, cycle)) {
      waiting = true;
      continue;
    }
    Flight f;
    f.pkt = ch.pop(t);
    if (f.pkt.dst >= outputs_.size())
      throw std::logic_error(name() + ": packet for destination " + std::to_string(f.pkt.dst) +
                             " of " + std::to_string(outputs_.size()));
    f.popped = cycle;
    f.ready = cycle;
    f.flits = flits;
    input_link_free_[s] = cycle + flits;
    ++inside_;
    accept(s, f);
  }
  return waiting;
}

void NetworkBase::deliver(uint32_t dst, const Flight& f, uint64_t cycle) {
  OutputPort& o = out_[dst];
  o.busy_until = cycle + f.flits;
  o.pipe.push_back(f);
  busy_port_cycles_ += f.flits;
  if (!o.active) {
    o.active = true;
    active_outputs_.push_back(dst);
  }
}

}  // namespace noc
}  // namespace warpsim
