#include "isa/ptx/list_scheduler.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <string_view>

#include "isa/ptx/chip.h"

// Why after register allocation: scheduling virtual registers would stretch live ranges (loads
// hoisted to the top of a block hold their registers across everything they pass), raising the
// register count -- and so lowering occupancy, or adding spill code -- in ways the allocator
// could only partly undo. On physical registers the count and the spill code stay exactly those
// of the unscheduled translation, and every instruction computes what it computed before (the
// same operands, the same registers), so functional results cannot change. The price is that
// registers the allocator reused add anti and output dependences; those are tracked per word
// like true ones, and spill code is ordinary local-memory traffic ordered like any other.

namespace warpsim::isa::ptx {

namespace {

// Dependence units: R0..R254 are units 0..254, P0..P6 units kPredUnit + 0..6.
constexpr unsigned kPredUnit = 256;
constexpr unsigned kNumUnits = kPredUnit + 8;
constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

// Memory spaces an access may touch, as bits. Param and constant memory are read-only in a
// kernel (the chip has no store to them), so their loads touch none of these.
constexpr uint8_t kGlobal = 1, kShared = 2, kLocal = 4, kGeneric = kGlobal | kShared | kLocal;
constexpr unsigned kNumSpaces = 3;

// Cycles from issue until a dependent instruction may issue, and cycles the class's pipe stays
// busy per warp instruction: the v100 preset's figures (models/presets/v100.yaml core.latency and
// core.issue_interval, measured dependent chains of ../shared/reference/v100.md §2). isa/ cannot
// read the timing config, and a compiler schedules for one chip; these only rank candidates, so
// a preset with other figures still gets a legal (and usually still good) order.
struct ClassTiming {
  uint8_t latency;
  uint8_t interval;
};
constexpr std::array<ClassTiming, static_cast<size_t>(OpClass::count_)> kClassTiming = {{
    {4, 2},    // int_alu
    {4, 2},    // int_mul
    {4, 2},    // fp32
    {8, 4},    // fp64
    {6, 2},    // fp16
    {18, 8},   // sfu
    {32, 17},  // tensor
    {30, 1},   // load: global/local, an L1 hit (l1d.hit_latency 29 + coalescing); below by space
    {1, 1},    // store: no result
    {30, 1},   // atomic (a fence anyway)
    {4, 1},    // branch
    {1, 1},    // barrier
    {1, 1},    // exit
    {4, 1},    // misc
}};
constexpr uint8_t kSharedLoadLatency = 20;  // shmem.latency 19 + coalescing
constexpr uint8_t kParamLoadLatency = 8;    // core.latency.param_load: constant-cache hit

// What the scheduler needs to know about one instruction.
struct Traits {
  bool fence = false;     // stays in place; nothing crosses it
  uint8_t mem_reads = 0;  // spaces read (loads)
  // Spaces written, or ordered against every access to them (stores, ordered loads).
  uint8_t mem_writes = 0;
  uint8_t pipe = 0;  // OpClass whose pipe issues it
  uint8_t latency = 1;
  uint8_t interval = 1;
};

std::string_view part(std::string_view opcode, size_t i) {
  for (; i > 0; --i) {
    size_t dot = opcode.find('.');
    if (dot == std::string_view::npos) return {};
    opcode.remove_prefix(dot + 1);
  }
  return opcode.substr(0, opcode.find('.'));
}

bool has_part(std::string_view opcode, std::string_view p) {
  for (size_t i = 1;; ++i) {
    std::string_view x = part(opcode, i);
    if (x.empty()) return false;
    if (x == p) return true;
  }
}

uint8_t space_bits(std::string_view space) {
  if (space == "G") return kGlobal;
  if (space == "S") return kShared;
  if (space == "L") return kLocal;
  if (space == "C" || space == "P") return 0;
  return kGeneric;  // E, or anything unexpected: may touch every writable space
}

// Instructions whose effect is not captured by their register operands and memory space:
// control flow, synchronisation, other lanes' registers, time.
bool is_fence(const MInst& m, const OpcodeInfo& info) {
  if (info.flow != Flow::none || m.early_clobber) return true;  // early_clobber: SHFL, MATCH, HMMA
  switch (info.op_class) {
    case OpClass::branch:
    case OpClass::barrier:
    case OpClass::exit:
    case OpClass::atomic: return true;
    default: break;
  }
  // LDGSTS writes shared memory through no register and its groups are ordered by
  // LDGDEPBAR / DEPBAR: all three stay where the program put them.
  static constexpr std::string_view kFenceMnemonics[] = {"MEMBAR", "VOTE",      "ACTIVEMASK", "SHFL", "MATCH",
                                                         "NANOSLEEP", "LDGSTS", "LDGDEPBAR",  "DEPBAR"};
  std::string_view mn = part(m.opcode, 0);
  for (std::string_view f : kFenceMnemonics)
    if (mn == f) return true;
  if (mn == "S2R")  // clock reads time the code around them: keep that code on its side
    for (const MOp& o : m.ops)
      if (o.kind == MOp::Kind::text &&
          (o.text.rfind("SR_CLOCK", 0) == 0 || o.text.rfind("SR_GLOBALTIMER", 0) == 0))
        return true;
  return false;
}

Traits traits_of(const MInst& m) {
  Traits t;
  if (m.is_label) {
    t.fence = true;
    return t;
  }
  OpClass cls = OpClass::int_alu;  // %COPY: one MOV per word
  if (m.opcode != "%COPY") {
    const OpcodeInfo* info = chip_opcode(m.opcode);
    if (info == nullptr || is_fence(m, *info)) {
      t.fence = true;  // unknown to the table: keep it where lowering put it
      return t;
    }
    cls = info->op_class;
  }
  const ClassTiming& ct = kClassTiming[static_cast<size_t>(cls)];
  t.pipe = static_cast<uint8_t>(cls);
  t.latency = ct.latency;
  t.interval = ct.interval;
  if (cls == OpClass::load || cls == OpClass::store) {
    std::string_view space = part(m.opcode, 1);
    uint8_t bits = space_bits(space);
    // Volatile and coherent loads (.VOLATILE; .CV, .CG: also what ld.acquire and ld.relaxed at
    // gpu or sys scope lower to) observe other threads' stores: keep them in order with every
    // other access to their spaces.
    bool ordered =
        has_part(m.opcode, "VOLATILE") || has_part(m.opcode, "CV") || has_part(m.opcode, "CG");
    if (cls == OpClass::store || ordered)
      t.mem_writes = bits;
    else
      t.mem_reads = bits;
    if (cls == OpClass::load) {
      if (bits == 0)
        t.latency = kParamLoadLatency;
      else if (bits == kShared)
        t.latency = kSharedLoadLatency;
    }
  }
  return t;
}

// Calls f(unit, written) for every register word and predicate `m` reads or writes.
template <class F>
void for_each_unit(const MInst& m, const Allocation& a, F&& f) {
  auto phys = [&](VReg v) { return v < a.phys.size() ? a.phys[v] : -1; };
  if (m.guard != kNoReg && phys(m.guard) >= 0)
    f(kPredUnit + static_cast<unsigned>(phys(m.guard)), false);
  for (const MOp& o : m.ops) {
    if (o.v == kNoReg) continue;  // RZ, PT, absolute addresses
    int p = phys(o.v);
    if (p < 0) continue;
    switch (o.kind) {
      case MOp::Kind::pred: f(kPredUnit + static_cast<unsigned>(p), o.def); break;
      case MOp::Kind::reg:
      case MOp::Kind::addr:
        for (unsigned w = 0; w < o.words; ++w)
          f(static_cast<unsigned>(p) + o.sub + w, o.def && o.kind == MOp::Kind::reg);
        break;
      default: break;
    }
  }
}

// A copy whose source and destination got the same registers: the emitter prints nothing.
bool is_self_copy(const MInst& m, const Allocation& a) {
  if ((m.opcode != "%COPY" && m.opcode != "MOV") || m.ops.size() != 2) return false;
  const MOp& d = m.ops[0];
  const MOp& s = m.ops[1];
  if (d.kind != MOp::Kind::reg || s.kind != MOp::Kind::reg || d.v == kNoReg || s.v == kNoReg)
    return false;
  return a.phys[d.v] + d.sub == a.phys[s.v] + s.sub && d.words == s.words;
}

struct Edge {
  uint32_t to;
  uint16_t latency;
};

// Schedules one region (no fences inside) at a time, reusing its buffers across regions.
class RegionScheduler {
 public:
  explicit RegionScheduler(const Allocation& a) : a_(a) {
    last_writer_.fill(kNone);
    last_mem_writer_.fill(kNone);
  }

  // Appends code[begin, end) to `out` in scheduled order; traits[i] describes code[i]. The
  // fence at code[end] (if it is an instruction, not a label or the end) ends the region: what
  // it reads is a dependence of the region's end, so that the producers of a branch's predicate
  // are not left for last.
  void run(std::vector<MInst>& code, const std::vector<Traits>& traits, size_t begin, size_t end,
           std::vector<MInst>& out) {
    const uint32_t n = static_cast<uint32_t>(end - begin);
    if (n <= 1) {
      for (size_t i = begin; i < end; ++i) out.push_back(std::move(code[i]));
      return;
    }
    const bool terminated = end < code.size() && !code[end].is_label;
    build(code, traits, begin, n + (terminated ? 1 : 0));
    prioritize(n);
    issue(n);
    for (uint32_t i : order_) out.push_back(std::move(code[begin + i]));
  }

 private:
  void add_edge(uint32_t from, uint32_t to, unsigned latency) {
    if (from == to) return;  // an instruction reading and writing the same register
    std::vector<Edge>& s = succs_[from];
    if (!s.empty() && s.back().to == to) {  // a second unit of the same pair of instructions
      s.back().latency = std::max<uint16_t>(s.back().latency, static_cast<uint16_t>(latency));
      return;
    }
    s.push_back({to, static_cast<uint16_t>(latency)});
    ++npreds_[to];
  }

  // Node i (code[begin + i]) depends on the earlier nodes it may not pass; `count` nodes, the
  // last of them the terminator when there is one.
  void build(const std::vector<MInst>& code, const std::vector<Traits>& traits, size_t begin,
             uint32_t count) {
    traits_.assign(traits.begin() + static_cast<std::ptrdiff_t>(begin),
                   traits.begin() + static_cast<std::ptrdiff_t>(begin + count));
    traits_.resize(count + 1);  // the node one past the last: a missing terminator
    if (succs_.size() < count + 1) succs_.resize(count + 1);
    for (uint32_t i = 0; i <= count; ++i) succs_[i].clear();
    npreds_.assign(count + 1, 0);
    for (uint32_t i = 0; i < count; ++i) {
      const MInst& m = code[begin + i];
      Traits& t = traits_[i];
      if (!t.fence && is_self_copy(m, a_)) {
        t.latency = 0;  // nothing is emitted: no dependences, no time
        t.interval = 0;
        continue;
      }
      reads_.clear();
      writes_.clear();
      for_each_unit(m, a_,
                    [&](unsigned u, bool written) { (written ? writes_ : reads_).push_back(u); });
      // Reads first: an instruction that reads and writes a register depends on the previous
      // writer, not on itself.
      for (unsigned u : reads_) {
        if (last_writer_[u] != kNone)
          add_edge(last_writer_[u], i, traits_[last_writer_[u]].latency);
        readers_[u].push_back(i);
        touched_.push_back(u);
      }
      for (unsigned u : writes_) {
        // After the last write (output: a scoreboard holds a write until the earlier write to
        // the register has landed) and after every read since (anti).
        if (last_writer_[u] != kNone)
          add_edge(last_writer_[u], i, traits_[last_writer_[u]].latency);
        for (uint32_t r : readers_[u]) add_edge(r, i, 0);
        readers_[u].clear();
        last_writer_[u] = i;
        touched_.push_back(u);
      }
      for (unsigned s = 0; s < kNumSpaces; ++s) {
        const uint8_t bit = static_cast<uint8_t>(1u << s);
        if (t.mem_writes & bit) {
          if (last_mem_writer_[s] != kNone) add_edge(last_mem_writer_[s], i, 0);
          for (uint32_t r : mem_readers_[s]) add_edge(r, i, 0);
          mem_readers_[s].clear();
          last_mem_writer_[s] = i;
        } else if (t.mem_reads & bit) {
          if (last_mem_writer_[s] != kNone) add_edge(last_mem_writer_[s], i, 0);
          mem_readers_[s].push_back(i);
        }
      }
    }
    // Reset only what this region touched: regions are usually far smaller than the unit table.
    for (unsigned u : touched_) {
      last_writer_[u] = kNone;
      readers_[u].clear();
    }
    touched_.clear();
    last_mem_writer_.fill(kNone);
    for (auto& r : mem_readers_) r.clear();
  }

  // Priority: the latency-weighted longest path from the node to the end of the region.
  void prioritize(uint32_t n) {
    prio_.assign(n + 1, 0);
    for (uint32_t i = n; i-- > 0;) {
      unsigned p = traits_[i].latency;
      for (const Edge& e : succs_[i]) p = std::max(p, e.latency + prio_[e.to]);
      prio_[i] = p;
    }
  }

  // Cycle by cycle, one instruction per cycle (a warp issues at most one per cycle): among the
  // instructions whose operands are ready and whose pipe is free, the longest path first, then
  // the earliest in the original order (deterministic, and the original order when nothing is
  // gained). When nothing can issue, time jumps to the first cycle something can.
  void issue(uint32_t n) {
    earliest_.assign(n, 0);
    pipe_free_.fill(0);
    ready_.clear();
    order_.clear();
    for (uint32_t i = 0; i < n; ++i)
      if (npreds_[i] == 0) ready_.push_back(i);
    uint64_t cycle = 0;
    while (order_.size() < n) {
      size_t best = ready_.size();
      uint64_t next = std::numeric_limits<uint64_t>::max();
      for (size_t k = 0; k < ready_.size(); ++k) {
        uint32_t c = ready_[k];
        uint64_t at = std::max(earliest_[c], pipe_free_[traits_[c].pipe]);
        if (at > cycle) {
          next = std::min(next, at);
          continue;
        }
        if (best == ready_.size()) {
          best = k;
          continue;
        }
        uint32_t b = ready_[best];
        if (prio_[c] > prio_[b] || (prio_[c] == prio_[b] && c < b)) best = k;
      }
      if (best == ready_.size()) {
        cycle = next;
        continue;
      }
      uint32_t c = ready_[best];
      ready_[best] = ready_.back();
      ready_.pop_back();
      order_.push_back(c);
      pipe_free_[traits_[c].pipe] = cycle + traits_[c].interval;
      for (const Edge& e : succs_[c]) {
        if (e.to == n) continue;  // the terminator is emitted after the region
        earliest_[e.to] = std::max(earliest_[e.to], cycle + e.latency);
        if (--npreds_[e.to] == 0) ready_.push_back(e.to);
      }
      ++cycle;
    }
  }

  const Allocation& a_;
  std::array<uint32_t, kNumUnits> last_writer_{};
  std::array<std::vector<uint32_t>, kNumUnits> readers_;
  std::vector<unsigned> touched_, reads_, writes_;
  std::array<uint32_t, kNumSpaces> last_mem_writer_{};
  std::array<std::vector<uint32_t>, kNumSpaces> mem_readers_;
  std::vector<Traits> traits_;
  std::vector<std::vector<Edge>> succs_;
  std::vector<uint32_t> npreds_;
  std::vector<unsigned> prio_;
  std::vector<uint64_t> earliest_;
  std::array<uint64_t, static_cast<size_t>(OpClass::count_)> pipe_free_{};
  std::vector<uint32_t> ready_;
  std::vector<uint32_t> order_;
};

}  // namespace

void schedule_kernel(MFunction& f, const Allocation& a) {
  std::vector<Traits> traits;
  traits.reserve(f.code.size());
  for (const MInst& m : f.code) traits.push_back(traits_of(m));
  RegionScheduler region(a);
  std::vector<MInst> out;
  out.reserve(f.code.size());
  size_t begin = 0;
  for (size_t i = 0; i <= f.code.size(); ++i) {
    const bool at_end = i == f.code.size();
    if (!at_end && !traits[i].fence) continue;
    region.run(f.code, traits, begin, i, out);
    if (!at_end) out.push_back(std::move(f.code[i]));
    begin = i + 1;
  }
  f.code = std::move(out);
}

}  // namespace warpsim::isa::ptx
