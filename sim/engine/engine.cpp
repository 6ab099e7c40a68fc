#include "sim/engine/engine.h"

#include <stdexcept>

namespace warpsim {

Engine::Engine() {
  // Integer picoseconds everywhere (DESIGN.md §3). Must precede any non-zero sc_time.
  sc_core::sc_set_time_resolution(1, sc_core::SC_PS);
  // Our errors are reported by warpsim itself; SystemC's own info messages would clutter output.
  sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
}

Engine::~Engine() = default;

ClockDomain& Engine::add_domain(const std::string& name, uint64_t freq_hz) {
  if (by_name_.count(name) != 0) throw std::logic_error("duplicate clock domain " + name);
  domains_.push_back(std::make_unique<ClockDomain>(
      name.c_str(), freq_hz, [this](std::exception_ptr e) { fail(std::move(e)); }));
  by_name_[name] = domains_.back().get();
  return *domains_.back();
}

ClockDomain& Engine::domain(const std::string& name) const {
  auto it = by_name_.find(name);
  if (it == by_name_.end()) throw std::logic_error("no clock domain " + name);
  return *it->second;
}

void Engine::fail(std::exception_ptr e) {
  if (!error_) error_ = std::move(e);
  stopped_ = true;
  sc_core::sc_stop();
}

void Engine::pause() { sc_core::sc_pause(); }

Picos Engine::now() const { return sc_core::sc_time_stamp().value(); }

bool Engine::run(Picos until) {
  if (stopped_) throw std::logic_error("simulation already stopped");
  if (until == ~Picos(0)) {
    sc_core::sc_start();
  } else if (until > now()) {
    sc_core::sc_start(sc_core::sc_time::from_value(until - now()), sc_core::SC_EXIT_ON_STARVATION);
  }
  if (error_) std::rethrow_exception(error_);
  return !sc_core::sc_pending_activity();
}

}  // namespace warpsim
