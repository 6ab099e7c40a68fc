#include "traces/common/line_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/iostreams/device/file.hpp>
#include <boost/iostreams/filter/lzma.hpp>
#include <boost/iostreams/filtering_stream.hpp>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cstring>
#include <fstream>

namespace warpsim::traces {

InputError trace_error(const std::string& path, uint64_t line, const std::string& problem) {
  if (line > uint64_t(INT_MAX))
    return InputError(path, 0, "line " + std::to_string(line) + ": " + problem);
  return InputError(path, static_cast<int>(line), problem);
}

// --- File --------------------------------------------------------------------------------------

std::shared_ptr<File> File::open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError(path, 0, std::string("cannot open: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw InputError(path, 0, "not a regular file");
  }
  return std::shared_ptr<File>(new File(path, fd, static_cast<uint64_t>(st.st_size)));
}

File::~File() { ::close(fd_); }

size_t File::pread(char* dst, size_t n, uint64_t offset) const {
  size_t done = 0;
  while (done < n) {
    ssize_t got = ::pread(fd_, dst + done, n - done, static_cast<off_t>(offset + done));
    if (got < 0) {
      if (errno == EINTR) continue;
      throw SourceError(std::string("read error: ") + std::strerror(errno));
    }
    if (got == 0) break;
    done += static_cast<size_t>(got);
  }
  return done;
}

bool File::has_xz_magic() const {
  static const unsigned char kMagic[6] = {0xFD, '7', 'z', 'X', 'Z', 0x00};
  char head[6];
  if (pread(head, sizeof head, 0) != sizeof head) return false;
  return std::memcmp(head, kMagic, sizeof head) == 0;
}

// --- Byte sources ------------------------------------------------------------------------------

namespace {

class FileBytes : public ByteSource {
 public:
  FileBytes(std::shared_ptr<File> file, uint64_t offset, uint64_t end)
      : file_(std::move(file)), pos_(offset), end_(end) {}
  size_t read(char* dst, size_t n) override {
    if (pos_ >= end_) return 0;
    n = static_cast<size_t>(std::min<uint64_t>(n, end_ - pos_));
    size_t got = file_->pread(dst, n, pos_);
    pos_ += got;
    return got;
  }

 private:
  std::shared_ptr<File> file_;
  uint64_t pos_, end_;
};

class XzBytes : public ByteSource {
 public:
  explicit XzBytes(const std::string& path) {
    in_.push(boost::iostreams::lzma_decompressor());
    in_.push(boost::iostreams::file_source(path, std::ios::in | std::ios::binary));
    if (!in_.component<boost::iostreams::file_source>(1)->is_open())
      throw InputError(path, 0, "cannot open");
    // Exceptions from the lzma filter (corrupt or truncated data) reach read() instead of only
    // setting badbit. (Only once the chain is complete: without a device the stream is bad.)
    in_.exceptions(std::ios::badbit);
  }
  size_t read(char* dst, size_t n) override {
    if (done_) return 0;
    try {
      in_.read(dst, static_cast<std::streamsize>(n));
    } catch (const std::exception& e) {
      throw SourceError(std::string("corrupt or truncated .xz data (") + e.what() + ")");
    }
    size_t got = static_cast<size_t>(in_.gcount());
    if (got < n) done_ = true;
    return got;
  }

 private:
  boost::iostreams::filtering_istream in_;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<ByteSource> file_bytes(std::shared_ptr<File> file, uint64_t offset, uint64_t end) {
  return std::make_unique<FileBytes>(std::move(file), offset, end);
}

std::unique_ptr<ByteSource> xz_bytes(const std::string& path) {
  return std::make_unique<XzBytes>(path);
}

// --- LineReader --------------------------------------------------------------------------------

LineReader::LineReader(const std::string& path, std::unique_ptr<ByteSource> source,
                       size_t buffer_bytes, uint64_t offset, uint64_t line)
    : path_(&path),
      source_(std::move(source)),
      buffer_(std::max<size_t>(buffer_bytes, 256)),
      data_(buffer_.data()),
      line_(line),
      line_start_(offset),
      position_(offset) {}

LineReader::LineReader(const std::string& path, std::string_view text, uint64_t offset,
                       uint64_t line)
    : path_(&path),
      data_(text.data()),
      end_(text.size()),
      eof_(true),
      line_(line),
      line_start_(offset),
      position_(offset) {}

bool LineReader::refill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  nl_mask_ = 0;
  nl_end_ = 0;
  if (end_ == buffer_.size()) {
    if (buffer_.size() >= kMaxLine) throw trace_error(*path_, line_ + 1, "line longer than 64 MiB");
    buffer_.resize(buffer_.size() * 2);
    data_ = buffer_.data();
  }
  size_t got;
  try {
    got = source_->read(buffer_.data() + end_, buffer_.size() - end_);
  } catch (const SourceError& e) {
    throw trace_error(*path_, line_ + 1, e.what());
  }
  if (got == 0) {
    eof_ = true;
    return false;
  }
  end_ += got;
  return true;
}

bool LineReader::find_newline_slow(size_t from, size_t& stop) {
  for (;;) {
    const void* nl = from < end_ ? std::memchr(data_ + from, '\n', end_ - from) : nullptr;
    if (nl != nullptr) {
      stop = static_cast<size_t>(static_cast<const char*>(nl) - data_);
      nl_end_ = stop + 1;
      return true;
    }
    const size_t scanned = end_ - begin_;  // bytes of the line at begin_ without a '\n'
    if (!refill()) return false;
    from = begin_ + scanned;
  }
}

bool LineReader::last_line(std::string_view& line) {
  if (begin_ == end_) return false;
  line = std::string_view(data_ + begin_, end_ - begin_);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  line_start_ = position_;
  position_ += end_ - begin_;
  begin_ = end_;
  ++line_;
  return true;
}

// --- text --------------------------------------------------------------------------------------

namespace text {

bool parse_u64_slow(std::string_view s, uint64_t& value) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), value, 10);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool parse_hex_u64_slow(std::string_view s, uint64_t& value) {
  // Leading zeros may make a value that fits longer than 16 digits.
  auto r = std::from_chars(s.data(), s.data() + s.size(), value, 16);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && s[0] != '-' && s[0] != '+';
}

std::string quote(std::string_view s) {
  std::string out = "'";
  size_t n = std::min<size_t>(s.size(), 60);
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      static const char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  if (s.size() > n) out += "...";
  out += "'";
  return out;
}

}  // namespace text

}  // namespace warpsim::traces
