// 2D mesh of 5-port routers (local, east, west, south, north) with dimension-order XY routing,
// which cannot deadlock (Dally & Towles, ch. 14). Modelled at packet granularity with virtual
// cut-through: a packet of F flits leaves a router buffer only when the link is free and the next
// router's input buffer has room for all F flits (credits); it then holds the link F cycles, and
// its head reaches the next router `mesh_hop_latency` cycles later, where it may go on at once
// while its tail still streams in. Each router allocates its outputs with its own instance of the
// configured arbiter, so contention for a link is resolved as on the crossbar.
//
// Placement (deterministic): columns C = mesh_columns, or ceil(sqrt(max(sources, destinations)));
// rows R = ceil(max(sources, destinations) / C); node n sits at (n % C, n / C). Source i is on
// node floor(i * R*C / sources) and destination j on node floor(j * R*C / destinations), so each
// set is spread evenly over the whole mesh (V100: 80 SMs and 64 L2 slices on a 9x9 mesh) and no
// node hosts two sources or two destinations. With as many sources as destinations as nodes,
// node k hosts source k and destination k.
//
// Timing: a packet passes H+1 routers for H = |dx| + |dy| links, each costing mesh_hop_latency
// cycles; a lone packet popped at cycle p is pushed into its output channel at
// p + (H + 1) * mesh_hop_latency + F - 1.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "models/noc/arbiter.h"
#include "models/noc/network_base.h"

namespace warpsim::noc {
namespace {

enum Port : uint8_t { kLocal = 0, kEast = 1, kWest = 2, kSouth = 3, kNorth = 4, kPorts = 5 };

constexpr uint8_t opposite(uint8_t p) {
  return p == kEast ? kWest : p == kWest ? kEast : p == kSouth ? kNorth : kSouth;
}

class Mesh : public NetworkBase {
 public:
  Mesh(const std::string& name, const NetworkParams& params, stats::CounterRegistry& counters,
       std::vector<Channel<MemPacket>*> inputs, std::vector<Channel<MemPacket>*> outputs)
      : NetworkBase(name, params, counters, std::move(inputs), std::move(outputs)),
        link_busy_cycles_(counters.counter(name, "link_busy_cycles")) {
    const uint32_t endpoints = std::max(num_inputs(), num_outputs());
    columns_ = params.mesh_columns;
    if (columns_ == 0) {
      columns_ = 1;
      while (columns_ * columns_ < endpoints) ++columns_;
    }
    rows_ = (endpoints + columns_ - 1) / columns_;
    const uint64_t nodes = uint64_t(rows_) * columns_;
    for (uint32_t s = 0; s < num_inputs(); ++s) src_node_.push_back(uint32_t(s * nodes / num_inputs()));
    for (uint32_t d = 0; d < num_outputs(); ++d) dst_node_.push_back(uint32_t(d * nodes / num_outputs()));
    routers_.reserve(nodes);
    for (uint64_t n = 0; n < nodes; ++n) routers_.emplace_back(params);
  }

  uint32_t columns() const { return columns_; }

 protected:
  bool can_accept(uint32_t src, uint32_t flits, uint64_t cycle) override {
    return routers_[src_node_[src]].in[kLocal].has_room(flits, cycle);
  }
  void accept(uint32_t src, const Flight& f) override {
    const uint32_t n = src_node_[src];
    Flight g = f;
    g.next_port = next_port(n, g.pkt.dst);
    routers_[n].in[kLocal].push(g, g.next_port);
    activate(n);
  }

  bool route(uint64_t cycle) override {
    // Routers activated during this pass only hold packets whose head has not arrived yet.
    const size_t n = active_.size();
    for (size_t k = 0; k < n; ++k) switch_router(active_[k], cycle);
    size_t kept = 0;
    for (uint32_t r : active_) {
      if (holds_packets(routers_[r])) {
        active_[kept++] = r;
      } else {
        routers_[r].active = false;
      }
    }
    active_.resize(kept);
    return !active_.empty();
  }

 private:
  struct Router {
    explicit Router(const NetworkParams& p)
        : in{FlitBuffer(p.input_buffer_flits, kPorts), FlitBuffer(p.input_buffer_flits, kPorts),
             FlitBuffer(p.input_buffer_flits, kPorts), FlitBuffer(p.input_buffer_flits, kPorts),
             FlitBuffer(p.input_buffer_flits, kPorts)},
          arbiter(ArbiterRegistry::instance().create(p.arbiter, kPorts, kPorts,
                                                     p.islip_iterations)) {}
    FlitBuffer in[kPorts];
    uint64_t link_busy_until[kPorts] = {};  // outgoing links (kLocal unused: the output port)
    std::unique_ptr<Arbiter> arbiter;
    bool active = false;
  };

  static bool holds_packets(const Router& r) {
    for (const FlitBuffer& b : r.in)
      if (!b.empty()) return true;
    return false;
  }
  void activate(uint32_t n) {
    if (!routers_[n].active) {
      routers_[n].active = true;
      active_.push_back(n);
    }
  }
  // XY: correct x first, then y, then eject.
  uint8_t next_port(uint32_t node, uint32_t dst) const {
    const uint32_t t = dst_node_[dst];
    const uint32_t x = node % columns_, y = node / columns_;
    const uint32_t tx = t % columns_, ty = t / columns_;
    if (tx != x) return tx > x ? kEast : kWest;
    if (ty != y) return ty > y ? kSouth : kNorth;
    return kLocal;
  }
  uint32_t neighbour(uint32_t node, uint8_t port) const {
    switch (port) {
      case kEast: return node + 1;
      case kWest: return node - 1;
      case kSouth: return node + columns_;
      default: return node - columns_;
    }
  }
  bool port_free(uint32_t node, uint8_t port, const Flight& f, uint64_t cycle) {
    if (port == kLocal) return output_free(f.pkt.dst, cycle);
    return routers_[node].link_busy_until[port] <= cycle &&
           routers_[neighbour(node, port)].in[opposite(port)].has_room(f.flits, cycle);
  }

  void switch_router(uint32_t node, uint64_t cycle) {
    Router& r = routers_[node];
    requests_.clear();
    uint32_t competing = 0;
    for (uint32_t p = 0; p < kPorts; ++p) {
      FlitBuffer& b = r.in[p];
      if (b.empty() || b.sending(cycle) || b.oldest().ready > cycle) continue;
      ++competing;
      bool seen[kPorts] = {};
      for (uint32_t i = b.first(); i != FlitBuffer::kNone; i = b.next(i)) {
        const Flight& f = b.at(i);
        if (f.ready > cycle) break;  // arrival order: the rest are still on the link
        if (seen[f.next_port]) continue;
        seen[f.next_port] = true;
        requests_.push_back({p, f.next_port, port_free(node, f.next_port, f, cycle)});
      }
    }
    if (competing == 0) return;
    matches_.clear();
    r.arbiter->match(requests_, matches_);
    const uint32_t hop = params().mesh_hop_latency;
    for (const ArbiterMatch& m : matches_) {
      FlitBuffer& b = r.in[m.input];
      Flight f = b.take(m.output, cycle);
      if (m.output == kLocal) {
        f.ready = cycle + hop + f.flits - 1;  // the last flit is out of the router
        deliver(f.pkt.dst, f, cycle);
        continue;
      }
      r.link_busy_until[m.output] = cycle + f.flits;
      link_busy_cycles_ += f.flits;
      const uint32_t next = neighbour(node, uint8_t(m.output));
      f.ready = cycle + hop;
      f.next_port = next_port(next, f.pkt.dst);
      routers_[next].in[opposite(uint8_t(m.output))].push(f, f.next_port);
      activate(next);
    }
    stall_cycles_ += competing - uint32_t(matches_.size());
  }

  stats::Counter& link_busy_cycles_;  // over router-to-router links, cycles carrying a flit
  uint32_t columns_ = 1, rows_ = 1;
  std::vector<uint32_t> src_node_, dst_node_;
  std::vector<Router> routers_;
  std::vector<uint32_t> active_;  // routers holding packets, the only ones looked at
  std::vector<ArbiterRequest> requests_;
  std::vector<ArbiterMatch> matches_;
};

}  // namespace

WARPSIM_REGISTER(NetworkRegistry, "mesh",
                 [](const std::string& name, const NetworkParams& params,
                    stats::CounterRegistry& counters, std::vector<Channel<MemPacket>*> inputs,
                    std::vector<Channel<MemPacket>*> outputs) {
                   return std::unique_ptr<Network>(std::make_unique<Mesh>(
                       name, params, counters, std::move(inputs), std::move(outputs)));
                 });

}  // namespace warpsim::noc
