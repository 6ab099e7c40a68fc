// A map from line address to a small slot number, of fixed capacity, without allocation after
// construction: open addressing with linear probing, deletion by backward shift (no tombstones).
// The MSHR tables look lines up on every access; std::unordered_map allocated a node per miss.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace warpsim {

class LineSlotMap {
 public:
  static constexpr uint32_t kNone = ~uint32_t(0);

  // Holds up to `capacity` entries, in a table at most half full.
  explicit LineSlotMap(size_t capacity) {
    size_t n = 2;
    while (n < 2 * capacity) n *= 2;
    cells_.assign(n, Cell{});
    mask_ = n - 1;
    shift_ = 64;
    for (size_t m = n; m > 1; m /= 2) --shift_;
  }

  // The slot of `line`, or kNone.
  uint32_t find(uint64_t line) const {
    for (size_t i = home(line);; i = (i + 1) & mask_) {
      const Cell& c = cells_[i];
      if (c.slot == kNone) return kNone;
      if (c.line == line) return c.slot;
    }
  }
  // Adds `line` (not present; fewer than `capacity` entries).
  void insert(uint64_t line, uint32_t slot) {
    size_t i = home(line);
    while (cells_[i].slot != kNone) i = (i + 1) & mask_;
    cells_[i] = Cell{line, slot};
    ++size_;
  }
  // Removes `line`; returns its slot, or kNone when absent.
  uint32_t erase(uint64_t line) {
    size_t i = home(line);
    while (cells_[i].slot != kNone && cells_[i].line != line) i = (i + 1) & mask_;
    const uint32_t slot = cells_[i].slot;
    if (slot == kNone) return kNone;
    // Pull later entries of the probe run back into the hole when their home allows it, so
    // that every entry stays reachable from its home without crossing an empty cell.
    for (size_t j = i;;) {
      j = (j + 1) & mask_;
      if (cells_[j].slot == kNone) break;
      const size_t h = home(cells_[j].line);
      if (((j - h) & mask_) >= ((j - i) & mask_)) {
        cells_[i] = cells_[j];
        i = j;
      }
    }
    cells_[i] = Cell{};
    --size_;
    return slot;
  }
  size_t size() const { return size_; }

 private:
  struct Cell {
    uint64_t line = 0;
    uint32_t slot = kNone;
  };
  // Fibonacci hashing: the product's high bits mix every bit of the address (line addresses
  // share their low bits).
  size_t home(uint64_t line) const { return size_t((line * 0x9E3779B97F4A7C15ull) >> shift_) & mask_; }

  std::vector<Cell> cells_;
  size_t mask_ = 0;
  unsigned shift_ = 63;
  size_t size_ = 0;
};

}  // namespace warpsim
