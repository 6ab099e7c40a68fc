#include "traces/native/compression.h"

#include <lzma.h>
#include <zstd.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "traces/native/byte_io.h"

namespace warpsim::traces::native {

const char* codec_name(Codec c) {
  switch (c) {
    case Codec::none: return "none";
    case Codec::zstd: return "zstd";
    case Codec::lzma: return "lzma";
  }
  return "?";
}

uint32_t crc32(const uint8_t* p, size_t n) { return lzma_crc32(p, n, 0); }

bool crc_ok(const uint8_t* p, size_t n, uint32_t crc) {
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
  (void)p, (void)n, (void)crc;
  return true;
#else
  return crc32(p, n) == crc;
#endif
}

namespace {

// Raw LZMA2 (no .xz container: the chunk directory already holds sizes and a CRC) with the
// dictionary no larger than the chunk, so that each chunk's encoder and decoder stay small.
lzma_options_lzma lzma_options(int level, size_t bytes) {
  lzma_options_lzma opt;
  if (lzma_lzma_preset(&opt, static_cast<uint32_t>(level)))
    throw std::invalid_argument("lzma level " + std::to_string(level) + " (0..9)");
  opt.dict_size = static_cast<uint32_t>(
      std::clamp<size_t>(bytes, LZMA_DICT_SIZE_MIN, opt.dict_size));
  return opt;
}

}  // namespace

struct Compressor::State {
  ZSTD_CCtx* zstd = nullptr;
  ~State() { ZSTD_freeCCtx(zstd); }
};

Compressor::Compressor(Codec codec, int level) : codec_(codec), level_(level), s_(new State) {
  if (codec_ == Codec::zstd) {
    if (level_ == 0) level_ = 3;
    if (level_ < 1 || level_ > ZSTD_maxCLevel())
      throw std::invalid_argument("zstd level " + std::to_string(level_) + " (1.." +
                                  std::to_string(ZSTD_maxCLevel()) + ")");
    s_->zstd = ZSTD_createCCtx();
    if (!s_->zstd) throw std::bad_alloc();
  } else if (codec_ == Codec::lzma) {
    if (level_ == 0) level_ = 6;
    if (level_ < 0 || level_ > 9)
      throw std::invalid_argument("lzma level " + std::to_string(level_) + " (0..9)");
  }
}

Compressor::~Compressor() = default;

Codec Compressor::compress(const uint8_t* in, size_t n, std::vector<uint8_t>& out) {
  auto stored = [&] {
    out.assign(in, in + n);
    return Codec::none;
  };
  switch (codec_) {
    case Codec::none: return stored();
    case Codec::zstd: {
      out.resize(ZSTD_compressBound(n));
      const size_t r = ZSTD_compressCCtx(s_->zstd, out.data(), out.size(), in, n, level_);
      if (ZSTD_isError(r))
        throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(r));
      if (r >= n) return stored();
      out.resize(r);
      return Codec::zstd;
    }
    case Codec::lzma: {
      lzma_options_lzma opt = lzma_options(level_, n);
      lzma_filter filters[2] = {{LZMA_FILTER_LZMA2, &opt}, {LZMA_VLI_UNKNOWN, nullptr}};
      out.resize(n + n / 16 + 64);
      size_t pos = 0;
      const lzma_ret r = lzma_raw_buffer_encode(filters, nullptr, in, n, out.data(), &pos,
                                                out.size());
      if (r == LZMA_BUF_ERROR || (r == LZMA_OK && pos >= n)) return stored();
      if (r != LZMA_OK) throw std::runtime_error("lzma: error " + std::to_string(int(r)));
      out.resize(pos);
      return Codec::lzma;
    }
  }
  throw std::logic_error("unknown codec");
}

struct Decompressor::State {
  ZSTD_DCtx* zstd = nullptr;
  ~State() { ZSTD_freeDCtx(zstd); }
};

Decompressor::Decompressor() : s_(new State) {}
Decompressor::~Decompressor() = default;

void Decompressor::decompress(Codec codec, const uint8_t* in, size_t n, size_t raw_bytes,
                              std::vector<uint8_t>& out) {
  out.resize(raw_bytes);
  switch (codec) {
    case Codec::none:
      if (n != raw_bytes) throw Corrupt("stored chunk size differs from its raw size");
      std::copy(in, in + n, out.begin());
      return;
    case Codec::zstd: {
      if (!s_->zstd) {
        s_->zstd = ZSTD_createDCtx();
        if (!s_->zstd) throw std::bad_alloc();
      }
      const size_t r = ZSTD_decompressDCtx(s_->zstd, out.data(), out.size(), in, n);
      if (ZSTD_isError(r)) throw Corrupt(std::string("zstd: ") + ZSTD_getErrorName(r));
      if (r != raw_bytes) throw Corrupt("chunk decompresses to the wrong size");
      return;
    }
    case Codec::lzma: {
      // The decoder needs a dictionary at least as large as the encoder's, which never
      // exceeds the chunk's raw size.
      lzma_options_lzma opt = lzma_options(6, raw_bytes);
      opt.dict_size = static_cast<uint32_t>(std::max<size_t>(raw_bytes, LZMA_DICT_SIZE_MIN));
      lzma_filter filters[2] = {{LZMA_FILTER_LZMA2, &opt}, {LZMA_VLI_UNKNOWN, nullptr}};
      size_t in_pos = 0, out_pos = 0;
      const lzma_ret r = lzma_raw_buffer_decode(filters, nullptr, in, &in_pos, n, out.data(),
                                                &out_pos, out.size());
      if (r != LZMA_OK && r != LZMA_STREAM_END)
        throw Corrupt("lzma: error " + std::to_string(int(r)));
      if (out_pos != raw_bytes || in_pos != n)
        throw Corrupt("chunk decompresses to the wrong size");
      return;
    }
  }
  throw Corrupt("unknown codec " + std::to_string(int(codec)));
}

}  // namespace warpsim::traces::native
