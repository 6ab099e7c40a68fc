// Exact clock-edge arithmetic for a clock domain (DESIGN.md §3).
// Edge k of a domain at f Hz is at ceil(k * 1e12 / f) picoseconds, computed from k every time so
// no rounding accumulates: 1132 MHz is not a whole number of picoseconds, and summing a rounded
// period would drift by a cycle every few thousand cycles against the DRAM domain.
#pragma once

#include <cstdint>
#include <stdexcept>

namespace warpsim {

using Picos = uint64_t;  // simulated time; integer picoseconds, never floating point
constexpr Picos kPicosPerSecond = 1'000'000'000'000ULL;

class ClockEdges {
 public:
  explicit ClockEdges(uint64_t freq_hz) : freq_hz_(freq_hz) {
    if (freq_hz == 0 || freq_hz > kPicosPerSecond) throw std::invalid_argument("clock frequency out of range");
  }
  uint64_t freq_hz() const { return freq_hz_; }

  // Time of edge k.
  Picos edge(uint64_t k) const {
    // 64-bit arithmetic while k * 1e12 fits (the first ~18 million edges): a 128-bit division
    // is a library call, and this runs for every channel push.
    if (k <= kNarrowEdges) return (k * kPicosPerSecond + freq_hz_ - 1) / freq_hz_;
    const Wide num = Wide(k) * kPicosPerSecond;
    return Picos((num + freq_hz_ - 1) / freq_hz_);
  }
  // Index of the first edge at or after time t.
  uint64_t first_edge_at_or_after(Picos t) const {
    // edge(k) >= t  <=>  k*1e12/f > t-1  <=>  k > (t-1)*f/1e12
    if (t == 0) return 0;
    // 64-bit arithmetic while (t - 1) * f fits (the first ~18 ms at 1 GHz): a 128-bit division
    // is a library call, and this runs for wakes across domains.
    if (t - 1 <= UINT64_MAX / freq_hz_) return (t - 1) * freq_hz_ / kPicosPerSecond + 1;
    const Wide k = (Wide(t - 1) * freq_hz_) / kPicosPerSecond + 1;
    return uint64_t(k);
  }
  // Number of edges in [0, t): how many times a domain ticks before time t.
  uint64_t edges_before(Picos t) const { return first_edge_at_or_after(t); }

 private:
  __extension__ typedef unsigned __int128 Wide;
  // Largest k with k * 1e12 + (f - 1) < 2^64 for any f <= 1e12.
  static constexpr uint64_t kNarrowEdges = (UINT64_MAX - kPicosPerSecond) / kPicosPerSecond;
  uint64_t freq_hz_;
};

}  // namespace warpsim
