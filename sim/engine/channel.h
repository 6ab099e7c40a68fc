// A typed, bounded channel between two components: a message pushed at time t becomes visible
// to the consumer `latency` producer cycles later, and at most `capacity` messages are in flight
// or queued (back-pressure). This is the only way components talk, so a unit's constructor shows
// its pipeline (Vortex SimX's wiring style).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

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
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // Room for one more message this cycle. A slot freed by a pop in the current cycle is only
  // reusable from the next cycle, so the answer does not depend on whether the consumer was
  // ticked before or after the producer.
  bool can_push() const { return size_ + popped_in(producer_->now()) < capacity_; }
  // No room until the consumer pops again. A producer refused by can_push() may sleep only then:
  // when it is not full, a pop earlier in this cycle made room that is usable next cycle, and no
  // later pop will wake it (a pop wakes the producer only from a full channel).
  bool full() const { return size_ >= capacity_; }

  void push(T msg) {
    if (!can_push()) throw std::logic_error(name_ + ": push into a full channel");
    const Picos ready = producer_->edges().edge(producer_->cycle() + latency_);
    if (size_ == ring_.size()) grow();
    Entry& e = ring_[(head_ + size_) & (ring_.size() - 1)];
    e.ready = ready;
    e.msg = std::move(msg);
    ++size_;
    if (consumer_ != nullptr) consumer_->wake_at(ready);
  }

  // Whether the oldest message is visible at consumer time `now`.
  bool ready(Picos now) const { return size_ != 0 && ring_[head_].ready <= now; }
  const T& front() const { return ring_[head_].msg; }
  T& front() { return ring_[head_].msg; }
  Picos front_ready_time() const { return ring_[head_].ready; }

  T pop(Picos now) {
    if (producer_comp_ != nullptr && !can_push()) producer_comp_->wake();
    T msg = std::move(ring_[head_].msg);
    head_ = (head_ + 1) & (ring_.size() - 1);
    --size_;
    if (pop_time_ != now) {
      pop_time_ = now;
      pops_at_time_ = 0;
    }
    ++pops_at_time_;
    return msg;
  }

 private:
  struct Entry {
    Picos ready = 0;
    T msg{};
  };
  uint32_t popped_in(Picos now) const { return pop_time_ == now ? pops_at_time_ : 0; }
  // Doubles the ring (a power of two, so that wrapping is a mask), oldest message first. It
  // grows to what the traffic needs, never past the capacity's power of two; after that a push
  // and a pop move a message and allocate nothing (a deque allocated a block now and then).
  void grow() {
    std::vector<Entry> bigger(ring_.empty() ? 4 : ring_.size() * 2);
    for (size_t i = 0; i < size_; ++i) bigger[i] = std::move(ring_[(head_ + i) & (ring_.size() - 1)]);
    ring_ = std::move(bigger);
    head_ = 0;
  }

  std::string name_;
  const ClockDomain* producer_;
  Component* consumer_ = nullptr;
  Component* producer_comp_ = nullptr;
  uint32_t latency_;
  uint32_t capacity_;
  std::vector<Entry> ring_;  // size_ messages from head_, oldest first, wrapping around
  size_t head_ = 0;
  size_t size_ = 0;
  Picos pop_time_ = ~Picos(0);
  uint32_t pops_at_time_ = 0;
};

}  // namespace warpsim
