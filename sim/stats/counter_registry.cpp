#include "sim/stats/counter_registry.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

#include "sim/stats/grouped_sort.h"

namespace warpsim::stats {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// <0, 0, >0 like strcmp, over tokens: a digit run is one token ordered by numeric value, and it
// sits where its first digit would in byte order relative to other characters.
int natural_compare(std::string_view a, std::string_view b) {
  // Counter names share long prefixes ("sm[12].sched[3]"): skip the common bytes first, backing
  // up to the start of a digit run that the first difference falls in.
  size_t i = 0;
  const size_t common = std::min(a.size(), b.size());
  while (i < common && a[i] == b[i]) ++i;
  while (i > 0 && is_digit(a[i - 1])) --i;
  size_t j = i;
  while (i < a.size() && j < b.size()) {
    if (is_digit(a[i]) && is_digit(b[j])) {
      size_t ei = i, ej = j;
      while (ei < a.size() && is_digit(a[ei])) ++ei;
      while (ej < b.size() && is_digit(b[ej])) ++ej;
      size_t si = i, sj = j;  // skip leading zeros: "007" == "7" numerically
      while (si + 1 < ei && a[si] == '0') ++si;
      while (sj + 1 < ej && b[sj] == '0') ++sj;
      size_t li = ei - si, lj = ej - sj;
      if (li != lj) return li < lj ? -1 : 1;  // more significant digits = bigger number
      int c = a.substr(si, li).compare(b.substr(sj, lj));
      if (c != 0) return c;
      i = ei;
      j = ej;
      continue;
    }
    if (a[i] != b[j]) {
      return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]) ? -1 : 1;
    }
    ++i;
    ++j;
  }
  if (i == a.size() && j == b.size()) return 0;
  return i == a.size() ? -1 : 1;
}

}  // namespace

bool natural_less(std::string_view a, std::string_view b) {
  int c = natural_compare(a, b);
  if (c != 0) return c < 0;
  return a < b;  // "01" vs "1": equal numerically; keep the order total
}

namespace {
bool key_less(std::string_view a_location, std::string_view a_name, std::string_view b_location,
              std::string_view b_name) {
  if (a_location != b_location) return natural_less(a_location, b_location);
  return natural_less(a_name, b_name);
}
}  // namespace

bool CounterKeyLess::operator()(const CounterKey& a, const CounterKey& b) const {
  return key_less(a.location, a.name, b.location, b.name);
}

Snapshot delta(const Snapshot& before, const Snapshot& after) {
  // Both are in registry order, so one merge pass pairs them up.
  Snapshot out;
  out.reserve(after.size());
  size_t b = 0;
  auto same_key = [&](const CounterValue& a) {
    return b < before.size() && before[b].location == a.location && before[b].name == a.name;
  };
  for (const CounterValue& a : after) {
    // Two snapshots of one registry usually hold the same keys in the same places: an equal key
    // needs no ordering.
    if (!same_key(a)) {
      while (b < before.size() && key_less(before[b].location, before[b].name, a.location, a.name)) ++b;
    }
    uint64_t base = 0;
    if (same_key(a)) base = before[b++].value;
    out.push_back({a.location, a.name, a.value >= base ? a.value - base : a.value});
  }
  return out;
}

CounterTable to_table(const Snapshot& snapshot) {
  CounterTable table;
  for (const CounterValue& v : snapshot) {
    // A snapshot is in table order: each key goes at the end, in constant time.
    table.insert_or_assign(table.end(), CounterKey{v.location, v.name}, static_cast<double>(v.value));
  }
  return table;
}

std::vector<CounterRow> to_rows(int kernel_seq, const CounterTable& table) {
  std::vector<CounterRow> rows;
  rows.reserve(table.size());
  for (const auto& [key, value] : table)
    rows.push_back({kernel_seq, key.location, key.name, value});
  return rows;
}

std::vector<CounterRow> to_rows(int kernel_seq, const Snapshot& snapshot) {
  std::vector<CounterRow> rows;
  rows.reserve(snapshot.size());
  for (const CounterValue& v : snapshot) {
    rows.push_back({kernel_seq, v.location, v.name, static_cast<double>(v.value)});
  }
  return rows;
}

size_t CounterRegistry::KeyHash::operator()(const CounterKey& k) const {
  const size_t h = std::hash<std::string>()(k.location);
  return h ^ (std::hash<std::string>()(k.name) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}

Counter& CounterRegistry::counter(const std::string& location, const std::string& name) {
  CounterKey key{location, name};
  auto [it, inserted] = index_.try_emplace(std::move(key), uint32_t(entries_.size()));
  if (!inserted) return *entries_[it->second].counter;
  Counter& c = storage_.emplace_back();
  entries_.push_back({&it->first, &c});
  order_stale_ = true;
  return c;
}

const Counter* CounterRegistry::find(const std::string& location, const std::string& name) const {
  auto it = index_.find(CounterKey{location, name});
  return it == index_.end() ? nullptr : entries_[it->second].counter;
}

std::optional<uint64_t> CounterRegistry::value(const std::string& location,
                                               const std::string& name) const {
  const Counter* c = find(location, name);
  if (!c) return std::nullopt;
  return c->value();
}

const std::vector<uint32_t>& CounterRegistry::order() const {
  if (order_stale_) {
    order_ = grouped_order(
        entries_.size(), [](uint32_t) { return int64_t{0}; },
        [&](uint32_t i) { return std::string_view(entries_[i].key->location); },
        [&](uint32_t i) { return std::string_view(entries_[i].key->name); }, natural_less, natural_less);
    order_stale_ = false;
  }
  return order_;
}

Snapshot CounterRegistry::snapshot() const {
  Snapshot out;
  out.reserve(entries_.size());
  for_each([&](const CounterKey& key, const Counter& c) { out.push_back({key.location, key.name, c.value()}); });
  return out;
}

void CounterRegistry::reset() {
  for (Counter& c : storage_) c.set(0);
}

Sampler::Sampler(const CounterRegistry& registry, uint64_t interval, Filter filter, Mode mode)
    : registry_(registry),
      interval_(interval),
      filter_(std::move(filter)),
      mode_(mode),
      next_(interval == 0 ? std::numeric_limits<uint64_t>::max() : interval) {
  // Deltas of counters that exist now start from their current value.
  registry_.for_each(
      [this](const CounterKey& key, const Counter& c) { track(key, c).previous = c.value(); });
}

Sampler::Tracked& Sampler::track(const CounterKey& key, const Counter& counter) {
  auto [it, inserted] = tracked_.try_emplace(&counter);
  if (inserted) it->second.selected = !filter_ || filter_(key.location, key.name);
  return it->second;
}

void Sampler::sample(uint64_t cycle) {
  registry_.for_each([&](const CounterKey& key, const Counter& c) {
    Tracked& t = track(key, c);
    if (!t.selected) return;
    uint64_t v = c.value();
    uint64_t out = v;
    if (mode_ == Mode::deltas) {
      out = v >= t.previous ? v - t.previous : v;  // went down: reset in between
      t.previous = v;
    }
    rows_.push_back({cycle, key.location, key.name, static_cast<double>(out)});
  });
  if (interval_ != 0) next_ = (cycle / interval_ + 1) * interval_;
}

bool Sampler::maybe_sample(uint64_t cycle) {
  if (!due(cycle)) return false;
  sample(cycle);
  return true;
}

std::vector<SampleRow> Sampler::take() {
  std::vector<SampleRow> out;
  out.swap(rows_);
  return out;
}

}  // namespace warpsim::stats
