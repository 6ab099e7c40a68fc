#include "isa/ptx/regalloc.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "isa/instruction.h"
#include "sim/error.h"

namespace warpsim::isa::ptx {

namespace {

constexpr unsigned kGprs = kNumGeneralRegs;  // R0..R254
constexpr unsigned kPreds = kNumPreds;       // P0..P6

// Liveness is tracked per unit: one 32-bit word of a general value, or one predicate. A value
// of n words is n units that live and die separately (writing the low word of a pair kills
// only that word), and are assigned together to an aligned register group.
struct Seg {
  uint32_t s, e;  // [s, e) in positions: instruction i reads at 2i and writes at 2i+1
};

// A reference of an instruction to units [unit, unit + n).
struct Ref {
  uint32_t unit, n;
  VReg v;
  bool use, def;  // def: kills the units; a guarded def also reads them (use + def)
};

bool is_pred_class(const MFunction& f, VReg v) { return f.vregs[v].cls == RegClass::pred; }

unsigned vreg_units(const MFunction& f, VReg v) {
  return is_pred_class(f, v) ? 1 : class_words(f.vregs[v].cls);
}

void append(std::vector<Seg>& s, Seg x) { s.push_back(x); }

void normalize(std::vector<Seg>& s) {
  std::sort(s.begin(), s.end(), [](const Seg& a, const Seg& b) { return a.s < b.s; });
  std::vector<Seg> m;
  for (const Seg& x : s) {
    if (!m.empty() && x.s <= m.back().e)
      m.back().e = std::max(m.back().e, x.e);
    else
      m.push_back(x);
  }
  s = std::move(m);
}

bool covers(const std::vector<Seg>& segs, uint32_t p) {
  auto it = std::lower_bound(segs.begin(), segs.end(), p,
                             [](const Seg& a, uint32_t pos) { return a.e <= pos; });
  return it != segs.end() && it->s <= p;
}

class Allocator {
 public:
  Allocator(MFunction& f, const std::string& path) : f_(f), path_(path) {}

  Allocation run() {
    Allocation a;
    nospill_.assign(f_.vregs.size(), 0);
    coalesce();
    remove_dead_code();
    for (int iter = 0;; ++iter) {
      if (iter > 64) throw InputError(path_, 0, "register allocation does not converge");
      analyze();
      std::vector<VReg> spills;
      assign(spills);
      if (spills.empty()) break;
      rewrite_spills(spills, a);
    }
    a.phys = phys_;
    int hi = -1;
    for (VReg v = 0; v < f_.vregs.size(); ++v) {
      if (phys_[v] < 0 || is_pred_class(f_, v)) continue;
      hi = std::max(hi, phys_[v] + static_cast<int>(class_words(f_.vregs[v].cls)) - 1);
    }
    a.regs = static_cast<uint32_t>(std::max(hi + 1, 1));
    a.local_bytes = f_.local_bytes;
    return a;
  }

 private:
  // ---- units and references
  void number_units() {
    size_t nv = f_.vregs.size();
    ubase_.resize(nv + 1);
    uint32_t u = 0;
    for (VReg v = 0; v < nv; ++v) {
      ubase_[v] = u;
      u += vreg_units(f_, v);
    }
    ubase_[nv] = u;
    nunits_ = u;
  }

  void refs_of(const MInst& m, std::vector<Ref>& out) const {
    out.clear();
    if (m.is_label) return;
    bool guarded = m.guard != kNoReg;
    if (guarded) out.push_back({ubase_[m.guard], 1, m.guard, true, false});
    for (const MOp& o : m.ops) {
      if (o.v == kNoReg) continue;
      if (o.kind != MOp::Kind::reg && o.kind != MOp::Kind::pred && o.kind != MOp::Kind::addr)
        continue;
      uint32_t n = o.kind == MOp::Kind::pred ? 1 : o.words;
      Ref r{ubase_[o.v] + (o.kind == MOp::Kind::pred ? 0 : o.sub), n, o.v, !o.def, o.def};
      if (o.def && guarded) r.use = true;  // lanes whose guard is false keep the old value
      out.push_back(r);
    }
  }

  // ---- control flow and liveness
  struct Block {
    uint32_t first = 0, last = 0;
    std::vector<uint32_t> succ;
    std::vector<uint64_t> in, out, gen, kill;
  };

  void build_blocks() {
    blocks_.clear();
    const auto& code = f_.code;
    size_t n = code.size();
    std::vector<int> label_pos(f_.num_labels, -1);
    for (size_t i = 0; i < n; ++i)
      if (code[i].is_label) label_pos[code[i].label] = static_cast<int>(i);
    std::vector<char> leader(n + 1, 0);
    if (n) leader[0] = 1;
    for (size_t i = 0; i < n; ++i) {
      if (code[i].is_label) leader[i] = 1;
      if (!code[i].is_label && (code[i].is_branch() || code[i].leaves())) leader[i + 1] = 1;
    }
    block_of_.assign(n, 0);
    for (size_t i = 0; i < n;) {
      Block b;
      b.first = static_cast<uint32_t>(i);
      size_t j = i + 1;
      while (j < n && !leader[j]) ++j;
      b.last = static_cast<uint32_t>(j - 1);
      for (size_t k = i; k < j; ++k) block_of_[k] = static_cast<uint32_t>(blocks_.size());
      blocks_.push_back(std::move(b));
      i = j;
    }
    for (size_t bi = 0; bi < blocks_.size(); ++bi) {
      Block& b = blocks_[bi];
      const MInst& m = code[b.last];
      if (!m.is_label && m.is_branch()) {
        for (const MOp& o : m.ops)
          if (o.kind == MOp::Kind::label) {
            int p = label_pos[o.imm];
            if (p < 0) throw InputError(path_, m.line, "internal: branch to an unplaced label");
            b.succ.push_back(block_of_[static_cast<size_t>(p)]);
          }
      }
      if (!m.ends_block() && bi + 1 < blocks_.size()) b.succ.push_back(static_cast<uint32_t>(bi + 1));
    }
    depth_.assign(n, 0);
    for (size_t i = 0; i < n; ++i) {
      const MInst& m = code[i];
      if (m.is_label || !m.is_branch()) continue;
      for (const MOp& o : m.ops)
        if (o.kind == MOp::Kind::label) {
          int p = label_pos[o.imm];
          if (p >= 0 && static_cast<size_t>(p) <= i)
            for (size_t k = static_cast<size_t>(p); k <= i; ++k) ++depth_[k];
        }
    }
  }

  static void set_bits(std::vector<uint64_t>& b, uint32_t u, uint32_t n) {
    for (uint32_t k = u; k < u + n; ++k) b[k / 64] |= uint64_t(1) << (k % 64);
  }
  static void clear_bits(std::vector<uint64_t>& b, uint32_t u, uint32_t n) {
    for (uint32_t k = u; k < u + n; ++k) b[k / 64] &= ~(uint64_t(1) << (k % 64));
  }
  static bool test_bit(const std::vector<uint64_t>& b, uint32_t k) {
    return b[k / 64] >> (k % 64) & 1;
  }

  void liveness() {
    size_t words = (nunits_ + 63) / 64;
    std::vector<Ref> refs;
    for (Block& b : blocks_) {
      b.in.assign(words, 0);
      b.out.assign(words, 0);
      b.gen.assign(words, 0);
      b.kill.assign(words, 0);
      for (uint32_t i = b.first; i <= b.last; ++i) {
        refs_of(f_.code[i], refs);
        for (const Ref& r : refs)
          if (r.use)
            for (uint32_t k = r.unit; k < r.unit + r.n; ++k)
              if (!test_bit(b.kill, k)) set_bits(b.gen, k, 1);
        for (const Ref& r : refs)
          if (r.def && !r.use) set_bits(b.kill, r.unit, r.n);
      }
    }
    bool changed = true;
    while (changed) {
      changed = false;
      for (size_t bi = blocks_.size(); bi-- > 0;) {
        Block& b = blocks_[bi];
        for (size_t w = 0; w < words; ++w) {
          uint64_t o = 0;
          for (uint32_t s : b.succ) o |= blocks_[s].in[w];
          uint64_t in = b.gen[w] | (o & ~b.kill[w]);
          if (o != b.out[w] || in != b.in[w]) {
            b.out[w] = o;
            b.in[w] = in;
            changed = true;
          }
        }
      }
    }
  }

  void intervals() {
    useg_.assign(nunits_, {});
    weight_.assign(f_.vregs.size(), 0.0);
    used_.assign(f_.vregs.size(), 0);
    std::vector<uint32_t> end(nunits_, 0);
    std::vector<char> live(nunits_, 0);
    std::vector<Ref> refs;
    for (size_t bi = blocks_.size(); bi-- > 0;) {
      const Block& b = blocks_[bi];
      uint32_t from = 2 * b.first, to = 2 * (b.last + 1);
      std::vector<uint32_t> live_list;
      for (size_t w = 0; w < b.out.size(); ++w)
        for (uint64_t bits = b.out[w]; bits; bits &= bits - 1) {
          uint32_t u = static_cast<uint32_t>(w * 64 + static_cast<unsigned>(__builtin_ctzll(bits)));
          live[u] = 1;
          end[u] = to;
          live_list.push_back(u);
        }
      for (uint32_t i = b.last + 1; i-- > b.first;) {
        const MInst& m = f_.code[i];
        refs_of(m, refs);
        uint32_t dpos = m.early_clobber ? 2 * i : 2 * i + 1;
        for (const Ref& r : refs) {
          used_[r.v] = 1;
          weight_[r.v] += std::pow(8.0, std::min(depth_[i], 4u));
          if (!r.def) continue;
          for (uint32_t u = r.unit; u < r.unit + r.n; ++u) {
            if (live[u]) {
              append(useg_[u], {dpos, end[u]});
              live[u] = 0;
            } else {
              append(useg_[u], {dpos, 2 * i + 2});
            }
          }
        }
        for (const Ref& r : refs) {
          if (!r.use) continue;
          for (uint32_t u = r.unit; u < r.unit + r.n; ++u) {
            if (!live[u]) {
              live[u] = 1;
              end[u] = r.def ? 2 * i + 2 : 2 * i + 1;
              live_list.push_back(u);
            } else if (r.def) {
              end[u] = std::max(end[u], 2 * i + 2);
            }
          }
        }
      }
      for (uint32_t u : live_list)
        if (live[u]) {
          append(useg_[u], {from, end[u]});
          live[u] = 0;
        }
    }
    for (uint32_t u = 0; u < nunits_; ++u) normalize(useg_[u]);
    for (VReg v = 0; v < f_.vregs.size(); ++v) {
      uint32_t len = 0;
      for (uint32_t u = ubase_[v]; u < ubase_[v + 1]; ++u)
        for (const Seg& x : useg_[u]) len += x.e - x.s;
      weight_[v] = weight_[v] / (len / double(vreg_units(f_, v)) + 4.0);
    }
  }

  void analyze() {
    number_units();
    build_blocks();
    liveness();
    intervals();
  }

  // ---- copy coalescing (Chaitin's rule, per unit): a copy lets its destination and source
  // share registers unless one is written while the other is live (the copy itself excepted,
  // where both hold the same value). A smaller value may land inside a larger one (a word
  // inside a pair or quad, a pair inside a quad) at the position the copy implies, which is
  // how vector loads, mov.b64 {lo, hi} and fragments end up in register groups without moves.
  void coalesce() {
    bool any = false;
    for (const MInst& m : f_.code)
      if (!m.is_label && m.opcode == "%COPY") any = true;
    if (!any) return;
    analyze();
    size_t nv = f_.vregs.size();
    std::vector<VReg> parent(nv);
    std::vector<uint32_t> offset(nv, 0);  // position of v's unit 0 within parent's units
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&](VReg v, uint32_t& off) {
      off = 0;
      while (parent[v] != v) {
        off += offset[v];
        v = parent[v];
      }
      return v;
    };
    // Per unit of each root: segments and def positions (moved into the outer root on a merge).
    std::vector<std::vector<Seg>> segs = useg_;
    std::vector<std::vector<uint32_t>> defs(nunits_);
    std::vector<Ref> refs;
    for (size_t i = 0; i < f_.code.size(); ++i) {
      const MInst& m = f_.code[i];
      refs_of(m, refs);
      uint32_t p = static_cast<uint32_t>(m.early_clobber ? 2 * i : 2 * i + 1);
      for (const Ref& r : refs)
        if (r.def)
          for (uint32_t u = r.unit; u < r.unit + r.n; ++u) defs[u].push_back(p);
    }
    // Copies inside loops first: they cost the most.
    std::vector<size_t> copies;
    for (size_t i = 0; i < f_.code.size(); ++i) {
      const MInst& m = f_.code[i];
      if (!m.is_label && m.opcode == "%COPY" && m.guard == kNoReg && m.ops[0].v != kNoReg &&
          m.ops[1].v != kNoReg)
        copies.push_back(i);
    }
    std::stable_sort(copies.begin(), copies.end(),
                     [&](size_t a, size_t b) { return depth_[a] > depth_[b]; });
    for (size_t i : copies) {
      const MInst& m = f_.code[i];
      const MOp& d = m.ops[0];
      const MOp& s = m.ops[1];
      if (is_pred_class(f_, d.v) || is_pred_class(f_, s.v)) continue;
      uint32_t od, os;
      VReg rd = find(d.v, od), rs = find(s.v, os);
      uint32_t pd = od + d.sub, ps = os + s.sub;  // the copied units' positions in the roots
      if (rd == rs) continue;
      unsigned wd = vreg_units(f_, rd), ws = vreg_units(f_, rs);
      // Place the smaller root inside the larger one so the copied units coincide.
      VReg inner = rs, outer = rd;
      uint32_t pin = ps, pout = pd;
      if (ws > wd || (ws == wd && rs < rd)) {
        std::swap(inner, outer);
        std::swap(pin, pout);
      }
      unsigned win = vreg_units(f_, inner), wout = vreg_units(f_, outer);
      if (pout < pin) continue;
      uint32_t at = pout - pin;
      if (at + win > wout || at % win != 0) continue;
      // Unit of operand o's word w under the merges so far.
      auto unit_of = [&](const MOp& o, unsigned w) {
        uint32_t off;
        VReg r = find(o.v, off);
        return ubase_[r] + off + o.sub + w;
      };
      // Is position p a copy between units a and b (they then hold the same value there)?
      auto copy_between = [&](uint32_t p, uint32_t a, uint32_t b) {
        if (!(p & 1)) return false;
        const MInst& c = f_.code[(p - 1) / 2];
        if (c.is_label || c.opcode != "%COPY" || c.guard != kNoReg) return false;
        for (unsigned w = 0; w < c.ops[0].words; ++w) {
          uint32_t x = unit_of(c.ops[0], w), y = unit_of(c.ops[1], w);
          if ((x == a && y == b) || (x == b && y == a)) return true;
        }
        return false;
      };
      bool ok = true;
      for (uint32_t k = 0; k < win && ok; ++k) {
        uint32_t ui = ubase_[inner] + k, uo = ubase_[outer] + at + k;
        for (uint32_t p : defs[ui])
          if (ok && covers(segs[uo], p) && !copy_between(p, ui, uo)) ok = false;
        for (uint32_t p : defs[uo])
          if (ok && covers(segs[ui], p) && !copy_between(p, uo, ui)) ok = false;
      }
      if (!ok) continue;
      for (uint32_t k = 0; k < win; ++k) {
        uint32_t ui = ubase_[inner] + k, uo = ubase_[outer] + at + k;
        for (const Seg& x : segs[ui]) segs[uo].push_back(x);
        normalize(segs[uo]);
        segs[ui].clear();
        for (uint32_t p : defs[ui]) defs[uo].push_back(p);
        defs[ui].clear();
      }
      parent[inner] = outer;
      offset[inner] = at;
    }
    std::vector<MInst> out;
    out.reserve(f_.code.size());
    for (MInst& m : f_.code) {
      uint32_t off;
      if (m.guard != kNoReg) m.guard = find(m.guard, off);
      for (MOp& o : m.ops)
        if (o.v != kNoReg && (o.kind == MOp::Kind::reg || o.kind == MOp::Kind::pred ||
                              o.kind == MOp::Kind::addr)) {
          o.v = find(o.v, off);
          o.sub = static_cast<uint8_t>(o.sub + off);
        }
      if (!m.is_label && m.opcode == "%COPY" && m.ops[0].v == m.ops[1].v &&
          m.ops[0].sub == m.ops[1].sub)
        continue;
      out.push_back(std::move(m));
    }
    f_.code = std::move(out);
  }

  // ---- dead code: side-effect-free instructions whose results nothing reads (the member
  // masks of .sync warp instructions, values only a removed copy used, ...).
  static bool pure(const MInst& m) {
    static const char* const kEffects[] = {"ST",   "ATOM", "RED",  "BAR",  "MEMBAR", "BRA",
                                           "CALL", "RET",  "EXIT", "TRAP", "NANOSLEEP",
                                           "NOP",  "LD"};
    if (m.is_label) return false;
    std::string mn = m.mnemonic();
    for (const char* e : kEffects)
      if (mn == e) return false;
    return true;
  }

  void remove_dead_code() {
    for (int round = 0; round < 16; ++round) {
      analyze();
      std::vector<char> dead(f_.code.size(), 0);
      std::vector<Ref> refs;
      bool any = false;
      for (const Block& b : blocks_) {
        std::vector<uint64_t> live = b.out;
        for (uint32_t i = b.last + 1; i-- > b.first;) {
          const MInst& m = f_.code[i];
          refs_of(m, refs);
          bool has_def = false, live_def = false;
          for (const Ref& r : refs) {
            if (!r.def) continue;
            has_def = true;
            for (uint32_t u = r.unit; u < r.unit + r.n; ++u)
              if (test_bit(live, u)) live_def = true;
          }
          if (pure(m) && has_def && !live_def) {
            dead[i] = 1;
            any = true;
            continue;
          }
          for (const Ref& r : refs)
            if (r.def && !r.use) clear_bits(live, r.unit, r.n);
          for (const Ref& r : refs)
            if (r.use) set_bits(live, r.unit, r.n);
        }
      }
      if (!any) return;
      std::vector<MInst> out;
      out.reserve(f_.code.size());
      for (size_t i = 0; i < f_.code.size(); ++i)
        if (!dead[i]) out.push_back(std::move(f_.code[i]));
      f_.code = std::move(out);
    }
  }

  // ---- assignment: first fit in order of start, evicting the cheapest values when full
  struct Occ {
    uint32_t s, e;
    VReg v;
  };

  const std::vector<Seg>& unit_segs(VReg v, unsigned k) const { return useg_[ubase_[v] + k]; }

  uint32_t start_of(VReg v) const {
    uint32_t s = std::numeric_limits<uint32_t>::max();
    for (uint32_t u = ubase_[v]; u < ubase_[v + 1]; ++u)
      if (!useg_[u].empty()) s = std::min(s, useg_[u].front().s);
    return s;
  }

  void conflicts(const std::vector<Seg>& segs, unsigned r, std::vector<VReg>& out) const {
    const auto& o = occ_[r];
    for (const Seg& x : segs) {
      auto it = std::lower_bound(o.begin(), o.end(), x.s,
                                 [](const Occ& a, uint32_t pos) { return a.e <= pos; });
      for (; it != o.end() && it->s < x.e; ++it) out.push_back(it->v);
    }
  }

  bool free_at(const std::vector<Seg>& segs, unsigned r) const {
    const auto& o = occ_[r];
    for (const Seg& x : segs) {
      auto it = std::lower_bound(o.begin(), o.end(), x.s,
                                 [](const Occ& a, uint32_t pos) { return a.e <= pos; });
      if (it != o.end() && it->s < x.e) return false;
    }
    return true;
  }

  void place(VReg v, unsigned base, unsigned r) {
    unsigned w = vreg_units(f_, v);
    for (unsigned k = 0; k < w; ++k) {
      auto& o = occ_[base + r + k];
      for (const Seg& x : unit_segs(v, k)) {
        auto it = std::lower_bound(o.begin(), o.end(), x.s,
                                   [](const Occ& a, uint32_t pos) { return a.s < pos; });
        o.insert(it, Occ{x.s, x.e, v});
      }
    }
    phys_[v] = static_cast<int>(r);
  }

  void unplace(VReg v) {
    int r = phys_[v];
    if (r < 0) return;
    unsigned base = is_pred_class(f_, v) ? kGprs : 0;
    unsigned w = vreg_units(f_, v);
    for (unsigned k = 0; k < w; ++k) {
      auto& o = occ_[base + static_cast<unsigned>(r) + k];
      o.erase(std::remove_if(o.begin(), o.end(), [&](const Occ& x) { return x.v == v; }), o.end());
    }
    phys_[v] = -1;
  }

  void assign(std::vector<VReg>& spills) {
    size_t nv = f_.vregs.size();
    phys_.assign(nv, -1);
    std::vector<VReg> order;
    std::vector<uint32_t> start(nv, 0);
    for (VReg v = 0; v < nv; ++v) {
      if (!used_[v]) continue;
      start[v] = start_of(v);
      if (start[v] != std::numeric_limits<uint32_t>::max()) order.push_back(v);
    }
    std::stable_sort(order.begin(), order.end(), [&](VReg a, VReg b) {
      if (start[a] != start[b]) return start[a] < start[b];
      return vreg_units(f_, a) > vreg_units(f_, b);
    });
    occ_.assign(kGprs + kPreds, {});
    std::vector<char> spilled(nv, 0);
    const double inf = std::numeric_limits<double>::infinity();
    auto cost_of = [&](VReg u) { return nospill_[u] ? inf : weight_[u]; };
    for (VReg v : order) {
      bool pr = is_pred_class(f_, v);
      unsigned base = pr ? kGprs : 0;
      unsigned nregs = pr ? kPreds : kGprs;
      unsigned w = vreg_units(f_, v);
      bool done = false;
      for (unsigned r = 0; r + w <= nregs && !done; r += w) {
        bool ok = true;
        for (unsigned k = 0; k < w && ok; ++k) ok = free_at(unit_segs(v, k), base + r + k);
        if (ok) {
          place(v, base, r);
          done = true;
        }
      }
      if (done) continue;
      double best = cost_of(v);
      int best_r = -1;
      std::vector<VReg> best_set;
      for (unsigned r = 0; r + w <= nregs; r += w) {
        std::vector<VReg> c;
        for (unsigned k = 0; k < w; ++k) conflicts(unit_segs(v, k), base + r + k, c);
        std::sort(c.begin(), c.end());
        c.erase(std::unique(c.begin(), c.end()), c.end());
        double cost = 0;
        for (VReg u : c) cost += cost_of(u);
        if (cost < best) {
          best = cost;
          best_r = static_cast<int>(r);
          best_set = std::move(c);
        }
      }
      if (best_r < 0) {
        if (nospill_[v])
          throw InputError(path_, 0,
                           "internal: an instruction needs more " +
                               std::string(pr ? "predicates" : "registers") + " than exist");
        spilled[v] = 1;
        continue;
      }
      for (VReg u : best_set) {
        unplace(u);
        spilled[u] = 1;
      }
      place(v, base, static_cast<unsigned>(best_r));
    }
    for (VReg v = 0; v < nv; ++v)
      if (spilled[v]) spills.push_back(v);
  }

  // ---- spill code: general values get a local-frame slot (each access loads or stores just
  // the words it touches); predicates get a general register holding 0 or 1.
  void rewrite_spills(const std::vector<VReg>& spills, Allocation& a) {
    size_t nv = f_.vregs.size();
    std::vector<int64_t> slot(nv, -1);
    std::vector<VReg> home(nv, kNoReg);
    for (VReg v : spills) {
      if (is_pred_class(f_, v)) {
        home[v] = f_.new_vreg(RegClass::r32);
        ++a.spilled_preds;
      } else {
        unsigned bytes = 4 * class_words(f_.vregs[v].cls);
        f_.local_bytes = (f_.local_bytes + bytes - 1) / bytes * bytes;
        slot[v] = f_.local_bytes;
        f_.local_bytes += bytes;
        ++a.spilled_regs;
      }
    }
    nospill_.resize(f_.vregs.size(), 0);
    std::vector<MInst> out;
    out.reserve(f_.code.size() + spills.size() * 4);
    for (MInst& m : f_.code) {
      if (m.is_label) {
        out.push_back(std::move(m));
        continue;
      }
      auto spilled = [&](VReg v) { return v != kNoReg && (slot[v] >= 0 || home[v] != kNoReg); };
      bool any = spilled(m.guard);
      for (const MOp& o : m.ops)
        if ((o.kind == MOp::Kind::reg || o.kind == MOp::Kind::pred || o.kind == MOp::Kind::addr) &&
            spilled(o.v))
          any = true;
      if (!any) {
        out.push_back(std::move(m));
        continue;
      }
      // One temporary per distinct (value, first word, words) the instruction touches.
      struct Temp {
        VReg v;
        unsigned sub, words;
        VReg t;
        bool use, def;
      };
      std::vector<Temp> temps;
      bool guarded = m.guard != kNoReg;
      auto temp_for = [&](VReg v, unsigned sub, unsigned words, bool use, bool def) -> VReg {
        for (Temp& x : temps)
          if (x.v == v && x.sub == sub && x.words == words) {
            x.use |= use;
            x.def |= def;
            return x.t;
          }
        RegClass c = is_pred_class(f_, v) ? RegClass::pred
                     : words >= 4         ? RegClass::r128
                     : words == 2         ? RegClass::r64
                                          : RegClass::r32;
        VReg t = f_.new_vreg(c);
        nospill_.push_back(1);
        temps.push_back({v, sub, words, t, use, def});
        return t;
      };
      if (spilled(m.guard)) m.guard = temp_for(m.guard, 0, 1, true, false);
      for (MOp& o : m.ops) {
        if (!(o.kind == MOp::Kind::reg || o.kind == MOp::Kind::pred || o.kind == MOp::Kind::addr) ||
            !spilled(o.v))
          continue;
        bool pr = o.kind == MOp::Kind::pred;
        unsigned sub = pr ? 0 : o.sub, words = pr ? 1 : o.words;
        o.v = temp_for(o.v, sub, words, !o.def || guarded, o.def);
        o.sub = 0;
      }
      for (const Temp& x : temps)
        if (x.use) out.push_back(reload(x, slot[x.v], home[x.v], m.line));
      out.push_back(std::move(m));
      for (const Temp& x : temps)
        if (x.def) out.push_back(save(x, slot[x.v], home[x.v], m.line));
    }
    f_.code = std::move(out);
  }

  static const char* width_mod(unsigned words) {
    return words == 2 ? "64" : words >= 4 ? "128" : "32";
  }

  template <class T>
  MInst reload(const T& x, int64_t slot, VReg home, int line) const {
    MInst m;
    m.line = line;
    if (home != kNoReg) {
      m.opcode = "ISETP.NE.U32";
      m.ops = {pred_op(x.t, true), reg_op(home, false, 1), imm_op(0)};
    } else {
      m.opcode = std::string("LD.L.") + width_mod(x.words);
      m.ops = {reg_op(x.t, true, x.words), addr_op(slot + 4 * x.sub)};
    }
    return m;
  }

  template <class T>
  MInst save(const T& x, int64_t slot, VReg home, int line) const {
    MInst m;
    m.line = line;
    if (home != kNoReg) {  // home = t ? 1 : 0
      m.opcode = "SEL";
      MOp p = pred_op(x.t, false);
      p.neg = true;
      m.ops = {reg_op(home, true, 1), reg_op(kNoReg, false, 1), imm_op(1), p};
    } else {
      m.opcode = std::string("ST.L.") + width_mod(x.words);
      m.ops = {addr_op(slot + 4 * x.sub), reg_op(x.t, false, x.words)};
    }
    return m;
  }

  static MOp reg_op(VReg v, bool def, unsigned words) {
    MOp o;
    o.kind = MOp::Kind::reg;
    o.v = v;
    o.words = static_cast<uint8_t>(words);
    o.def = def;
    return o;
  }
  static MOp pred_op(VReg v, bool def) {
    MOp o;
    o.kind = MOp::Kind::pred;
    o.v = v;
    o.def = def;
    return o;
  }
  static MOp imm_op(uint64_t x) {
    MOp o;
    o.kind = MOp::Kind::imm;
    o.imm = x;
    return o;
  }
  static MOp addr_op(int64_t off) {
    MOp o;
    o.kind = MOp::Kind::addr;
    o.v = kNoReg;
    o.imm = static_cast<uint64_t>(off);
    return o;
  }

  MFunction& f_;
  const std::string& path_;
  std::vector<uint32_t> ubase_;
  uint32_t nunits_ = 0;
  std::vector<Block> blocks_;
  std::vector<uint32_t> block_of_;
  std::vector<unsigned> depth_;
  std::vector<std::vector<Seg>> useg_;
  std::vector<double> weight_;
  std::vector<char> used_;
  std::vector<char> nospill_;
  std::vector<int> phys_;
  std::vector<std::vector<Occ>> occ_;  // R0..R254, then P0..P6
};

}  // namespace

Allocation allocate_registers(MFunction& f, const std::string& path) {
  return Allocator(f, path).run();
}

}  // namespace warpsim::isa::ptx
