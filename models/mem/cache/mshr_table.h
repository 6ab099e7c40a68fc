// Miss status holding registers: one entry per line with a fetch in flight; later misses to the
// same line merge into it (up to `max_merged` waiting accesses) instead of fetching again.
// Generic over what a waiting access is (the L1 keeps warp tokens, the L2 keeps reply packets).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace warpsim {

template <typename Waiter>
class MshrTable {
 public:
  // Reserving the capacity up front keeps Entry pointers from find()/allocate() valid across later
  // allocations (a release still moves the entries after it).
  MshrTable(uint32_t entries, uint32_t max_merged) : entries_(entries), max_merged_(max_merged) {
    table_.reserve(entries);
  }

  struct Entry {
    uint64_t line_addr = 0;
    // Sectors asked for from the next level and not yet arrived. A merging access asks again for
    // what it misses outside this mask: a sector that already arrived may have been evicted with
    // its line since, and nobody would bring it again.
    uint32_t requested_mask = 0;
    std::vector<Waiter> waiters;
  };

  // The entry for `line_addr`, or nullptr.
  Entry* find(uint64_t line_addr) {
    for (Entry& e : table_) {
      if (e.line_addr == line_addr) return &e;
    }
    return nullptr;
  }
  bool full() const { return table_.size() >= entries_; }
  // Whether one more waiter can merge into `e`.
  bool can_merge(const Entry& e) const { return e.waiters.size() < max_merged_; }
  // A new entry (the caller checked !full() and that no entry exists).
  Entry& allocate(uint64_t line_addr) {
    table_.push_back(Entry{line_addr, 0, {}});
    return table_.back();
  }
  // Removes and returns the entry for `line_addr` (its data arrived).
  std::optional<Entry> release(uint64_t line_addr) {
    for (size_t i = 0; i < table_.size(); ++i) {
      if (table_[i].line_addr == line_addr) {
        Entry e = std::move(table_[i]);
        table_.erase(table_.begin() + long(i));
        return e;
      }
    }
    return std::nullopt;
  }
  size_t size() const { return table_.size(); }
  uint32_t capacity() const { return entries_; }

 private:
  uint32_t entries_;
  uint32_t max_merged_;
  std::vector<Entry> table_;  // small (tens of entries): a linear search beats a hash map
};

}  // namespace warpsim
