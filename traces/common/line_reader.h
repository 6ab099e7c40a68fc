// Reading text traces line by line without holding them: byte sources (a file read at any offset,
// an .xz stream decompressed in-process) and a line reader that tracks byte offsets and line
// numbers, so that an index can point back into the text and errors can say `path:line`.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/error.h"

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
class LineReader {
 public:
  static constexpr size_t kMaxLine = size_t(64) << 20;

  // `path` (for error messages) must outlive the reader.
  LineReader(const std::string& path, std::unique_ptr<ByteSource> source, size_t buffer_bytes,
             uint64_t offset = 0, uint64_t line = 0);
  // Over text that the caller keeps alive (no copy).
  LineReader(const std::string& path, std::string_view text, uint64_t offset, uint64_t line);

  bool next(std::string_view& line);
  // Number of the line last returned by next().
  uint64_t line() const { return line_; }
  // Byte offset of the start of the line last returned, and of the byte after it (the next line).
  uint64_t line_start() const { return line_start_; }
  uint64_t position() const { return position_; }
  const std::string& path() const { return *path_; }

 private:
  bool refill();

  const std::string* path_;
  std::unique_ptr<ByteSource> source_;
  std::vector<char> buffer_;
  const char* data_ = nullptr;  // buffer_.data() or the caller's text
  size_t begin_ = 0, end_ = 0;  // unread bytes are data_[begin_, end_)
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
