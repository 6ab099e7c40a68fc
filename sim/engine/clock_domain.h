// One clock domain (core, interconnect, L2, DRAM): a single self-scheduled SC_METHOD that ticks
// the domain's active components in a fixed order (DESIGN.md §3). A process per unit would cost
// a SystemC activation per unit per cycle; one method looping over plain objects costs ~1 ns each.
#pragma once

#include <cstdint>
#include <functional>
#include <queue>
#include <string>
#include <vector>

#include <systemc>

#include "sim/engine/clock_edges.h"
#include "sim/engine/component.h"

namespace warpsim {

class ClockDomain : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(ClockDomain);
  using ErrorHandler = std::function<void(std::exception_ptr)>;

  ClockDomain(const sc_core::sc_module_name& name, uint64_t freq_hz, ErrorHandler on_error);

  // Components are ticked in the order they were added: the order is part of the model's
  // determinism, never a hash or pointer order.
  void add(Component& c);

  const ClockEdges& edges() const { return edges_; }
  // The edge being ticked (or last ticked); cycle 0 is at time 0.
  uint64_t cycle() const { return cycle_; }
  Picos now() const { return now_; }
  // Cycles of this domain in [0, t).
  uint64_t cycles_before(Picos t) const { return edges_.edges_before(t); }

  // Number of edges at which this domain ran (its cost); idle stretches do not count.
  uint64_t ticks() const { return ticks_; }
  // Number of component evaluations performed.
  uint64_t evaluations() const { return evaluations_; }

  void wake_at(Component& c, Picos t);

 private:
  void on_edge();
  void activate(uint32_t slot);
  void schedule_next();
  void notify_at_edge(uint64_t edge);
  uint64_t next_untick_edge_at_or_after(Picos t) const;

  // A wake for an edge more than kWheelEdges after the last ticked one.
  struct TimedWake {
    uint64_t edge;
    uint32_t slot;
    bool operator>(const TimedWake& o) const { return edge != o.edge ? edge > o.edge : slot > o.slot; }
  };
  // Timed wakes within kWheelEdges of the last ticked edge (nearly all: a pipeline latency, a
  // DRAM timing) go to a timing wheel, one bucket per edge, at O(1) a wake; a binary heap cost
  // a sift per wake and per edge, a tenth of a memory-bound run's time.
  static constexpr uint64_t kWheelEdges = 1024;
  void add_timed(uint64_t edge, uint32_t slot);
  void activate_due(uint64_t edge);
  // The earliest edge with a timed wake, or ~0 if none.
  uint64_t next_timed_edge() const;

  ClockEdges edges_;
  ErrorHandler on_error_;
  std::vector<Component*> components_;
  // The active set: one bit per slot. Adding is O(1) and walking it visits slots in tick order,
  // with no sorting (a vector of slots had to be re-sorted whenever one woke).
  std::vector<uint64_t> active_;
  size_t active_count_ = 0;
  std::vector<uint64_t> evaluated_;     // this edge's active set, for the commit phase
  std::vector<uint32_t> wake_next_;     // slots to activate at the next edge
  std::vector<std::vector<uint32_t>> wheel_;  // kWheelEdges buckets: edge % kWheelEdges
  std::vector<uint64_t> wheel_used_;            // one bit per non-empty bucket
  size_t wheel_count_ = 0;                      // wakes in the wheel
  uint64_t wheel_base_ = 0;                     // the wheel holds edges (wheel_base_, + kWheelEdges]
  std::priority_queue<TimedWake, std::vector<TimedWake>, std::greater<TimedWake>> timed_;  // the rest
  std::vector<uint64_t> commits_;  // one bit per component that has a commit phase
  sc_core::sc_event wake_event_;
  // The time wake_event_ is notified for, while that notification may still be pending.
  static constexpr Picos kNoNotification = ~Picos(0);
  Picos notified_at_ = kNoNotification;
  uint64_t cycle_ = 0;
  Picos now_ = 0;  // edges_.edge(cycle_), read by every channel operation
  Picos next_edge_time_ = 0;  // edges_.edge(cycle_ + 1)
  bool ticked_any_ = false;             // whether edge cycle_ has already been ticked
  bool in_tick_ = false;
  uint64_t ticks_ = 0;
  uint64_t evaluations_ = 0;
};

}  // namespace warpsim
