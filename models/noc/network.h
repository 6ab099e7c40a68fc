// The on-chip interconnect between SMs and L2 slices (DESIGN.md §1): two networks of the same
// kind, requests SM -> slice ("noc.req") and replies slice -> SM ("noc.reply"), built from the
// `noc:` config section. The topology is chosen by name (`noc.topology`), never by an if-chain.
//
// Contract of every Network:
// - It consumes one channel per source endpoint and produces into one per destination endpoint
//   (MemPacket::dst indexes `outputs`). It wakes on a push into any input and sleeps when no
//   packet is inside it, so an idle network costs nothing.
// - A packet is `packet_flits()` flits. It leaves input i's channel only when that input's buffer
//   has room for all of its flits (a packet larger than the whole buffer enters an empty one),
//   and at most one flit per cycle enters through an input: a packet of F flits keeps the input
//   link busy F cycles. Every port and link moves at most one flit per cycle.
// - It is delivered whole into outputs[dst] once its last flit has arrived, and only when that
//   channel can take it; otherwise it waits and blocks that output (back-pressure, never a drop).
// - Packets from one source to one destination are delivered in the order they were sent.
// - Counters at location `name`: packets, flits (delivered), latency_sum (network cycles from
//   the pop from the input channel to the push into the output channel, summed over delivered
//   packets), busy_port_cycles (over output ports, cycles carrying a flit: utilisation is
//   busy_port_cycles / (cycles x outputs)), stall_cycles (over the buffered input ports of every
//   switch and cycles: the port holds a packet that could leave but moves no flit, because it
//   lost arbitration or every output its packets want is busy or blocked), output_blocked_cycles
//   (over output ports and cycles: a complete packet waits because its output channel is full).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/mem/mem_packet.h"
#include "sim/engine/channel.h"
#include "sim/engine/component.h"
#include "sim/engine/registry.h"
#include "sim/stats/counter_registry.h"

namespace warpsim {

class Config;

struct NetworkParams {
  std::string topology = "crossbar";  // NetworkRegistry name
  std::string arbiter = "round_robin";  // ArbiterRegistry name
  uint32_t islip_iterations = 1;
  uint32_t flit_bytes = 32;
  uint32_t header_bytes = 8;
  uint32_t input_buffer_flits = 64;
  uint32_t latency = 4;           // crossbar traversal, cycles
  uint32_t mesh_columns = 0;      // 0: the smallest square that holds every endpoint
  uint32_t mesh_hop_latency = 2;  // cycles per router

  // Reads the `noc.*` keys; names must be registered, sizes and latencies >= 1 (InputError).
  static NetworkParams from_config(const Config& cfg);
};

// ceil((header_bytes + payload_bytes) / flit_bytes): a read request is one flit with the defaults.
uint32_t packet_flits(const MemPacket& p, const NetworkParams& params);

class Network : public Component {
 public:
  using Component::Component;
  // Packets that left an input channel and have not yet been pushed into an output channel.
  virtual uint64_t packets_inside() const = 0;
};

// (name, params, counters, inputs, outputs); presets choose one with `noc.topology`.
using NetworkRegistry =
    Registry<Network, const std::string&, const NetworkParams&, stats::CounterRegistry&,
             std::vector<Channel<MemPacket>*>, std::vector<Channel<MemPacket>*>>;

// Builds the topology `params.topology`. `name` is the component name and counter location
// ("noc.req", "noc.reply"). The network makes itself the consumer of every input channel; the
// caller adds it to the interconnect clock domain and connects the outputs' consumers.
std::unique_ptr<Network> make_network(const std::string& name, const NetworkParams& params,
                                      stats::CounterRegistry& counters,
                                      std::vector<Channel<MemPacket>*> inputs,
                                      std::vector<Channel<MemPacket>*> outputs);

}  // namespace warpsim
