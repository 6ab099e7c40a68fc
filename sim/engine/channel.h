// A typed, bounded channel between two components: a message pushed at time t becomes visible
// to the consumer `latency` producer cycles later, and at most `capacity` messages are in flight
// or queued (back-pressure). This is the only way components talk, so a unit's constructor shows
// its pipeline (Vortex SimX's wiring style).
#pragma once

#include <cstdint>
#include <deque>
#include <stdexcept>
#include <string>
#include <utility>

#include "sim/engine/clock_domain.h"
#include "sim/engine/component.h"

namespace warpsim {

template <typename T>
class Channel {
 public:
  // `producer` gives the clock that latency is counted in. Latency >= 1 so that nothing pushed
  // in a cycle is visible in the same cycle: that is what makes tick order irrelevant.
  Channel(std::string name, const ClockDomain& producer, uint32_t latency, uint32_t capacity)
      : name_(std::move(name)), producer_(&producer), latency_(latency), capacity_(capacity) {
    if (latency_ == 0) throw std::invalid_argument(name_ + ": channel latency must be >= 1");
    if (capacity_ == 0) throw std::invalid_argument(name_ + ": channel capacity must be >= 1");
  }

  // The component woken when a message is pushed.
  void connect_consumer(Component& c) { consumer_ = &c; }
  // The component woken when a pop makes room in a full channel (a credit returned), so that a
  // producer held back by a full channel can sleep instead of polling can_push() every cycle.
  void connect_producer(Component& c) { producer_comp_ = &c; }

  const std::string& name() const { return name_; }
  uint32_t latency() const { return latency_; }
  uint32_t capacity() const { return capacity_; }
  size_t size() const { return queue_.size(); }
  bool empty() const { return queue_.empty(); }

  // Room for one more message this cycle. A slot freed by a pop in the current cycle is only
  // reusable from the next cycle, so the answer does not depend on whether the consumer was
  // ticked before or after the producer.
  bool can_push() const { return queue_.size() + popped_in(producer_->now()) < capacity_; }
  // No room until the consumer pops again. A producer refused by can_push() may sleep only then:
  // when it is not full, a pop earlier in this cycle made room that is usable next cycle, and no
  // later pop will wake it (a pop wakes the producer only from a full channel).
  bool full() const { return queue_.size() >= capacity_; }

  void push(T msg) {
    if (!can_push()) throw std::logic_error(name_ + ": push into a full channel");
    const Picos ready = producer_->edges().edge(producer_->cycle() + latency_);
    queue_.push_back({ready, std::move(msg)});
    if (consumer_ != nullptr) consumer_->wake_at(ready);
  }

  // Whether the oldest message is visible at consumer time `now`.
  bool ready(Picos now) const { return !queue_.empty() && queue_.front().ready <= now; }
  const T& front() const { return queue_.front().msg; }
  T& front() { return queue_.front().msg; }
  Picos front_ready_time() const { return queue_.front().ready; }

  T pop(Picos now) {
    if (producer_comp_ != nullptr && !can_push()) producer_comp_->wake();
    T msg = std::move(queue_.front().msg);
    queue_.pop_front();
    if (pop_time_ != now) {
      pop_time_ = now;
      pops_at_time_ = 0;
    }
    ++pops_at_time_;
    return msg;
  }

 private:
  struct Entry {
    Picos ready;
    T msg;
  };
  uint32_t popped_in(Picos now) const { return pop_time_ == now ? pops_at_time_ : 0; }

  std::string name_;
  const ClockDomain* producer_;
  Component* consumer_ = nullptr;
  Component* producer_comp_ = nullptr;
  uint32_t latency_;
  uint32_t capacity_;
  std::deque<Entry> queue_;
  Picos pop_time_ = ~Picos(0);
  uint32_t pops_at_time_ = 0;
};

}  // namespace warpsim
