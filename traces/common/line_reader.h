// Reading text traces line by line without holding them: byte sources (a file read at any offset,
// an .xz stream decompressed in-process) and a line reader that tracks byte offsets and line
// numbers, so that an index can point back into the text and errors can say `path:line`.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/error.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace warpsim::traces {

// InputError for `path:line: problem`; line numbers beyond int (InputError's type) go into the
// message instead.
InputError trace_error(const std::string& path, uint64_t line, const std::string& problem);

// Failure inside a byte source (I/O, decompression). LineReader turns it into an InputError with
// the file and the line being read.
class SourceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Up to n bytes into dst; 0 only at the end of the data. Throws SourceError.
  virtual size_t read(char* dst, size_t n) = 0;
};

// A file opened once and read at any offset (pread): the readers of one kernel share it, so any
// number of warps can stream from their own offsets with one descriptor.
class File {
 public:
  // InputError(path, 0, ...) when the file cannot be opened.
  static std::shared_ptr<File> open(const std::string& path);
  ~File();
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  const std::string& path() const { return path_; }
  uint64_t size() const { return size_; }
  // Reads up to n bytes at offset (fewer only at the end of the file). Throws SourceError.
  size_t pread(char* dst, size_t n, uint64_t offset) const;
  // The file starts with the .xz magic bytes (FD 37 7A 58 5A 00).
  bool has_xz_magic() const;

 private:
  File(std::string path, int fd, uint64_t size) : path_(std::move(path)), fd_(fd), size_(size) {}
  std::string path_;
  int fd_;
  uint64_t size_;
};

// Bytes [offset, end) of a file.
std::unique_ptr<ByteSource> file_bytes(std::shared_ptr<File> file, uint64_t offset,
                                       uint64_t end = UINT64_MAX);
// The decompressed bytes of an .xz file, through boost::iostreams::filtering_istream and its
// lzma_decompressor (in-process, no child process).
std::unique_ptr<ByteSource> xz_bytes(const std::string& path);

// Lines of a byte source or of text in memory. A returned line excludes its '\n' (and a '\r'
// before it) and stays valid until the next call. Offsets count bytes of the (decompressed) text
// from where the reader started (`offset`); line numbers are 1-based from `line` + 1.
//
// Newlines are found 64 bytes at a time as a bit mask, kept between calls: trace lines are ~35
// bytes, so a memchr per line spends most of its time on call and set-up overhead.
class LineReader {
 public:
  static constexpr size_t kMaxLine = size_t(64) << 20;

  // `path` (for error messages) must outlive the reader.
  LineReader(const std::string& path, std::unique_ptr<ByteSource> source, size_t buffer_bytes,
             uint64_t offset = 0, uint64_t line = 0);
  // Over text that the caller keeps alive (no copy).
  LineReader(const std::string& path, std::string_view text, uint64_t offset, uint64_t line);

  bool next(std::string_view& line) {
    size_t stop;
    if (!find_newline(stop)) return last_line(line);
    line = std::string_view(data_ + begin_, stop - begin_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    consume(stop);
    return true;
  }
  // Skips up to n lines, as next() would read them, while the first byte of each satisfies
  // `plain`; stops before the first line whose first byte does not, and before a last line
  // without '\n'. Returns the number skipped. For the bulk of a trace whose lines the caller only
  // counts: no string_view per line, no per-line call.
  template <typename Plain>
  uint64_t skip(uint64_t n, Plain plain) {
    uint64_t skipped = 0;
    size_t stop;
    while (skipped < n && (begin_ < end_ || refill()) && plain(data_[begin_]) &&
           find_newline(stop)) {
      consume(stop);
      ++skipped;
    }
    return skipped;
  }
  // Number of the line last returned by next() or skipped by skip().
  uint64_t line() const { return line_; }
  // Byte offset of the start of the line last returned, and of the byte after it (the next line).
  uint64_t line_start() const { return line_start_; }
  uint64_t position() const { return position_; }
  const std::string& path() const { return *path_; }

 private:
  // Bit i of the result: p[i] == '\n'.
  static uint64_t newline_mask(const char* p) {
#if defined(__SSE2__)
    const __m128i nl = _mm_set1_epi8('\n');
    uint64_t m = 0;
    for (int i = 0; i < 4; ++i) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
      m |= uint64_t(uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(v, nl)))) << (16 * i);
    }
    return m;
#else
    uint64_t m = 0;
    for (int i = 0; i < 64; ++i) m |= uint64_t(p[i] == '\n') << i;
    return m;
#endif
  }
  // The '\n' ending the line at begin_ (stop: its index); false if the data ends first.
  bool find_newline(size_t& stop) {
    for (;;) {
      if (nl_mask_ != 0) {
        stop = nl_end_ - 64 + static_cast<size_t>(__builtin_ctzll(nl_mask_));
        nl_mask_ &= nl_mask_ - 1;
        return true;
      }
      const size_t from = std::max(nl_end_, begin_);
      if (end_ - from < 64) return find_newline_slow(from, stop);
      nl_mask_ = newline_mask(data_ + from);
      nl_end_ = from + 64;
    }
  }
  bool find_newline_slow(size_t from, size_t& stop);
  // The line at begin_ ended at `stop` (its '\n').
  void consume(size_t stop) {
    line_start_ = position_;
    position_ += stop + 1 - begin_;
    begin_ = stop + 1;
    ++line_;
  }
  bool last_line(std::string_view& line);
  bool refill();

  const std::string* path_;
  std::unique_ptr<ByteSource> source_;
  std::vector<char> buffer_;
  const char* data_ = nullptr;  // buffer_.data() or the caller's text
  size_t begin_ = 0, end_ = 0;  // unread bytes are data_[begin_, end_)
  // Newlines in data_[begin_, nl_end_) are the bits of nl_mask_ (bit i: nl_end_ - 64 + i).
  uint64_t nl_mask_ = 0;
  size_t nl_end_ = 0;
  bool eof_ = false;
  uint64_t line_ = 0;
  uint64_t line_start_ = 0, position_ = 0;
};

// Helpers for the small text grammars of trace files.
namespace text {

inline bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}
inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}
inline bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
inline bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
// Parses all of s as an unsigned decimal / hexadecimal (optional 0x) / signed decimal number;
// false if it is not one or does not fit. Inline fast paths: trace replay parses a few numbers
// per instruction.
bool parse_u64_slow(std::string_view s, uint64_t& value);
bool parse_hex_u64_slow(std::string_view s, uint64_t& value);
inline bool parse_u64(std::string_view s, uint64_t& value) {
  if (s.empty()) return false;
  if (s.size() >= 19) return parse_u64_slow(s, value);
  uint64_t v = 0;
  for (char c : s) {
    unsigned d = static_cast<unsigned>(c) - '0';
    if (d > 9) return false;
    v = v * 10 + d;
  }
  value = v;
  return true;
}
inline bool parse_hex_u64(std::string_view s, uint64_t& value) {
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s.remove_prefix(2);
  if (s.empty()) return false;
  if (s.size() > 16) return parse_hex_u64_slow(s, value);
  uint64_t v = 0;
  for (char c : s) {
    unsigned d;
    if (c >= '0' && c <= '9')
      d = static_cast<unsigned>(c - '0');
    else if (c >= 'a' && c <= 'f')
      d = static_cast<unsigned>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      d = static_cast<unsigned>(c - 'A' + 10);
    else
      return false;
    v = v << 4 | d;
  }
  value = v;
  return true;
}
inline bool parse_i64(std::string_view s, int64_t& value) {
  bool neg = !s.empty() && s[0] == '-';
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  uint64_t u;
  if (!parse_u64(s, u)) return false;
  if (neg ? u > uint64_t(INT64_MAX) + 1 : u > uint64_t(INT64_MAX)) return false;
  value = neg ? static_cast<int64_t>(0 - u) : static_cast<int64_t>(u);
  return true;
}
// Quotes a token for an error message, shortened if long.
std::string quote(std::string_view s);

}  // namespace text

}  // namespace warpsim::traces
