#include "traces/native/trace_writer.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "sim/error.h"
#include "traces/native/byte_io.h"
#include "traces/native/compression.h"
#include "traces/native/record_codec.h"
#include "traces/native/warp_inst_fields.h"

namespace warpsim::traces {

using namespace native;  // NOLINT(google-build-using-namespace): this file implements it

LaunchHeader LaunchHeader::of(const KernelSource& source, uint64_t stream) {
  LaunchHeader k;
  k.stream = stream;
  k.name = source.name();
  k.grid = source.grid();
  k.block = source.block();
  k.regs_per_thread = source.regs_per_thread();
  k.shared_bytes = source.shared_bytes_per_cta();
  return k;
}

namespace {

struct ChunkRef {
  uint64_t offset = 0;
  uint64_t stored = 0, raw = 0, records = 0;
  Codec codec = Codec::none;
  uint32_t crc = 0;
};

struct CtaLoc {
  uint64_t offset = 0;
  uint64_t bytes = 0;  // 0: not recorded
};

struct KernelState {
  LaunchHeader header;
  InstTableBuilder table;
  std::vector<CtaLoc> ctas;  // by CTA id, up to the highest written
  unsigned open_ctas = 0;
  bool ended = false;
  uint64_t ctas_written = 0, incomplete = 0, warps = 0, warp_insts = 0, thread_insts = 0;
  uint64_t raw_bytes = 0, stored_bytes = 0, chunks = 0;
  ChunkRef index;  // the CTA index section, once ended
  uint64_t index_entries = 0;
};

}  // namespace

struct TraceWriter::Impl {
  std::string path;
  WriterOptions opt;
  std::FILE* file = nullptr;
  uint64_t offset = 0;
  Compressor compressor;
  std::vector<uint8_t> scratch;
  std::vector<KernelState> kernels;
  std::string deferred_error;
  bool finished = false;

  Impl(std::string p, WriterOptions o)
      : path(std::move(p)), opt(std::move(o)), compressor(opt.codec, opt.level) {}

  [[noreturn]] void io_error(const char* what) const {
    throw InputError(path, 0, std::string(what) + ": " + std::strerror(errno));
  }

  void write(const uint8_t* p, size_t n) {
    if (!file) throw std::logic_error("TraceWriter: the trace is already finished");
    if (n && std::fwrite(p, 1, n, file) != n) io_error("cannot write");
    offset += n;
  }
  void write(const std::vector<uint8_t>& v) { write(v.data(), v.size()); }

  // Compresses and appends one chunk of bytes.
  ChunkRef put_chunk(const std::vector<uint8_t>& raw, uint64_t records) {
    ChunkRef c;
    c.codec = compressor.compress(raw.data(), raw.size(), scratch);
    c.offset = offset;
    c.stored = scratch.size();
    c.raw = raw.size();
    c.records = records;
    c.crc = crc32(scratch.data(), scratch.size());
    write(scratch);
    return c;
  }

  KernelState& kernel(uint32_t k) {
    if (k >= kernels.size()) throw std::logic_error("TraceWriter: no kernel " + std::to_string(k));
    return kernels[k];
  }
};

struct CtaWriter::State {
  struct Warp {
    ChunkEncoder enc;              // the chunk being filled; at the end, the warp's tail
    std::vector<ChunkRef> chunks;  // full chunks, written
    int64_t hint = -1;
    bool exited = false;
    bool stopped = false;
    bool ended() const { return exited || stopped; }
  };
  TraceWriter::Impl* w = nullptr;
  uint32_t kernel = 0;
  uint64_t cta = 0;
  std::vector<Warp> warps;
  bool closed = false;
  uint64_t warp_insts = 0, thread_insts = 0;

  KernelState& k() { return w->kernels[kernel]; }

  void count(const ChunkRef& c) {
    k().raw_bytes += c.raw;
    k().stored_bytes += c.stored;
    ++k().chunks;
  }

  void flush(Warp& wp) {
    if (wp.enc.records() == 0) return;
    ChunkRef c = w->put_chunk(wp.enc.bytes(), wp.enc.records());
    count(c);
    wp.chunks.push_back(c);
    wp.enc.reset();
  }

  // The warp's last records: a short tail waits for the CTA's tail chunk, a long one is
  // written now.
  void end_warp(Warp& wp) {
    if (wp.enc.bytes().size() > w->opt.tail_bytes) {
      flush(wp);
      wp.enc = ChunkEncoder();  // gives the buffer back
    }
  }

  Warp& warp(unsigned i, const char* what) {
    if (closed) throw std::logic_error(std::string("CtaWriter::") + what + " after close");
    if (i >= warps.size()) throw std::logic_error(std::string("CtaWriter::") + what + ": no warp " + std::to_string(i));
    return warps[i];
  }
};

namespace {

void put_chunk_ref(ByteWriter& out, const ChunkRef& c, uint64_t delta, bool with_sizes) {
  out.varint(delta);
  out.u8(static_cast<uint8_t>(c.codec));
  out.varint(c.stored);
  if (with_sizes) {
    out.varint(c.raw);
    out.varint(c.records);
  }
  out.u32(c.crc);
}

}  // namespace

CtaWriter::CtaWriter(std::unique_ptr<State> s) : s_(std::move(s)) {}

CtaWriter::~CtaWriter() {
  try {
    close();
  } catch (const std::exception& e) {
    if (s_->w->deferred_error.empty()) s_->w->deferred_error = e.what();
  }
}

unsigned CtaWriter::num_warps() const { return static_cast<unsigned>(s_->warps.size()); }

void CtaWriter::append(unsigned warp, const WarpInst& issued) {
  State& s = *s_;
  State::Warp& wp = s.warp(warp, "append");
  if (wp.ended()) throw std::logic_error("CtaWriter::append: the warp has ended");
  const uint32_t entry = s.k().table.intern(issued, wp.hint);
  wp.hint = entry;
  wp.enc.append(entry, issued, issued.active_mask);
  ++s.warp_insts;
  s.thread_insts += lane_count(issued.active_mask);
  if (wp.enc.bytes().size() >= s.w->opt.chunk_bytes) s.flush(wp);
}

void CtaWriter::append(unsigned warp, const WarpInst& issued, const WarpInst& peeked) {
  State& s = *s_;
  State::Warp& wp = s.warp(warp, "append");
  if (wp.ended()) throw std::logic_error("CtaWriter::append: the warp has ended");
  const uint32_t entry = s.k().table.intern(issued, wp.hint);
  wp.hint = entry;
  const int64_t peek_entry =
      same_static(peeked, issued) ? -1 : int64_t(s.k().table.intern(peeked, -1));
  wp.enc.append(entry, issued, peeked.active_mask, peek_entry);
  ++s.warp_insts;
  s.thread_insts += lane_count(issued.active_mask);
  if (wp.enc.bytes().size() >= s.w->opt.chunk_bytes) s.flush(wp);
}

void CtaWriter::warp_exited(unsigned warp) {
  State& s = *s_;
  State::Warp& wp = s.warp(warp, "warp_exited");
  if (wp.ended()) return;
  wp.exited = true;
  s.end_warp(wp);
}

void CtaWriter::stopped(unsigned warp, const WarpInst& peeked) {
  State& s = *s_;
  State::Warp& wp = s.warp(warp, "stopped");
  if (wp.ended()) throw std::logic_error("CtaWriter::stopped: the warp has ended");
  const uint32_t entry = s.k().table.intern(peeked, wp.hint);
  wp.enc.append_pending(entry, peeked.active_mask);
  wp.stopped = true;
  s.end_warp(wp);
}

void CtaWriter::close() {
  State& s = *s_;
  if (s.closed) return;
  s.closed = true;
  TraceWriter::Impl& w = *s.w;
  KernelState& k = s.k();
  --k.open_ctas;
  bool incomplete = false;
  for (State::Warp& wp : s.warps) {
    if (!wp.exited) incomplete = true;
    if (!wp.ended()) s.end_warp(wp);
  }
  // The short tails of all warps, compressed together: short warps (the common case in
  // element-wise kernels) share one frame and compress against each other.
  std::vector<uint8_t> tails;
  uint64_t tail_records = 0;
  for (const State::Warp& wp : s.warps) {
    tails.insert(tails.end(), wp.enc.bytes().begin(), wp.enc.bytes().end());
    tail_records += wp.enc.records();
  }
  ChunkRef tail;
  if (!tails.empty()) {
    tail = w.put_chunk(tails, tail_records);
    s.count(tail);
  }
  // The directory: where each warp's chunks are (docs/traces.md, "CTA directory").
  const uint64_t at = w.offset;
  std::vector<uint8_t> dir;
  ByteWriter out(dir);
  out.varint(s.cta);
  out.u8(incomplete ? kCtaIncomplete : 0);
  out.varint(s.warps.size());
  for (const State::Warp& wp : s.warps) {
    out.u8(wp.exited ? kWarpExited : 0);
    out.varint(wp.chunks.size());
    uint64_t prev_end = 0;
    for (size_t i = 0; i < wp.chunks.size(); ++i) {
      const ChunkRef& c = wp.chunks[i];
      put_chunk_ref(out, c, i == 0 ? at - c.offset : c.offset - prev_end, true);
      prev_end = c.offset + c.stored;
    }
    out.varint(wp.enc.bytes().size());
    out.varint(wp.enc.records());
  }
  if (!tails.empty()) put_chunk_ref(out, tail, at - tail.offset, false);
  out.u32(crc32(dir.data(), dir.size()));
  w.write(dir);
  if (k.ctas.size() <= s.cta) k.ctas.resize(s.cta + 1);
  k.ctas[s.cta] = CtaLoc{at, dir.size()};
  ++k.ctas_written;
  k.incomplete += incomplete ? 1 : 0;
  k.warps += s.warps.size();
  k.warp_insts += s.warp_insts;
  k.thread_insts += s.thread_insts;
  s.warps.clear();
  s.warps.shrink_to_fit();
}

TraceWriter::TraceWriter(const std::string& path, WriterOptions options)
    : impl_(std::make_unique<Impl>(path, std::move(options))) {
  if (impl_->opt.chunk_bytes == 0 || impl_->opt.chunk_bytes > kMaxChunkRawBytes / 2)
    throw std::invalid_argument("TraceWriter: chunk_bytes out of range");
  if (uint64_t(impl_->opt.tail_bytes) * kWarpSize > kMaxChunkRawBytes / 2)
    throw std::invalid_argument("TraceWriter: tail_bytes out of range");
  impl_->file = std::fopen(path.c_str(), "wb");
  if (!impl_->file) impl_->io_error("cannot create the trace");
  std::setvbuf(impl_->file, nullptr, _IOFBF, 1 << 20);
  std::vector<uint8_t> h;
  ByteWriter out(h);
  out.bytes(kMagic, sizeof kMagic);
  out.u16(kVersion);
  out.u16(0);
  out.u32(0);
  impl_->write(h);
}

TraceWriter::~TraceWriter() {
  if (impl_->file) std::fclose(impl_->file);
}

const std::string& TraceWriter::path() const { return impl_->path; }
uint64_t TraceWriter::bytes_written() const { return impl_->offset; }

uint32_t TraceWriter::begin_kernel(const LaunchHeader& kernel) {
  if (impl_->finished) throw std::logic_error("TraceWriter::begin_kernel after finish");
  if (kernel.grid.count() == 0 || kernel.block.count() == 0)
    throw std::invalid_argument("TraceWriter::begin_kernel: empty grid or block");
  impl_->kernels.emplace_back();
  impl_->kernels.back().header = kernel;
  return static_cast<uint32_t>(impl_->kernels.size() - 1);
}

std::unique_ptr<CtaWriter> TraceWriter::begin_cta(uint32_t kernel, uint64_t cta) {
  KernelState& k = impl_->kernel(kernel);
  if (k.ended) throw std::logic_error("TraceWriter::begin_cta: the kernel has ended");
  if (cta >= k.header.grid.count())
    throw std::logic_error("TraceWriter::begin_cta: CTA " + std::to_string(cta) +
                           " is outside the grid");
  if (cta < k.ctas.size() && k.ctas[cta].bytes != 0)
    throw std::logic_error("TraceWriter::begin_cta: CTA " + std::to_string(cta) +
                           " was already written");
  auto s = std::make_unique<CtaWriter::State>();
  s->w = impl_.get();
  s->kernel = kernel;
  s->cta = cta;
  s->warps.resize((k.header.block.count() + kWarpSize - 1) / kWarpSize);
  ++k.open_ctas;
  return std::unique_ptr<CtaWriter>(new CtaWriter(std::move(s)));
}

void TraceWriter::end_kernel(uint32_t kernel) {
  KernelState& k = impl_->kernel(kernel);
  if (k.ended) return;
  if (k.open_ctas != 0)
    throw std::logic_error("TraceWriter::end_kernel: " + std::to_string(k.open_ctas) +
                           " CTAs are still open");
  // The CTA index: per CTA id, its directory's size (0: not recorded) and offset (a delta from
  // the previous recorded one), compressed as one section.
  std::vector<uint8_t> raw;
  ByteWriter out(raw);
  uint64_t prev = 0;
  for (const CtaLoc& c : k.ctas) {
    out.varint(c.bytes);
    if (c.bytes == 0) continue;
    out.svarint(static_cast<int64_t>(c.offset - prev));
    prev = c.offset;
  }
  k.index = impl_->put_chunk(raw, k.ctas.size());
  k.index_entries = k.ctas.size();
  k.ctas.clear();
  k.ctas.shrink_to_fit();
  k.ended = true;
}

void TraceWriter::finish() {
  Impl& w = *impl_;
  if (w.finished) return;
  if (!w.deferred_error.empty()) throw std::runtime_error(w.deferred_error);
  for (uint32_t i = 0; i < w.kernels.size(); ++i) end_kernel(i);
  std::vector<uint8_t> f;
  ByteWriter out(f);
  out.string(native::fields::schema());
  out.string(w.opt.description);
  out.varint(w.opt.binary_version);
  out.string(w.opt.recorded_preset);
  out.varint(w.kernels.size());
  for (const KernelState& k : w.kernels) {
    const LaunchHeader& h = k.header;
    out.string(h.name);
    for (uint32_t v : {h.grid.x, h.grid.y, h.grid.z, h.block.x, h.block.y, h.block.z}) out.varint(v);
    out.varint(h.regs_per_thread);
    out.varint(h.shared_bytes);
    out.varint(h.stream);
    for (uint64_t v : {k.ctas_written, k.incomplete, k.warps, k.warp_insts, k.thread_insts,
                       k.raw_bytes, k.stored_bytes, k.chunks})
      out.varint(v);
    out.varint(k.table.entries().size());
    for (const WarpInst& e : k.table.entries()) encode_static(e, out);
    out.varint(k.index_entries);
    out.varint(k.index.offset);
    out.u8(static_cast<uint8_t>(k.index.codec));
    out.varint(k.index.stored);
    out.varint(k.index.raw);
    out.u32(k.index.crc);
  }
  const uint64_t footer_at = w.offset;
  w.write(f);
  std::vector<uint8_t> t;
  ByteWriter trailer(t);
  trailer.u64(footer_at);
  trailer.u64(f.size());
  trailer.u32(crc32(f.data(), f.size()));
  trailer.bytes(kEndMagic, sizeof kEndMagic);
  w.write(t);
  std::FILE* file = w.file;
  w.file = nullptr;
  w.finished = true;
  if (std::fclose(file) != 0) w.io_error("cannot write");
}

}  // namespace warpsim::traces
