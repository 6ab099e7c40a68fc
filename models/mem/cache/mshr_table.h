// Miss status holding registers: one entry per line with a fetch in flight; later misses to the
// same line merge into it (up to `max_merged` waiting accesses) instead of fetching again.
// Generic over what a waiting access is (the L1 keeps warp tokens, the L2 keeps reply packets).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/mem/cache/line_slot_map.h"

namespace warpsim {

template <typename Waiter>
class MshrTable {
 public:
  // Every entry exists from the start, so Entry pointers from find()/allocate() stay valid until
  // that entry is released, and a released entry's waiter list keeps its storage for the next.
  MshrTable(uint32_t entries, uint32_t max_merged)
      : entries_(entries), max_merged_(max_merged), pool_(entries), index_(entries) {
    free_.reserve(entries);
    for (uint32_t i = entries; i-- > 0;) free_.push_back(i);
  }

  struct Entry {
    uint64_t line_addr = 0;
    // Sectors asked for from the next level and not yet arrived. A merging access asks again for
    // what it misses outside this mask: a sector that already arrived may have been evicted with
    // its line since, and nobody would bring it again.
    uint32_t requested_mask = 0;
    std::vector<Waiter> waiters;  // arrival order
  };

  // The entry for `line_addr`, or nullptr. Tables hold hundreds of entries (512 per V100 L1):
  // a hash index, not a scan.
  Entry* find(uint64_t line_addr) {
    const uint32_t slot = index_.find(line_addr);
    return slot == LineSlotMap::kNone ? nullptr : &pool_[slot];
  }
  bool full() const { return free_.empty(); }
  // Whether one more waiter can merge into `e`.
  bool can_merge(const Entry& e) const { return e.waiters.size() < max_merged_; }
  // A new entry (the caller checked !full() and that no entry exists).
  Entry& allocate(uint64_t line_addr) {
    const uint32_t slot = free_.back();
    free_.pop_back();
    index_.insert(line_addr, slot);
    Entry& e = pool_[slot];
    e.line_addr = line_addr;
    e.requested_mask = 0;
    e.waiters.clear();
    return e;
  }
  // Frees the entry for `line_addr` (its data arrived); false if there is none.
  bool release(uint64_t line_addr) {
    const uint32_t slot = index_.erase(line_addr);
    if (slot == LineSlotMap::kNone) return false;
    free_.push_back(slot);
    return true;
  }
  size_t size() const { return index_.size(); }
  uint32_t capacity() const { return entries_; }

 private:
  uint32_t entries_;
  uint32_t max_merged_;
  std::vector<Entry> pool_;
  std::vector<uint32_t> free_;                     // unused pool_ slots
  LineSlotMap index_;           // line -> pool_ slot
};

}  // namespace warpsim
