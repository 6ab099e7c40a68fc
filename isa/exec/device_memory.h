// The functional image of device global memory in execution mode. Buffers are allocated at
// increasing addresses from a non-zero base, with an unmapped gap after each one, so null
// pointers and small overruns hit no allocation and fault instead of corrupting a neighbour.
// Module data (PTX `.global` / `.const` variables) is mapped at fixed addresses (map_at): the
// constant bank at isa::kConstBase + offset, module globals where the front-end placed them
// (see isa/address_space.h and isa/exec/data_segments.h).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace warpsim::isa {

class DeviceMemory {
 public:
  static constexpr uint64_t kBase = 0x10000000;
  static constexpr uint64_t kGap = 256;  // unmapped bytes between allocations

  // Zero-filled allocation of `bytes` at an `align`-aligned address (align: a power of two),
  // above kBase and clear of every mapped region.
  uint64_t allocate(uint64_t bytes, uint64_t align = 256);
  // Zero-filled region of `bytes` at the fixed address `addr`. std::invalid_argument when it
  // overlaps an existing region (adjacent regions are fine).
  void map_at(uint64_t addr, uint64_t bytes);
  // Host access; throws std::out_of_range unless [addr, addr+n) lies inside one allocation.
  void read(uint64_t addr, void* dst, uint64_t n) const;
  void write(uint64_t addr, const void* src, uint64_t n);
  // Host pointer to [addr, addr+n) inside one allocation, nullptr otherwise. The emulator's
  // path: kernels touch few buffers, so the last buffer hit is tried first.
  uint8_t* translate(uint64_t addr, uint64_t n) {
    if (last_ < regions_.size()) {
      const Region& r = regions_[last_];
      if (addr >= r.base && addr - r.base <= r.size && n <= r.size - (addr - r.base))
        return r.data.get() + (addr - r.base);
    }
    return translate_slow(addr, n);
  }
  const uint8_t* translate(uint64_t addr, uint64_t n) const;
  uint64_t bytes_allocated() const { return allocated_; }

 private:
  struct Region {
    uint64_t base, size;
    std::unique_ptr<uint8_t[]> data;
  };
  uint8_t* translate_slow(uint64_t addr, uint64_t n);
  size_t find(uint64_t addr, uint64_t n) const;  // regions_.size() when none

  void insert(Region r);

  std::vector<Region> regions_;  // sorted by base
  size_t last_ = 0;
  uint64_t next_ = kBase;
  uint64_t allocated_ = 0;
};

}  // namespace warpsim::isa
