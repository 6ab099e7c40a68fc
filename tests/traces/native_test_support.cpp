#include "tests/traces/native_test_support.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "traces/native/record_codec.h"
#include "traces/native/warp_inst_fields.h"

namespace warpsim::traces::testing {

std::string temp_path(const std::string& stem) {
  static std::atomic<unsigned> n{0};
  return ::testing::TempDir() + "native_" + std::to_string(::getpid()) + "_" +
         std::to_string(n++) + "_" + stem;
}

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

void write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

namespace {

class ScriptedStream : public WarpStream {
 public:
  explicit ScriptedStream(const CtaScript* script, unsigned warps)
      : script_(script), pos_(warps, 0), cur_(warps) {}
  unsigned num_warps() const override { return static_cast<unsigned>(pos_.size()); }
  const WarpInst* peek(unsigned w) override {
    const WarpScript* s = warp(w);
    if (!s || pos_[w] >= s->size()) return nullptr;
    const Step& st = (*s)[pos_[w]];
    cur_[w] = st.peek_differs ? st.peek_static : st.issued;
    cur_[w].active_mask = st.peek_mask;
    return &cur_[w];
  }
  const WarpInst& issue(unsigned w, uint64_t) override {
    const WarpScript* s = warp(w);
    if (!s || pos_[w] >= s->size()) throw std::logic_error("issue after exit");
    cur_[w] = (*s)[pos_[w]++].issued;
    return cur_[w];
  }

 private:
  const WarpScript* warp(unsigned w) const {
    return script_ && w < script_->size() ? &(*script_)[w] : nullptr;
  }
  const CtaScript* script_;
  std::vector<size_t> pos_;
  std::vector<WarpInst> cur_;
};

}  // namespace

ScriptedKernelSource::ScriptedKernelSource(std::string name, Dim3 grid, Dim3 block,
                                           std::vector<CtaScript> ctas)
    : name_(std::move(name)), grid_(grid), block_(block), ctas_(std::move(ctas)) {}

std::unique_ptr<WarpStream> ScriptedKernelSource::open_cta(uint64_t cta, unsigned) {
  const auto warps = static_cast<unsigned>((block_.count() + kWarpSize - 1) / kWarpSize);
  return std::make_unique<ScriptedStream>(cta < ctas_.size() ? &ctas_[cta] : nullptr, warps);
}

RunLog run(KernelSource& source, unsigned resident, unsigned rotate, uint64_t stop_after) {
  struct Open {
    uint64_t id;
    std::unique_ptr<WarpStream> s;
    std::vector<char> at_bar, exited;
  };
  RunLog log;
  std::vector<Open> open;
  uint64_t next = 0, cycle = 0, issued = 0, round = 0;
  const uint64_t total = source.grid().count();
  for (;;) {
    while (open.size() < resident && next < total) {
      Open o{next, source.open_cta(next, 0), {}, {}};
      o.at_bar.assign(o.s->num_warps(), 0);
      o.exited.assign(o.s->num_warps(), 0);
      ++next;
      open.push_back(std::move(o));
    }
    if (open.empty()) break;
    const size_t n = open.size();
    for (size_t i = 0; i < n; ++i) {
      Open& o = open[(i + round * rotate) % n];
      unsigned live = 0, waiting = 0;
      for (unsigned w = 0; w < o.s->num_warps(); ++w) {
        if (o.exited[w]) continue;
        const WarpInst* p = o.s->peek(w);
        if (!p) {
          o.exited[w] = 1;
          continue;
        }
        ++live;
        if (o.at_bar[w]) {
          ++waiting;
          continue;
        }
        Seen seen;
        seen.peeked = *p;
        seen.issued = o.s->issue(w, cycle++);
        log[{o.id, w}].push_back(seen);
        if (seen.issued.op_class == OpClass::barrier) o.at_bar[w] = 1;
        if (stop_after && ++issued >= stop_after) return log;  // open streams die here
        if (issued > 20'000'000) throw std::runtime_error("kernel does not finish");
      }
      if (live != 0 && live == waiting) std::fill(o.at_bar.begin(), o.at_bar.end(), 0);
    }
    // Retire CTAs whose warps have all exited (peek once more: the last issue may have ended them).
    for (Open& o : open)
      for (unsigned w = 0; w < o.s->num_warps(); ++w)
        if (!o.exited[w] && !o.s->peek(w)) o.exited[w] = 1;
    open.erase(std::remove_if(open.begin(), open.end(),
                              [](const Open& o) {
                                return std::all_of(o.exited.begin(), o.exited.end(),
                                                   [](char e) { return e != 0; });
                              }),
               open.end());
    ++round;
  }
  return log;
}

std::string diff(const WarpInst& want, const WarpInst& got, bool compare_addresses) {
  std::ostringstream os;
  size_t member = 0;
  native::fields::for_each_pair(want, got, [&](const auto& a, const auto& b) {
    const size_t i = member++;
    if (!os.str().empty()) return;
    if (static_cast<const void*>(&a) == &want.addr) {
      if (!compare_addresses || !native::has_addresses(want)) return;
      for (unsigned l = 0; l < kWarpSize; ++l)
        if (((want.active_mask >> l) & 1u) && want.addr[l] != got.addr[l])
          os << "addr[" << l << "]: want 0x" << std::hex << want.addr[l] << ", got 0x"
             << got.addr[l] << std::dec << " (pc 0x" << std::hex << want.pc << ")";
      return;
    }
    if (!(a == b)) os << "member " << i << " differs (pc 0x" << std::hex << want.pc << ")";
  });
  return os.str();
}

WarpInst make_inst(uint32_t pc, OpClass cls, uint32_t mask, MemSpace space, uint8_t bytes) {
  WarpInst w;
  w.pc = pc;
  w.opcode = static_cast<uint16_t>(pc / 16 % 50);
  w.op_class = cls;
  w.active_mask = mask;
  w.space = space;
  w.access_bytes = bytes;
  w.num_dst = 1;
  w.dst[0] = static_cast<uint16_t>(pc / 16 % 200);
  w.num_src = 2;
  w.src[0] = 3;
  w.src[1] = 260;
  return w;
}

}  // namespace warpsim::traces::testing
