// A simulated hardware unit: a plain C++ object with a hierarchical name, ticked by its clock
// domain in two phases. Plain objects (not sc_modules) so that every component can be unit-tested
// without the SystemC kernel, and so that a tick costs a virtual call, not a process activation.
#pragma once

#include <cstdint>
#include <string>

#include "sim/engine/clock_edges.h"

namespace warpsim {

class ClockDomain;

class Component {
 public:
  explicit Component(std::string name) : name_(std::move(name)) {}
  virtual ~Component() = default;
  Component(const Component&) = delete;
  Component& operator=(const Component&) = delete;

  // Hierarchical name without the root (`sm[3].sched[1]`); also the `location` of its counters.
  const std::string& name() const { return name_; }

  // Phase 1 of a cycle: read inputs and decide. Every active component of a domain evaluates
  // before any commits, so the order in which components are ticked never changes the result
  // (BookSim's evaluate/update). Returns true while the component still has work; a component
  // returning false is not ticked again until woken (Akita's sleep-when-idle).
  virtual bool evaluate(uint64_t cycle) = 0;
  // Phase 2: make this cycle's decisions visible. Only called for components that evaluated and
  // that asked for a commit phase (uses_commit_phase() in the constructor): channels already
  // make a push visible only at a later edge, so most components decide and act in evaluate().
  virtual void commit(uint64_t /*cycle*/) {}
  bool has_commit_phase() const { return has_commit_phase_; }

  // Ask to be ticked at the first edge of this component's domain at or after `t` (or the next
  // edge when t is now or in the past). Safe to call from any domain and from outside a tick.
  void wake_at(Picos t);
  void wake();

  ClockDomain* domain() const { return domain_; }
  // Current cycle and time of this component's domain.
  uint64_t cycle() const;
  Picos now() const;

 protected:
  // For a component whose commit() does something; call it in the constructor.
  void uses_commit_phase() { has_commit_phase_ = true; }

 private:
  friend class ClockDomain;
  std::string name_;
  ClockDomain* domain_ = nullptr;
  uint32_t slot_ = 0;       // position in the domain's fixed tick order
  uint64_t timed_wake_ = ~uint64_t(0);  // the edge of its latest timed wake (duplicates are skipped)
  bool has_commit_phase_ = false;
};

}  // namespace warpsim
