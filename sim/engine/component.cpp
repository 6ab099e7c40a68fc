#include "sim/engine/component.h"

#include <systemc>

#include "sim/engine/clock_domain.h"

namespace warpsim {

void Component::wake_at(Picos t) {
  if (domain_ != nullptr) domain_->wake_at(*this, t);
}

void Component::wake() { wake_at(0); }

uint64_t Component::cycle() const { return domain_ != nullptr ? domain_->cycle() : 0; }

Picos Component::now() const { return domain_ != nullptr ? domain_->now() : 0; }

}  // namespace warpsim
