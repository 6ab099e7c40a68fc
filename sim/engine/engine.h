// Owns the SystemC time base and the clock domains of one simulation. SystemC allows one
// elaboration per process, so there is one Engine per process (tests run one per process).
#pragma once

#include <exception>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <systemc>

#include "sim/engine/clock_domain.h"

namespace warpsim {

class Engine {
 public:
  Engine();
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  ClockDomain& add_domain(const std::string& name, uint64_t freq_hz);
  ClockDomain& domain(const std::string& name) const;

  // Runs until every domain is idle (returns true) or simulated time reaches `until` (returns
  // false). An exception thrown inside a component's tick stops the simulation and is rethrown
  // here. Can be called again after it returned idle (e.g. for the next kernel launch).
  bool run(Picos until = ~Picos(0));
  // Called from inside a tick: run() returns (not idle) at the end of the current delta cycle,
  // so that the caller can act at this instant (start a kernel whose predecessor just ended);
  // the next run() carries on from there as if it had not stopped.
  void pause();
  Picos now() const;

 private:
  void fail(std::exception_ptr e);

  std::vector<std::unique_ptr<ClockDomain>> domains_;
  std::map<std::string, ClockDomain*> by_name_;
  std::exception_ptr error_;
  bool stopped_ = false;
};

}  // namespace warpsim
