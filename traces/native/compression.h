// Chunk compression (zstd, lzma, or stored) and the CRC-32 that guards every chunk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "traces/native/format.h"

namespace warpsim::traces::native {

// CRC-32 (the IEEE polynomial, as zip and xz use).
uint32_t crc32(const uint8_t* p, size_t n);
// Whether p[0..n) has CRC `crc`. Fuzzing builds (FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION,
// tests/traces/fuzz_native.cpp) accept any, so that mutations reach the parsers behind it.
bool crc_ok(const uint8_t* p, size_t n, uint32_t crc);

// Reusable compression state. compress() picks `none` when the codec does not shrink the
// input (tiny chunks), so the returned codec may differ from the requested one.
class Compressor {
 public:
  Compressor(Codec codec, int level);  // level 0: the codec's default
  ~Compressor();
  Compressor(const Compressor&) = delete;
  Compressor& operator=(const Compressor&) = delete;
  Codec compress(const uint8_t* in, size_t n, std::vector<uint8_t>& out);

 private:
  struct State;
  Codec codec_;
  int level_;
  std::unique_ptr<State> s_;
};

class Decompressor {
 public:
  Decompressor();
  ~Decompressor();
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;
  // Decodes exactly `raw_bytes` into out (resized); throws Corrupt otherwise.
  void decompress(Codec codec, const uint8_t* in, size_t n, size_t raw_bytes,
                  std::vector<uint8_t>& out);

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace warpsim::traces::native
