#include "sim/engine/clock_domain.h"

#include <algorithm>

namespace warpsim {

namespace {
sc_core::sc_time picos(Picos p) {
  // The engine sets the time resolution to 1 ps, so a time value is a count of picoseconds.
  return sc_core::sc_time::from_value(p);
}
Picos sim_now() { return sc_core::sc_time_stamp().value(); }
}  // namespace

ClockDomain::ClockDomain(const sc_core::sc_module_name& name, uint64_t freq_hz,
                         ErrorHandler on_error)
    : sc_core::sc_module(name),
      edges_(freq_hz),
      on_error_(std::move(on_error)),
      wheel_(kWheelEdges),
      wheel_used_(kWheelEdges / 64, 0) {
  SC_METHOD(on_edge);
  sensitive << wake_event_;
  dont_initialize();
}

void ClockDomain::add(Component& c) {
  c.domain_ = this;
  c.slot_ = uint32_t(components_.size());
  components_.push_back(&c);
  active_.resize((components_.size() + 63) / 64, 0);
  commits_.resize(active_.size(), 0);
  if (c.has_commit_phase()) commits_[c.slot_ / 64] |= uint64_t(1) << (c.slot_ % 64);
}

void ClockDomain::add_timed(uint64_t edge, uint32_t slot) {
  if (edge - wheel_base_ <= kWheelEdges) {
    const size_t b = size_t(edge % kWheelEdges);
    wheel_[b].push_back(slot);
    wheel_used_[b / 64] |= uint64_t(1) << (b % 64);
    ++wheel_count_;
  } else {
    timed_.push({edge, slot});
  }
}

void ClockDomain::activate_due(uint64_t edge) {
  // Every bucket of the edges from the last tick up to this one (a domain that slept may have
  // passed several, though the earliest of them woke it).
  if (wheel_count_ != 0) {
    const uint64_t last = std::min(edge, wheel_base_ + kWheelEdges);
    for (uint64_t e = wheel_base_ + 1; e <= last && wheel_count_ != 0; ++e) {
      const size_t b = size_t(e % kWheelEdges);
      uint64_t& used = wheel_used_[b / 64];
      const uint64_t bit = uint64_t(1) << (b % 64);
      if ((used & bit) == 0) {
        // Skip the rest of an empty word at once.
        if ((used >> (b % 64)) == 0) e += 63 - b % 64;
        continue;
      }
      used &= ~bit;
      for (uint32_t slot : wheel_[b]) activate(slot);
      wheel_count_ -= wheel_[b].size();
      wheel_[b].clear();
    }
  }
  while (!timed_.empty() && timed_.top().edge <= edge) {
    activate(timed_.top().slot);
    timed_.pop();
  }
  wheel_base_ = edge;
  // Heap wakes that now fall inside the wheel's window move to it, so that the heap is only
  // looked at for wakes far away.
  while (!timed_.empty() && timed_.top().edge - wheel_base_ <= kWheelEdges) {
    add_timed(timed_.top().edge, timed_.top().slot);
    timed_.pop();
  }
}

uint64_t ClockDomain::next_timed_edge() const {
  uint64_t best = timed_.empty() ? ~uint64_t(0) : timed_.top().edge;
  if (wheel_count_ != 0) {
    // The first used bucket after wheel_base_, in circular order, is the earliest edge.
    // A word of the used-bucket bits at a time (the buckets from b to the end of b's word).
    const size_t start = size_t((wheel_base_ + 1) % kWheelEdges);
    for (size_t k = 0; k < kWheelEdges;) {
      const size_t b = (start + k) % kWheelEdges;
      const uint64_t used = wheel_used_[b / 64] >> (b % 64);
      if (used != 0) {
        best = std::min(best, wheel_base_ + 1 + k + uint64_t(__builtin_ctzll(used)));
        break;
      }
      k += 64 - b % 64;
    }
  }
  return best;
}

void ClockDomain::activate(uint32_t slot) {
  uint64_t& word = active_[slot / 64];
  const uint64_t bit = uint64_t(1) << (slot % 64);
  if ((word & bit) == 0) {
    word |= bit;
    ++active_count_;
  }
}

uint64_t ClockDomain::next_untick_edge_at_or_after(Picos t) const {
  // Most wakes (every channel push) land on this domain's next edge: no division needed.
  if (ticked_any_ && t >= now_ && t <= next_edge_time_) return cycle_ + 1;
  uint64_t k = edges_.first_edge_at_or_after(t);
  if (ticked_any_ && k <= cycle_) k = cycle_ + 1;
  return k;
}

void ClockDomain::notify_at_edge(uint64_t edge) {
  const Picos at = edges_.edge(edge);
  const Picos now = sim_now();
  // A notification still pending for this edge or an earlier one runs on_edge() by then, and
  // that edge schedules whatever comes after: notifying again would change nothing (SystemC
  // keeps the earlier of two notifications) but cost a kernel call per channel push.
  if (notified_at_ != kNoNotification && notified_at_ >= now && notified_at_ <= at) return;
  notified_at_ = at;
  wake_event_.notify(picos(at > now ? at - now : 0));
}

void ClockDomain::wake_at(Component& c, Picos t) {
  // Recorded even when c is active: it may be deciding to sleep in this very cycle, and a
  // message arriving later must still wake it. Duplicates are dropped when the wake is due.
  const Picos now = sim_now();
  const uint64_t next = next_untick_edge_at_or_after(now);
  const uint64_t edge = t <= now ? next : next_untick_edge_at_or_after(t);
  if (edge <= next) {
    wake_next_.push_back(c.slot_);
  } else {
    // Several messages for one component often become visible at the same edge (the flits of a
    // packet, a burst of replies): one timed entry serves them all. An equal entry pushed
    // earlier is still queued, since an entry leaves the wheel (or the heap) only when its edge
    // has come, and a wake for an edge that has come takes the branch above.
    if (c.timed_wake_ == edge) return;
    c.timed_wake_ = edge;
    add_timed(edge, c.slot_);
  }
  // While ticking, schedule_next() picks the wake up at the end of the tick.
  if (!in_tick_) notify_at_edge(edge);
}

void ClockDomain::on_edge() {
  const Picos now = sim_now();
  if (notified_at_ <= now) notified_at_ = kNoNotification;  // delivered (or overtaken)
  const uint64_t k = next_untick_edge_at_or_after(now);
  if (edges_.edge(k) != now) {
    // Woken between edges (a message from a faster domain): run at our next edge.
    notify_at_edge(k);
    return;
  }
  cycle_ = k;
  now_ = now;
  next_edge_time_ = edges_.edge(k + 1);
  ticked_any_ = true;
  in_tick_ = true;
  ++ticks_;

  for (uint32_t slot : wake_next_) activate(slot);
  wake_next_.clear();
  activate_due(k);

  try {
    // Evaluate all, then commit all: decisions in one cycle never see another component's
    // same-cycle commits, whatever the tick order. The active set is a bit set walked in slot
    // order, which is the domain's fixed tick order.
    evaluated_.assign(active_.begin(), active_.end());
    for (size_t w = 0; w < evaluated_.size(); ++w) {
      for (uint64_t bits = evaluated_[w]; bits != 0; bits &= bits - 1) {
        const uint32_t slot = uint32_t(w * 64 + size_t(__builtin_ctzll(bits)));
        ++evaluations_;
        if (!components_[slot]->evaluate(cycle_)) {
          active_[w] &= ~(uint64_t(1) << (slot % 64));
          --active_count_;
        }
      }
    }
    for (size_t w = 0; w < evaluated_.size(); ++w) {
      for (uint64_t bits = evaluated_[w] & commits_[w]; bits != 0; bits &= bits - 1) {
        components_[w * 64 + size_t(__builtin_ctzll(bits))]->commit(cycle_);
      }
    }
  } catch (...) {
    in_tick_ = false;
    on_error_(std::current_exception());
    return;
  }
  in_tick_ = false;
  schedule_next();
}

void ClockDomain::schedule_next() {
  const Picos now = sim_now();
  if (active_count_ != 0 || !wake_next_.empty()) {
    next_trigger(picos(edges_.edge(cycle_ + 1) - now));
    return;
  }
  const uint64_t timed = next_timed_edge();
  if (timed != ~uint64_t(0)) {
    // Sleep through the idle stretch; an earlier cross-domain wake still gets through.
    next_trigger(picos(edges_.edge(timed) - now), wake_event_);
    return;
  }
  next_trigger(wake_event_);
}

}  // namespace warpsim
