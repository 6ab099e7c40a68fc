// Performance counters: components register them once by (location, name) and then bump them in
// the hot loop through a handle, with no lookup. The driver snapshots the registry around each
// kernel to get per-kernel deltas (kernel_seq >= 1) and run totals (kernel_seq 0), adds derived
// metrics in a CounterTable, and hands rows to the recorder.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/stats/rows.h"

namespace warpsim::stats {

// "Natural" order: runs of digits compare by numeric value, so sm[2] < sm[10] and
// l2[9] < l2[17]; everything else compares byte-wise. A strict total order (ties between
// "01" and "1" fall back to plain string order), so it can key a std::map.
bool natural_less(std::string_view a, std::string_view b);

// A counter's identity. `location` is the component's hierarchical name without the root
// (`sm[3].sched[1]`, `l2[17]`, `gpu`), exactly the `location` column of the database.
struct CounterKey {
  std::string location;
  std::string name;
  bool operator==(const CounterKey& o) const { return location == o.location && name == o.name; }
  bool operator!=(const CounterKey& o) const { return !(*this == o); }
};

// Orders by location, then name, both natural.
struct CounterKeyLess {
  bool operator()(const CounterKey& a, const CounterKey& b) const;
};

// One 64-bit event count. Non-copyable, so `auto c = registry.counter(...)` does not compile:
// a component keeps `Counter&` (or `Counter*`), which stays valid for the registry's lifetime.
class Counter {
 public:
  Counter() = default;
  Counter(const Counter&) = delete;
  Counter& operator=(const Counter&) = delete;

  Counter& operator++() {
    ++value_;
    return *this;
  }
  Counter& operator+=(uint64_t n) {
    value_ += n;
    return *this;
  }
  void add(uint64_t n = 1) { value_ += n; }
  // For levels that a component tracks itself (e.g. a high-water mark); deltas assume counters
  // only grow between two snapshots, see delta().
  void set(uint64_t v) { value_ = v; }
  uint64_t value() const { return value_; }

 private:
  uint64_t value_ = 0;
};

struct CounterValue {
  std::string location;
  std::string name;
  uint64_t value = 0;
};

// All counters at one instant, in registry order (location, then name, natural).
using Snapshot = std::vector<CounterValue>;

// after - before, counter by counter, in `after`'s order. A counter missing from `before`
// (registered in between) counts from 0; a counter that went down (reset() or set() in
// between) gives its `after` value, as if it had been reset to 0 at `before`.
Snapshot delta(const Snapshot& before, const Snapshot& after);

// Rows to write for one kernel (or the run, kernel_seq 0): raw counters plus the driver's derived
// metrics (ipc, hit rates, means over schedulers). operator[] inserts, so
// `table[{"gpu", "ipc"}] = ...` works.
using CounterTable = std::map<CounterKey, double, CounterKeyLess>;

CounterTable to_table(const Snapshot& snapshot);
// One CounterRow per table entry, in table order.
std::vector<CounterRow> to_rows(int kernel_seq, const CounterTable& table);
std::vector<CounterRow> to_rows(int kernel_seq, const Snapshot& snapshot);

class CounterRegistry {
 public:
  CounterRegistry() = default;
  CounterRegistry(const CounterRegistry&) = delete;
  CounterRegistry& operator=(const CounterRegistry&) = delete;

  // Registers (location, name), or returns the existing counter if it is already registered.
  // The reference stays valid, at the same address, until the registry is destroyed.
  Counter& counter(const std::string& location, const std::string& name);

  // nullptr if not registered.
  const Counter* find(const std::string& location, const std::string& name) const;
  // The value, or nullopt if not registered.
  std::optional<uint64_t> value(const std::string& location, const std::string& name) const;

  size_t size() const { return entries_.size(); }
  Snapshot snapshot() const;
  // Sets every counter to 0 (handles stay valid).
  void reset();

  // Calls f(const CounterKey&, const Counter&) for each counter, in registry order.
  template <typename F>
  void for_each(F&& f) const {
    for (uint32_t i : order()) f(*entries_[i].key, *entries_[i].counter);
  }

 private:
  struct Entry {
    const CounterKey* key;  // index_'s key (unordered_map nodes never move)
    Counter* counter;
  };
  struct KeyHash {
    size_t operator()(const CounterKey& k) const;
  };
  // Registry order, computed once after the last registration: components register thousands
  // of counters while the GPU is built, and keeping them sorted as they come costs more than
  // sorting them once.
  const std::vector<uint32_t>& order() const;

  // deque: growing it never moves existing elements, and counters registered by one component
  // sit next to each other in memory (better than one heap node per counter in the hot loop).
  std::deque<Counter> storage_;
  std::vector<Entry> entries_;                               // registration order
  std::unordered_map<CounterKey, uint32_t, KeyHash> index_;  // -> entries_ index
  mutable std::vector<uint32_t> order_;                      // entries_ indices, registry order
  mutable bool order_stale_ = false;
};

// Time series: every `interval` cycles the driver calls maybe_sample(cycle) (or checks due() and
// calls sample()), and the sampler appends one SampleRow per selected counter. Rows accumulate
// until take() hands them to Recorder::add_samples.
class Sampler {
 public:
  enum class Mode {
    values,  // the counter's value at the sample cycle
    deltas,  // the increase since the previous sample (the first: since the sampler was made)
  };
  // Which counters to record; an empty filter selects all. Evaluated once per counter, including
  // counters registered after the sampler was made.
  using Filter = std::function<bool(const std::string& location, const std::string& name)>;

  // interval 0 disables sampling (due() is always false).
  Sampler(const CounterRegistry& registry, uint64_t interval, Filter filter = {},
          Mode mode = Mode::values);

  uint64_t interval() const { return interval_; }
  // The next multiple of the interval that has not been sampled yet.
  uint64_t next_cycle() const { return next_; }
  bool due(uint64_t cycle) const { return interval_ != 0 && cycle >= next_; }

  // Records every selected counter at `cycle`, whether due or not, and moves next_cycle() past
  // it. When the engine skips idle time, cycle may lie past a multiple; rows carry the real cycle.
  void sample(uint64_t cycle);
  // sample(cycle) if due(cycle); returns whether it sampled.
  bool maybe_sample(uint64_t cycle);

  const std::vector<SampleRow>& rows() const { return rows_; }
  // Hands over the buffered rows and empties the buffer (bounds memory on long runs).
  std::vector<SampleRow> take();

 private:
  struct Tracked {
    bool selected = false;
    uint64_t previous = 0;  // for Mode::deltas
  };
  const CounterRegistry& registry_;
  uint64_t interval_;
  Filter filter_;
  Mode mode_;
  uint64_t next_;
  std::unordered_map<const Counter*, Tracked> tracked_;
  std::vector<SampleRow> rows_;

  Tracked& track(const CounterKey& key, const Counter& counter);
};

}  // namespace warpsim::stats
