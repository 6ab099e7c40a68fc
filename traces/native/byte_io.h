// Little-endian integers and LEB128 varints, written to a growing buffer and read back with
// bounds checks. Reading past the end or an over-long varint throws Corrupt, which the reader
// turns into an InputError naming the file and the structure being read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace warpsim::traces::native {

struct Corrupt : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline uint64_t zigzag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline int64_t unzigzag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

class ByteWriter {
 public:
  explicit ByteWriter(std::vector<uint8_t>& out) : out_(out) {}
  void u8(uint8_t v) { out_.push_back(v); }
  void u16(uint16_t v) { fixed(v, 2); }
  void u32(uint32_t v) { fixed(v, 4); }
  void u64(uint64_t v) { fixed(v, 8); }
  void varint(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<uint8_t>(v | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<uint8_t>(v));
  }
  void svarint(int64_t v) { varint(zigzag(v)); }
  void bytes(const void* p, size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    out_.insert(out_.end(), b, b + n);
  }
  void string(const std::string& s) {
    varint(s.size());
    bytes(s.data(), s.size());
  }

 private:
  void fixed(uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  std::vector<uint8_t>& out_;
};

class ByteReader {
 public:
  ByteReader(const uint8_t* p, size_t n) : p_(p), end_(p + n) {}
  size_t left() const { return static_cast<size_t>(end_ - p_); }
  bool done() const { return p_ == end_; }
  const uint8_t* pos() const { return p_; }
  uint8_t u8() {
    need(1);
    return *p_++;
  }
  uint16_t u16() { return static_cast<uint16_t>(fixed(2)); }
  uint32_t u32() { return static_cast<uint32_t>(fixed(4)); }
  uint64_t u64() { return fixed(8); }
  uint64_t varint() {
    uint64_t v = 0;
    for (unsigned shift = 0;; shift += 7) {
      if (p_ == end_) throw Corrupt("ends inside a number");
      const uint8_t b = *p_++;
      if (shift == 63 && b > 1) throw Corrupt("number too large");
      v |= uint64_t(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
      if (shift == 63) throw Corrupt("number too large");
    }
  }
  // A varint that must not exceed `max` (a count or size about to be used).
  uint64_t varint_max(uint64_t max, const char* what) {
    const uint64_t v = varint();
    if (v > max)
      throw Corrupt(std::string(what) + " " + std::to_string(v) + " exceeds " +
                    std::to_string(max));
    return v;
  }
  int64_t svarint() { return unzigzag(varint()); }
  const uint8_t* bytes(size_t n) {
    need(n);
    const uint8_t* b = p_;
    p_ += n;
    return b;
  }
  std::string string(size_t max) {
    const size_t n = varint_max(max, "string length");
    const uint8_t* b = bytes(n);
    return std::string(reinterpret_cast<const char*>(b), n);
  }

 private:
  void need(size_t n) const {
    if (left() < n) throw Corrupt("ends early");
  }
  uint64_t fixed(int n) {
    need(static_cast<size_t>(n));
    uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= uint64_t(p_[i]) << (8 * i);
    p_ += n;
    return v;
  }
  const uint8_t* p_;
  const uint8_t* end_;
};

}  // namespace warpsim::traces::native
