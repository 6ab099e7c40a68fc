#include "isa/exec/device_memory.h"

#include <cstring>
#include <sstream>
#include <stdexcept>

namespace warpsim::isa {

void DeviceMemory::insert(Region r) {
  auto it = regions_.begin();
  while (it != regions_.end() && it->base < r.base) ++it;
  regions_.insert(it, std::move(r));
  last_ = 0;
}

uint64_t DeviceMemory::allocate(uint64_t bytes, uint64_t align) {
  if (align == 0 || (align & (align - 1)) != 0)
    throw std::invalid_argument("DeviceMemory::allocate: alignment must be a power of two");
  uint64_t base = 0;
  for (bool clear = false; !clear;) {
    base = (next_ + align - 1) & ~(align - 1);
    clear = true;
    for (const Region& r : regions_) {  // skip past mapped regions in the way
      if (base < r.base + r.size + kGap && r.base < base + bytes + kGap) {
        next_ = r.base + r.size + kGap;
        clear = false;
        break;
      }
    }
  }
  insert(Region{base, bytes, std::unique_ptr<uint8_t[]>(new uint8_t[bytes ? bytes : 1]())});
  next_ = base + bytes + kGap;
  allocated_ += bytes;
  return base;
}

void DeviceMemory::map_at(uint64_t addr, uint64_t bytes) {
  for (const Region& r : regions_) {
    if (addr < r.base + r.size && r.base < addr + bytes) {
      std::ostringstream os;
      os << "DeviceMemory::map_at: " << bytes << " bytes at 0x" << std::hex << addr
         << " overlap the region at 0x" << r.base;
      throw std::invalid_argument(os.str());
    }
  }
  insert(Region{addr, bytes, std::unique_ptr<uint8_t[]>(new uint8_t[bytes ? bytes : 1]())});
  allocated_ += bytes;
}

size_t DeviceMemory::find(uint64_t addr, uint64_t n) const {
  // Last region whose base <= addr.
  size_t lo = 0, hi = regions_.size();
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (regions_[mid].base <= addr)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0) return regions_.size();
  const Region& r = regions_[lo - 1];
  uint64_t off = addr - r.base;
  if (off > r.size || n > r.size - off) return regions_.size();
  return lo - 1;
}

uint8_t* DeviceMemory::translate_slow(uint64_t addr, uint64_t n) {
  size_t i = find(addr, n);
  if (i == regions_.size()) return nullptr;
  last_ = i;
  return regions_[i].data.get() + (addr - regions_[i].base);
}

const uint8_t* DeviceMemory::translate(uint64_t addr, uint64_t n) const {
  size_t i = find(addr, n);
  if (i == regions_.size()) return nullptr;
  return regions_[i].data.get() + (addr - regions_[i].base);
}

static std::string range_error(uint64_t addr, uint64_t n) {
  std::ostringstream os;
  os << "device memory access of " << n << " bytes at 0x" << std::hex << addr
     << " is outside every allocation";
  return os.str();
}

void DeviceMemory::read(uint64_t addr, void* dst, uint64_t n) const {
  const uint8_t* p = translate(addr, n);
  if (!p) throw std::out_of_range(range_error(addr, n));
  if (n) std::memcpy(dst, p, n);
}

void DeviceMemory::write(uint64_t addr, const void* src, uint64_t n) {
  uint8_t* p = translate(addr, n);
  if (!p) throw std::out_of_range(range_error(addr, n));
  if (n) std::memcpy(p, src, n);
}

}  // namespace warpsim::isa
