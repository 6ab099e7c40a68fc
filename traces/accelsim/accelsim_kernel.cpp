// A kernel's CTAs as WarpStreams. open_cta() finds the thread block in the index and locates its
// warps; each warp then parses one instruction line when it is peeked.
//   - Plain text, block <= 1 MiB (nearly all): the block is read with one pread and the warps
//     walk it in memory.
//   - Plain text, larger block: each warp streams from its own file offset through a 16 KiB
//     buffer, so a resident CTA costs its warps' buffers whatever its size.
//   - .xz: the block is decompressed into memory by the kernel's forward cursor (see
//     KernelState::read_block); memory is then the resident blocks' text.
#include <optional>
#include <stdexcept>

#include "traces/accelsim/kernel_state.h"

namespace warpsim::traces {

namespace {

constexpr uint64_t kInMemoryBlockBytes = uint64_t(1) << 20;
constexpr size_t kWarpBuffer = size_t(16) << 10;
constexpr size_t kBlockScanBuffer = size_t(256) << 10;

// The first byte of a line that is surely not blank (lines starting with a space may be).
bool starts_nonblank(char c) { return c != '\n' && !text::is_space(c); }

struct WarpLocation {
  uint64_t offset = 0;  // first byte after the `insts = N` line
  uint64_t line = 0;    // number of the `insts = N` line
  uint64_t count = 0;
};

// The warps of one thread block, from its #BEGIN_TB line (already checked by the pre-scan, so a
// mismatch means the file changed under us).
std::vector<WarpLocation> locate_warps(LineReader& r, const KernelState& k, const CtaEntry& e) {
  std::vector<WarpLocation> warps(k.warps_per_cta);
  auto changed = [&]() {
    return trace_error(k.path, e.line, "the trace changed since it was indexed");
  };
  std::string_view line;
  uint64_t warp = UINT64_MAX;
  bool begun = false;
  while (r.next(line)) {
    LineKind kind = classify(line);
    switch (kind) {
      case LineKind::begin_tb:
        if (begun) throw changed();
        begun = true;
        break;
      case LineKind::end_tb: return warps;
      case LineKind::warp:
        if (!parse_numbers_after_eq(line, &warp, 1) || warp >= warps.size()) throw changed();
        break;
      case LineKind::insts: {
        uint64_t n;
        if (warp >= warps.size() || !parse_numbers_after_eq(line, &n, 1)) throw changed();
        warps[warp] = WarpLocation{r.position(), r.line(), n};
        for (uint64_t i = r.skip(n, starts_nonblank); i < n; i += r.skip(n - i, starts_nonblank)) {
          if (!r.next(line)) throw changed();
          if ((!line.empty() && !text::is_space(line[0])) || classify(line) != LineKind::blank) ++i;
        }
        warp = UINT64_MAX;
        break;
      }
      case LineKind::blank:
      case LineKind::thread_block:
      case LineKind::cluster: break;
      default: throw changed();
    }
  }
  throw changed();
}

class CtaStream final : public WarpStream {
 public:
  CtaStream(std::shared_ptr<KernelState> k, unsigned num_warps)
      : k_(std::move(k)), warps_(num_warps) {}

  unsigned num_warps() const override { return static_cast<unsigned>(warps_.size()); }

  const WarpInst* peek(unsigned w) override {
    Warp& warp = warps_.at(w);
    if (!warp.has_cur) warp.has_cur = fetch(warp);
    return warp.has_cur ? &warp.slot[warp.cur] : nullptr;
  }

  const WarpInst& issue(unsigned w, uint64_t cycle) override {
    (void)cycle;
    if (peek(w) == nullptr) throw std::logic_error("WarpStream::issue past the end of a warp");
    Warp& warp = warps_[w];
    // The issued record keeps its own slot, so the reference stays valid after the next peek.
    std::swap(warp.cur, warp.issued);
    warp.has_cur = false;
    return warp.slot[warp.issued];
  }

  void set_block(std::shared_ptr<const std::string> block) { block_ = std::move(block); }
  // Warp w's `count` instruction lines, read by a LineReader built from `args`.
  template <typename... Args>
  void set_warp(unsigned w, uint64_t count, Args&&... args) {
    warps_[w].lines.emplace(std::forward<Args>(args)...);
    warps_[w].remaining = count;
  }

 private:
  struct Warp {
    std::optional<LineReader> lines;
    uint64_t remaining = 0;  // instruction lines not yet read
    std::array<WarpInst, 3> slot{};
    uint8_t cur = 0, ahead = 1, issued = 2;
    bool has_cur = false, has_ahead = false;
  };

  bool read(Warp& warp, WarpInst& out) {
    if (warp.remaining == 0) return false;
    std::string_view line;
    for (;;) {
      if (!warp.lines->next(line))
        throw trace_error(k_->path, warp.lines->line(), "the trace changed since it was indexed");
      if (!line.empty() && !text::is_space(line[0])) break;  // the usual line, without classify()
      if (classify(line) != LineKind::blank) break;
    }
    k_->parser->parse(line, warp.lines->line(), out);
    if (--warp.remaining == 0) warp.lines.reset();  // release the buffer early
    return true;
  }

  bool fetch(Warp& warp) {
    if (warp.has_ahead) {
      std::swap(warp.cur, warp.ahead);
      warp.has_ahead = false;
    } else if (!read(warp, warp.slot[warp.cur])) {
      return false;
    }
    // The tracer writes LDGSTS twice (shared address first, then global) and the post-processor
    // keeps the second. A pair that survived into a .traceg (same PC twice in a row, which a loop
    // cannot produce) is one instruction: keep the global line.
    if (k_->parser->is_ldgsts(warp.slot[warp.cur]) && read(warp, warp.slot[warp.ahead])) {
      const WarpInst& a = warp.slot[warp.cur];
      const WarpInst& b = warp.slot[warp.ahead];
      if (k_->parser->is_ldgsts(b) && b.pc == a.pc) {
        std::swap(warp.cur, warp.ahead);
        ++k_->ldgsts_merged;
      } else {
        warp.has_ahead = true;
      }
    }
    return true;
  }

  std::shared_ptr<KernelState> k_;
  std::shared_ptr<const std::string> block_;
  std::vector<Warp> warps_;
};

}  // namespace

AccelSimKernel::AccelSimKernel(std::shared_ptr<KernelState> state) : state_(std::move(state)) {}
AccelSimKernel::~AccelSimKernel() = default;

std::unique_ptr<AccelSimKernel> AccelSimKernel::open(const std::string& trace_path,
                                                     const AccelSimOptions& options,
                                                     std::shared_ptr<TraceDiagnostics> diag) {
  return std::unique_ptr<AccelSimKernel>(
      new AccelSimKernel(scan_kernel(trace_path, options, std::move(diag))));
}

const std::string& AccelSimKernel::name() const { return state_->header.kernel_name; }
Dim3 AccelSimKernel::grid() const { return state_->header.grid; }
Dim3 AccelSimKernel::block() const { return state_->header.block; }
unsigned AccelSimKernel::regs_per_thread() const { return state_->header.nregs; }
unsigned AccelSimKernel::shared_bytes_per_cta() const { return state_->header.shmem; }
const std::string& AccelSimKernel::path() const { return state_->path; }
const KernelHeader& AccelSimKernel::header() const { return state_->header; }
uint64_t AccelSimKernel::listed_warp_insts() const { return state_->listed_warp_insts; }
uint64_t AccelSimKernel::ctas_in_trace() const { return state_->ctas.size(); }
const sass::SassTable& AccelSimKernel::sass_table() const { return *state_->table; }
void AccelSimKernel::bind_timing(const OpTimingResolver& timing) { state_->parser->set_timing(&timing); }

std::string AccelSimKernel::opcode_name(uint16_t id) const {
  return state_->parser->opcode_name(id);
}
const std::shared_ptr<TraceDiagnostics>& AccelSimKernel::diagnostics() const {
  return state_->diag;
}

AccelSimKernelStats AccelSimKernel::stats() const {
  return AccelSimKernelStats{state_->parser->unknown_insts(), state_->ldgsts_merged,
                             state_->xz_rewinds};
}

std::unique_ptr<WarpStream> AccelSimKernel::open_cta(uint64_t cta, unsigned sm_id) {
  (void)sm_id;
  KernelState& k = *state_;
  if (cta >= k.header.grid.count())
    throw std::out_of_range("open_cta: CTA " + std::to_string(cta) + " is outside the grid");
  auto stream = std::make_unique<CtaStream>(state_, k.warps_per_cta);
  const CtaEntry* e = k.find_cta(cta);
  if (e == nullptr) return stream;  // no instructions traced for this thread block

  if (!k.xz && e->end - e->offset > kInMemoryBlockBytes) {
    LineReader scan(k.path, file_bytes(k.file, e->offset, e->end), kBlockScanBuffer, e->offset,
                    e->line - 1);
    std::vector<WarpLocation> warps = locate_warps(scan, k, *e);
    for (unsigned w = 0; w < warps.size(); ++w) {
      if (warps[w].count == 0) continue;
      stream->set_warp(w, warps[w].count, k.path, file_bytes(k.file, warps[w].offset, e->end),
                       kWarpBuffer, warps[w].offset, warps[w].line);
    }
    return stream;
  }

  std::shared_ptr<const std::string> block = k.read_block(*e);
  LineReader scan(k.path, *block, 0, e->line - 1);
  std::vector<WarpLocation> warps = locate_warps(scan, k, *e);
  for (unsigned w = 0; w < warps.size(); ++w) {
    if (warps[w].count == 0) continue;
    std::string_view rest = std::string_view(*block).substr(warps[w].offset);
    stream->set_warp(w, warps[w].count, k.path, rest, warps[w].offset, warps[w].line);
  }
  stream->set_block(std::move(block));
  return stream;
}

std::vector<std::string> TraceDiagnostics::all() const {
  std::vector<std::string> out = warnings;
  for (const auto& [what, count] : unknown_opcodes)
    out.push_back(std::to_string(count) + " instructions with unknown SASS opcode " + what +
                  " counted as int_alu");
  return out;
}

}  // namespace warpsim::traces
