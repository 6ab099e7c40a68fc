#include "traces/native/native_trace.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "sim/error.h"
#include "traces/native/byte_io.h"
#include "traces/native/compression.h"
#include "traces/native/format.h"
#include "traces/native/record_codec.h"
#include "traces/native/warp_inst_fields.h"

namespace warpsim::traces {

using namespace native;  // NOLINT(google-build-using-namespace): this file implements it

namespace {

struct Section {  // a compressed range of the file
  uint64_t offset = 0, stored = 0, raw = 0, records = 0;
  Codec codec = Codec::none;
  uint32_t crc = 0;
};

struct KernelEntry {
  NativeKernelInfo info;
  std::shared_ptr<const std::vector<WarpInst>> table;
  uint64_t index_entries = 0;
  Section index;
};

// Closes the descriptor when the last user (trace, kernel source, stream) is gone.
struct File {
  int fd = -1;
  ~File() {
    if (fd >= 0) ::close(fd);
  }
};

Codec to_codec(uint8_t b) {
  if (b > static_cast<uint8_t>(Codec::lzma)) throw Corrupt("unknown codec " + std::to_string(b));
  return static_cast<Codec>(b);
}

}  // namespace

struct NativeTrace::Impl {
  std::string path;
  std::shared_ptr<File> file;
  uint64_t file_bytes = 0;
  uint64_t data_end = 0;  // where the footer starts: every chunk and directory lies before
  unsigned version = 0;
  std::string description;
  uint32_t binary_version = 0;
  std::string recorded_preset;
  std::vector<KernelEntry> kernels;

  [[noreturn]] void fail(const std::string& problem) const { throw InputError(path, 0, problem); }

  void read_at(uint64_t offset, size_t n, std::vector<uint8_t>& out) const {
    out.resize(n);
    size_t done = 0;
    while (done < n) {
      const ssize_t r = ::pread(file->fd, out.data() + done, n - done,
                                static_cast<off_t>(offset + done));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) fail(std::string("cannot read: ") + std::strerror(errno));
      if (r == 0) fail("truncated: ends at byte " + std::to_string(offset + done));
      done += static_cast<size_t>(r);
    }
  }

  // Reads a section, checks its CRC and decompresses it into `out`.
  void load(const Section& s, Decompressor& d, std::vector<uint8_t>& scratch,
            std::vector<uint8_t>& out) const {
    if (s.offset < kHeaderBytes || s.offset > data_end || s.stored > data_end - s.offset)
      throw Corrupt("lies outside the data (offset " + std::to_string(s.offset) + ", " +
                    std::to_string(s.stored) + " bytes)");
    if (s.raw > kMaxChunkRawBytes) throw Corrupt("raw size " + std::to_string(s.raw) + " too large");
    read_at(s.offset, s.stored, scratch);
    if (!crc_ok(scratch.data(), scratch.size(), s.crc))
      throw Corrupt("checksum mismatch (offset " + std::to_string(s.offset) + ")");
    d.decompress(s.codec, scratch.data(), scratch.size(), s.raw, out);
  }
};

namespace {

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(v));
  return buf;
}

// What a kernel's sources and streams share.
struct KernelShared {
  std::shared_ptr<const NativeTrace::Impl> trace;
  size_t index = 0;
  const KernelEntry* entry = nullptr;
  std::vector<uint64_t> cta_offset, cta_bytes;  // by CTA id; bytes 0: not recorded
  Decompressor decompressor;
  std::vector<uint8_t> scratch;

  std::string where() const {
    return "kernel " + std::to_string(index) + " (" + entry->info.name + ")";
  }
};

class ReplayStream : public WarpStream {
 public:
  // What peek() and issue() touch comes first; the chunk bookkeeping after it is read once a
  // chunk.
  struct Warp {
    bool have = false;
    // The current instruction was never issued: the recorded run stopped before.
    bool pending = false;
    bool peek_differs = false;
    uint32_t issue_mask = 0;
    uint64_t left_in_chunk = 0;  // records
    uint64_t record = 0;         // records consumed, for error messages
    ChunkDecoder dec;            // holds the current instruction
    std::vector<Section> chunks;
    size_t next_chunk = 0;
    uint64_t tail_offset = 0, tail_bytes = 0, tail_records = 0;  // in the CTA's tail chunk
    bool tail_read = false;
    std::vector<uint8_t> raw;
    // What peek() shows when it differs from the issued static part; allocated on first use,
    // as few instructions need it.
    std::unique_ptr<WarpInst> peek_view;
  };

  ReplayStream(std::shared_ptr<KernelShared> k, uint64_t cta, std::vector<Warp> warps,
               std::vector<uint8_t> tail)
      : k_(std::move(k)), cta_(cta), warps_(std::move(warps)), tail_(std::move(tail)) {}

  unsigned num_warps() const override { return static_cast<unsigned>(warps_.size()); }

  const WarpInst* peek(unsigned w) override {
    Warp& wp = warps_[w];
    if (!wp.have && !advance(w, wp)) return nullptr;
    return wp.peek_differs ? wp.peek_view.get() : &wp.dec.inst();
  }

  const WarpInst& issue(unsigned w, uint64_t /*cycle*/) override {
    Warp& wp = warps_[w];
    if (!wp.have && !advance(w, wp)) throw std::logic_error("ReplayStream::issue: warp has exited");
    if (wp.pending) stopped_before(w, wp);
    wp.have = false;
    WarpInst& inst = wp.dec.inst();
    inst.active_mask = wp.issue_mask;
    ++wp.record;
    return inst;
  }

 private:
  bool advance(unsigned w, Warp& wp) {
    try {
      if (wp.left_in_chunk == 0 && !next_chunk(wp)) return false;
      if (wp.dec.done()) throw Corrupt("chunk holds fewer records than its directory says");
      const ChunkDecoder::Next n = wp.dec.next(*k_->entry->table);
      wp.issue_mask = n.issue_mask;
      wp.pending = n.pending;
      wp.peek_differs = n.peek_entry >= 0;
      if (wp.peek_differs) {
        if (!wp.peek_view) wp.peek_view = std::make_unique<WarpInst>();
        *wp.peek_view = (*k_->entry->table)[size_t(n.peek_entry)];
        wp.peek_view->active_mask = wp.dec.inst().active_mask;
        wp.peek_view->addr = wp.dec.inst().addr;
      }
      --wp.left_in_chunk;
      const bool last = wp.left_in_chunk == 0 && wp.next_chunk == wp.chunks.size() &&
                        (wp.tail_read || wp.tail_records == 0);
      if (wp.pending && !last)
        throw Corrupt("pending record is not the warp's last");
      wp.have = true;
      return true;
    } catch (const Corrupt& e) {
      corrupt(w, wp, e);
    }
  }

  // Starts the warp's next non-empty chunk, or returns false at the end of its records.
  [[gnu::noinline]] bool next_chunk(Warp& wp) {
    while (wp.left_in_chunk == 0) {
      if (!wp.dec.done()) throw Corrupt("chunk holds more records than its directory says");
      if (wp.next_chunk < wp.chunks.size()) {
        const Section& s = wp.chunks[wp.next_chunk++];
        k_->trace->load(s, k_->decompressor, k_->scratch, wp.raw);
        wp.dec.reset(wp.raw.data(), wp.raw.size());
        wp.left_in_chunk = s.records;
      } else if (!wp.tail_read && wp.tail_records != 0) {
        std::vector<uint8_t>().swap(wp.raw);
        wp.tail_read = true;
        wp.dec.reset(tail_.data() + wp.tail_offset, wp.tail_bytes);
        wp.left_in_chunk = wp.tail_records;
      } else {
        std::vector<uint8_t>().swap(wp.raw);
        return false;
      }
    }
    return true;
  }

  // The error paths are kept out of line so that peek() and issue() stay small.
  [[noreturn, gnu::noinline, gnu::cold]] void stopped_before(unsigned w, const Warp& wp) {
    k_->trace->fail(k_->where() + ", CTA " + std::to_string(cta_) + ", warp " +
                    std::to_string(w) + ": the recorded run stopped before instruction " +
                    std::to_string(wp.record) + " (pc 0x" + hex(wp.dec.inst().pc) +
                    ") issued; replay it with the same --max-cycles");
  }

  [[noreturn, gnu::noinline, gnu::cold]] void corrupt(unsigned w, const Warp& wp,
                                                       const Corrupt& e) {
    k_->trace->fail(k_->where() + ", CTA " + std::to_string(cta_) + ", warp " +
                    std::to_string(w) + ", record " + std::to_string(wp.record) + ": corrupt " +
                    (wp.tail_read ? std::string("tail")
                                  : "chunk " + std::to_string(wp.next_chunk - 1)) +
                    ": " + e.what());
  }

  std::shared_ptr<KernelShared> k_;
  uint64_t cta_;
  std::vector<Warp> warps_;
  std::vector<uint8_t> tail_;  // the warps' tails, decompressed
};

class NativeKernelSource : public KernelSource {
 public:
  explicit NativeKernelSource(std::shared_ptr<KernelShared> k) : k_(std::move(k)) {}
  const std::string& name() const override { return k_->entry->info.name; }
  Dim3 grid() const override { return k_->entry->info.grid; }
  Dim3 block() const override { return k_->entry->info.block; }
  unsigned regs_per_thread() const override { return k_->entry->info.regs_per_thread; }
  unsigned shared_bytes_per_cta() const override { return k_->entry->info.shared_bytes; }

  std::unique_ptr<WarpStream> open_cta(uint64_t cta, unsigned /*sm_id*/) override {
    const NativeTrace::Impl& t = *k_->trace;
    const NativeKernelInfo& info = k_->entry->info;
    if (cta >= info.grid.count())
      t.fail(k_->where() + ": CTA " + std::to_string(cta) + " is outside the grid (" +
             std::to_string(info.grid.count()) + " CTAs)");
    if (cta >= k_->cta_bytes.size() || k_->cta_bytes[cta] == 0)
      t.fail(k_->where() + ": CTA " + std::to_string(cta) + " is not in the trace");
    const uint64_t at = k_->cta_offset[cta];
    try {
      std::vector<uint8_t> dir;
      t.read_at(at, k_->cta_bytes[cta], dir);
      if (dir.size() < 4) throw Corrupt("too short");
      ByteReader crc_in(dir.data() + dir.size() - 4, 4);
      if (!crc_ok(dir.data(), dir.size() - 4, crc_in.u32())) throw Corrupt("checksum mismatch");
      ByteReader in(dir.data(), dir.size() - 4);
      if (in.varint() != cta) throw Corrupt("belongs to another CTA");
      in.u8();  // flags: whether the CTA was complete is informational
      const uint64_t expect_warps = (info.block.count() + kWarpSize - 1) / kWarpSize;
      if (in.varint() != expect_warps) throw Corrupt("warp count does not match the block");
      // A chunk reference: its offset (a delta back from the directory for the first, forward
      // from the previous chunk's end for the others), codec, sizes and CRC.
      auto chunk = [&](uint64_t base, bool backward, bool with_sizes) {
        Section s;
        const uint64_t delta = in.varint();
        if (backward ? delta > at : delta > at - base)
          throw Corrupt("chunk offset out of range");
        s.offset = backward ? at - delta : base + delta;
        s.codec = to_codec(in.u8());
        s.stored = in.varint_max(at - s.offset, "chunk size");
        if (with_sizes) {
          s.raw = in.varint_max(kMaxChunkRawBytes, "chunk raw size");
          s.records = in.varint_max(s.raw, "chunk record count");
          if (s.records == 0) throw Corrupt("empty chunk");
        }
        s.crc = in.u32();
        return s;
      };
      std::vector<ReplayStream::Warp> warps(expect_warps);
      uint64_t tail_bytes = 0, tail_records = 0;
      for (ReplayStream::Warp& wp : warps) {
        in.u8();  // flags
        const uint64_t n = in.varint_max(in.left(), "chunk count");
        wp.chunks.resize(n);
        uint64_t prev_end = 0;
        for (uint64_t i = 0; i < n; ++i) {
          wp.chunks[i] = chunk(prev_end, i == 0, true);
          prev_end = wp.chunks[i].offset + wp.chunks[i].stored;
        }
        wp.tail_offset = tail_bytes;
        wp.tail_bytes = in.varint_max(kMaxChunkRawBytes - tail_bytes, "tail size");
        wp.tail_records = in.varint_max(wp.tail_bytes, "tail record count");
        if ((wp.tail_records == 0) != (wp.tail_bytes == 0)) throw Corrupt("empty tail");
        tail_bytes += wp.tail_bytes;
        tail_records += wp.tail_records;
      }
      std::vector<uint8_t> tail;
      if (tail_bytes != 0) {
        Section s = chunk(0, true, false);
        s.raw = tail_bytes;
        s.records = tail_records;
        try {
          t.load(s, k_->decompressor, k_->scratch, tail);
        } catch (const Corrupt& e) {
          throw Corrupt(std::string("its tail chunk: ") + e.what());
        }
      }
      if (!in.done()) throw Corrupt("trailing bytes");
      return std::make_unique<ReplayStream>(k_, cta, std::move(warps), std::move(tail));
    } catch (const Corrupt& e) {
      t.fail(k_->where() + ", CTA " + std::to_string(cta) + " (directory at offset " +
             std::to_string(at) + "): corrupt: " + e.what());
    }
  }

 private:
  std::shared_ptr<KernelShared> k_;
};

}  // namespace

NativeTrace::NativeTrace(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

NativeTrace NativeTrace::open(const std::string& path) {
  auto t = std::make_shared<Impl>();
  t->path = path;
  t->file = std::make_shared<File>();
  t->file->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (t->file->fd < 0) t->fail(std::string("cannot open: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(t->file->fd, &st) != 0) t->fail(std::string("cannot stat: ") + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) t->fail("not a regular file");
  t->file_bytes = static_cast<uint64_t>(st.st_size);

  std::vector<uint8_t> buf;
  t->read_at(0, std::min<uint64_t>(t->file_bytes, kHeaderBytes), buf);
  if (buf.size() < sizeof kMagic || std::memcmp(buf.data(), kMagic, sizeof kMagic) != 0)
    t->fail("not a warpsim native trace (bad magic number)");
  if (buf.size() < kHeaderBytes) t->fail("truncated: the header ends early");
  ByteReader h(buf.data() + sizeof kMagic, kHeaderBytes - sizeof kMagic);
  t->version = h.u16();
  const uint16_t flags = h.u16();
  const uint32_t reserved = h.u32();
  if (t->version < kOldestVersion || t->version > kVersion)
    t->fail("native trace format version " + std::to_string(t->version) + ", this build reads " +
            std::to_string(kOldestVersion) + " to " + std::to_string(kVersion));
  if ((flags & ~kKnownFlags) || reserved != 0)
    t->fail("unknown header flags " + std::to_string(flags) + "/" + std::to_string(reserved));

  if (t->file_bytes < kHeaderBytes + kTrailerBytes)
    t->fail("truncated or unfinished: no footer (" + std::to_string(t->file_bytes) + " bytes)");
  t->read_at(t->file_bytes - kTrailerBytes, kTrailerBytes, buf);
  ByteReader tr(buf.data(), buf.size());
  const uint64_t footer_at = tr.u64();
  const uint64_t footer_bytes = tr.u64();
  const uint32_t footer_crc = tr.u32();
  if (std::memcmp(tr.bytes(4), kEndMagic, sizeof kEndMagic) != 0)
    t->fail("truncated or unfinished: no footer (the writer did not finish)");
  if (footer_at < kHeaderBytes || footer_at > t->file_bytes - kTrailerBytes ||
      footer_bytes != t->file_bytes - kTrailerBytes - footer_at)
    t->fail("corrupt trailer: the footer's position does not match the file size");
  t->data_end = footer_at;
  t->read_at(footer_at, footer_bytes, buf);
  if (!crc_ok(buf.data(), buf.size(), footer_crc)) t->fail("corrupt footer: checksum mismatch");

  try {
    ByteReader in(buf.data(), buf.size());
    const std::string schema = in.string(kMaxNameBytes);
    if (schema != fields::schema())
      t->fail("recorded with another WarpInst layout (" + schema + "; this build has " +
              fields::schema() + "): record the trace again");
    t->description = in.string(kMaxNameBytes);
    if (t->version >= 2) {
      t->binary_version = static_cast<uint32_t>(in.varint_max(UINT32_MAX, "binary version"));
      t->recorded_preset = in.string(kMaxNameBytes);
    }
    const uint64_t n = in.varint_max(in.left(), "kernel count");
    for (uint64_t i = 0; i < n; ++i) {
      KernelEntry k;
      NativeKernelInfo& ki = k.info;
      ki.name = in.string(kMaxNameBytes);
      uint32_t* dims[6] = {&ki.grid.x, &ki.grid.y, &ki.grid.z, &ki.block.x, &ki.block.y, &ki.block.z};
      for (uint32_t* d : dims) *d = static_cast<uint32_t>(in.varint_max(UINT32_MAX, "dimension"));
      if (ki.grid.x == 0 || ki.grid.y == 0 || ki.grid.z == 0 || ki.block.count() == 0)
        throw Corrupt("empty grid or block");
      if (uint64_t(ki.grid.x) * ki.grid.y > (uint64_t(1) << 63) / ki.grid.z)
        throw Corrupt("grid too large");  // Dim3::count() must not overflow
      if (ki.block.count() > 1024) throw Corrupt("block of more than 1024 threads");
      ki.regs_per_thread = static_cast<uint32_t>(in.varint_max(UINT32_MAX, "registers"));
      ki.shared_bytes = static_cast<uint32_t>(in.varint_max(UINT32_MAX, "shared bytes"));
      if (t->version >= 2) ki.stream = in.varint();
      for (uint64_t* v : {&ki.ctas, &ki.incomplete_ctas, &ki.warps, &ki.warp_insts,
                          &ki.thread_insts, &ki.raw_bytes, &ki.stored_bytes, &ki.chunks})
        *v = in.varint();
      const uint64_t entries = in.varint_max(std::min(kMaxTableEntries, in.left()), "table size");
      auto table = std::make_shared<std::vector<WarpInst>>(entries);
      for (WarpInst& e : *table) decode_static(in, e);
      k.table = std::move(table);
      ki.static_insts = entries;
      k.index_entries = in.varint_max(ki.grid.count(), "CTA index length");
      k.index.offset = in.varint();
      k.index.codec = to_codec(in.u8());
      k.index.stored = in.varint();
      k.index.raw = in.varint();
      k.index.crc = in.u32();
      t->kernels.push_back(std::move(k));
    }
    if (!in.done()) throw Corrupt("trailing bytes");
  } catch (const Corrupt& e) {
    t->fail(std::string("corrupt footer: ") + e.what());
  }
  return NativeTrace(std::move(t));
}

const std::string& NativeTrace::path() const { return impl_->path; }
unsigned NativeTrace::version() const { return impl_->version; }
uint64_t NativeTrace::file_bytes() const { return impl_->file_bytes; }
const std::string& NativeTrace::description() const { return impl_->description; }
uint32_t NativeTrace::binary_version() const { return impl_->binary_version; }
const std::string& NativeTrace::recorded_preset() const { return impl_->recorded_preset; }
size_t NativeTrace::num_kernels() const { return impl_->kernels.size(); }

const NativeKernelInfo& NativeTrace::info(size_t kernel) const {
  if (kernel >= impl_->kernels.size())
    impl_->fail("kernel index " + std::to_string(kernel) + " out of range (" +
                std::to_string(impl_->kernels.size()) + " kernels)");
  return impl_->kernels[kernel].info;
}

std::unique_ptr<KernelSource> NativeTrace::kernel(size_t kernel) const {
  info(kernel);  // range check
  auto k = std::make_shared<KernelShared>();
  k->trace = impl_;
  k->index = kernel;
  k->entry = &impl_->kernels[kernel];
  const uint64_t n = k->entry->index_entries;
  try {
    std::vector<uint8_t> raw;
    impl_->load(k->entry->index, k->decompressor, k->scratch, raw);
    if (n > raw.size()) throw Corrupt("shorter than its " + std::to_string(n) + " entries");
    k->cta_offset.assign(n, 0);
    k->cta_bytes.assign(n, 0);
    ByteReader in(raw.data(), raw.size());
    uint64_t prev = 0;
    for (uint64_t c = 0; c < n; ++c) {
      const uint64_t bytes = in.varint();
      if (bytes == 0) continue;
      const uint64_t at = prev + static_cast<uint64_t>(in.svarint());
      if (at < kHeaderBytes || at > impl_->data_end || bytes > impl_->data_end - at)
        throw Corrupt("CTA " + std::to_string(c) + " lies outside the data");
      k->cta_offset[c] = at;
      k->cta_bytes[c] = bytes;
      prev = at;
    }
    if (!in.done()) throw Corrupt("trailing bytes");
  } catch (const Corrupt& e) {
    impl_->fail(k->where() + ": corrupt CTA index: " + e.what());
  }
  return std::make_unique<NativeKernelSource>(std::move(k));
}

}  // namespace warpsim::traces
