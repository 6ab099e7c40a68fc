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

struct Seg {
  uint32_t s, e;  // [s, e) in positions: instruction i uses at 2i, defines at 2i+1
};

struct Interval {
  std::vector<Seg> segs;
  double weight = 0;
  bool spillable = true;
  bool used = false;
  uint32_t start() const { return segs.empty() ? 0 : segs.front().s; }
};

// A reference of an instruction to a vreg (register, address base, predicate or guard).
struct Ref {
  VReg v;
  bool use, def;  // def: a full (killing) def; partial defs are use + def
};

bool is_pred_class(const MFunction& f, VReg v) { return f.vregs[v].cls == RegClass::pred; }

// Register references of instruction `m`, in operand order (the guard first).
void refs_of(const MFunction& f, const MInst& m, std::vector<Ref>& out) {
  out.clear();
  if (m.is_label) return;
  bool guarded = m.guard != kNoReg;
  if (guarded) out.push_back({m.guard, true, false});
  for (const MOp& o : m.ops) {
    if (o.v == kNoReg) continue;
    if (o.kind == MOp::Kind::reg || o.kind == MOp::Kind::pred) {
      if (!o.def) {
        out.push_back({o.v, true, false});
        continue;
      }
      bool full = o.kind == MOp::Kind::pred ||
                  (o.sub == 0 && o.words >= class_words(f.vregs[o.v].cls)) || o.undef;
      if (full && !guarded)
        out.push_back({o.v, false, true});
      else
        out.push_back({o.v, true, true});  // merges into the old value: read it too
    } else if (o.kind == MOp::Kind::addr) {
      out.push_back({o.v, true, false});
    }
  }
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
  // ---- control flow and liveness
  struct Block {
    uint32_t first = 0, last = 0;  // instruction indices [first, last]
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
      bool falls = !m.ends_block();
      if (!m.is_label && m.is_branch()) {
        for (const MOp& o : m.ops)
          if (o.kind == MOp::Kind::label) {
            int p = label_pos[o.imm];
            if (p < 0) throw InputError(path_, m.line, "internal: branch to an unplaced label");
            b.succ.push_back(block_of_[static_cast<size_t>(p)]);
          }
      }
      if (falls && bi + 1 < blocks_.size()) b.succ.push_back(static_cast<uint32_t>(bi + 1));
    }
    // Loop depth: instructions between a backward branch and its target.
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

  void liveness() {
    size_t nv = f_.vregs.size();
    size_t words = (nv + 63) / 64;
    std::vector<Ref> refs;
    for (Block& b : blocks_) {
      b.in.assign(words, 0);
      b.out.assign(words, 0);
      b.gen.assign(words, 0);
      b.kill.assign(words, 0);
      for (uint32_t i = b.first; i <= b.last; ++i) {
        refs_of(f_, f_.code[i], refs);
        for (const Ref& r : refs)
          if (r.use && !(b.kill[r.v / 64] >> (r.v % 64) & 1)) b.gen[r.v / 64] |= uint64_t(1) << (r.v % 64);
        for (const Ref& r : refs)
          if (r.def) b.kill[r.v / 64] |= uint64_t(1) << (r.v % 64);
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
    size_t nv = f_.vregs.size();
    iv_.assign(nv, Interval{});
    std::vector<uint32_t> end(nv, 0);
    std::vector<char> live(nv, 0);
    std::vector<Ref> refs;
    for (size_t bi = blocks_.size(); bi-- > 0;) {
      const Block& b = blocks_[bi];
      uint32_t from = 2 * b.first, to = 2 * (b.last + 1);
      std::vector<VReg> live_list;
      for (size_t w = 0; w < b.out.size(); ++w)
        for (uint64_t bits = b.out[w]; bits; bits &= bits - 1) {
          VReg v = static_cast<VReg>(w * 64 + static_cast<unsigned>(__builtin_ctzll(bits)));
          live[v] = 1;
          end[v] = to;
          live_list.push_back(v);
        }
      for (uint32_t i = b.last + 1; i-- > b.first;) {
        const MInst& m = f_.code[i];
        refs_of(f_, m, refs);
        uint32_t dpos = m.early_clobber ? 2 * i : 2 * i + 1;
        for (const Ref& r : refs) {
          iv_[r.v].used = true;
          double w = std::pow(8.0, std::min(depth_[i], 4u));
          iv_[r.v].weight += w;
          if (!r.def) continue;
          if (live[r.v]) {
            iv_[r.v].segs.push_back({dpos, end[r.v]});
            live[r.v] = 0;
          } else {
            iv_[r.v].segs.push_back({dpos, 2 * i + 2});
          }
        }
        for (const Ref& r : refs) {
          if (!r.use) continue;
          if (!live[r.v]) {
            live[r.v] = 1;
            end[r.v] = r.def ? 2 * i + 2 : 2 * i + 1;
            live_list.push_back(r.v);
          } else if (r.def) {
            end[r.v] = std::max(end[r.v], 2 * i + 2);
          }
        }
      }
      for (VReg v : live_list)
        if (live[v]) {
          iv_[v].segs.push_back({from, end[v]});
          live[v] = 0;
        }
    }
    for (VReg v = 0; v < nv; ++v) {
      auto& s = iv_[v].segs;
      std::sort(s.begin(), s.end(), [](const Seg& a, const Seg& b) { return a.s < b.s; });
      std::vector<Seg> merged;
      for (const Seg& x : s) {
        if (!merged.empty() && x.s <= merged.back().e)
          merged.back().e = std::max(merged.back().e, x.e);
        else
          merged.push_back(x);
      }
      s = std::move(merged);
      uint32_t len = 0;
      for (const Seg& x : s) len += x.e - x.s;
      iv_[v].weight = iv_[v].weight / (len + 4.0);
      iv_[v].spillable = !nospill_[v];
    }
  }

  void analyze() {
    build_blocks();
    liveness();
    intervals();
  }

  static bool overlap(const std::vector<Seg>& a, const std::vector<Seg>& b) {
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
      if (a[i].e <= b[j].s)
        ++i;
      else if (b[j].e <= a[i].s)
        ++j;
      else
        return true;
    }
    return false;
  }

  // ---- copy coalescing (Chaitin's rule): a whole-register copy d = s lets d and s share a
  // register unless one of them is written while the other is live (the copy itself
  // excepted, where both hold the same value). The copy then disappears.
  static bool covers(const std::vector<Seg>& segs, uint32_t p) {
    auto it = std::lower_bound(segs.begin(), segs.end(), p,
                               [](const Seg& a, uint32_t pos) { return a.e <= pos; });
    return it != segs.end() && it->s <= p;
  }

  void coalesce() {
    bool any = false;
    for (const MInst& m : f_.code)
      if (!m.is_label && m.opcode == "%COPY") any = true;
    if (!any) return;
    analyze();
    size_t nv = f_.vregs.size();
    std::vector<VReg> rep(nv);
    std::iota(rep.begin(), rep.end(), 0);
    auto find = [&](VReg v) {
      while (rep[v] != v) v = rep[v] = rep[rep[v]];
      return v;
    };
    std::vector<std::vector<Seg>> segs(nv);
    for (VReg v = 0; v < nv; ++v) segs[v] = iv_[v].segs;
    std::vector<std::vector<uint32_t>> defs(nv);
    for (size_t i = 0; i < f_.code.size(); ++i) {
      const MInst& m = f_.code[i];
      if (m.is_label) continue;
      for (const MOp& o : m.ops)
        if (o.def && o.v != kNoReg)
          defs[o.v].push_back(static_cast<uint32_t>(m.early_clobber ? 2 * i : 2 * i + 1));
    }
    for (size_t i = 0; i < f_.code.size(); ++i) {
      const MInst& m = f_.code[i];
      if (m.is_label || m.opcode != "%COPY" || m.guard != kNoReg) continue;
      VReg d0 = m.ops[0].v, s0 = m.ops[1].v;
      if (d0 == kNoReg || s0 == kNoReg) continue;
      if (m.ops[1].sub != 0 || m.ops[1].words != class_words(f_.vregs[s0].cls)) continue;
      VReg d = find(d0), s = find(s0);
      if (d == s) continue;
      if (is_pred_class(f_, d) || is_pred_class(f_, s) ||
          class_words(f_.vregs[d].cls) != class_words(f_.vregs[s].cls))
        continue;
      uint32_t copy_pos = static_cast<uint32_t>(2 * i + 1);
      bool ok = true;
      for (uint32_t p : defs[s])
        if (covers(segs[d], p)) ok = false;
      for (uint32_t p : defs[d])
        if (ok && p != copy_pos && covers(segs[s], p)) ok = false;
      if (!ok) continue;
      std::vector<Seg> u;
      std::merge(segs[d].begin(), segs[d].end(), segs[s].begin(), segs[s].end(),
                 std::back_inserter(u), [](const Seg& x, const Seg& y) { return x.s < y.s; });
      std::vector<Seg> merged;
      for (const Seg& x : u) {
        if (!merged.empty() && x.s <= merged.back().e)
          merged.back().e = std::max(merged.back().e, x.e);
        else
          merged.push_back(x);
      }
      VReg keep = std::min(d, s), gone = std::max(d, s);
      rep[gone] = keep;
      segs[keep] = std::move(merged);
      segs[gone].clear();
      std::vector<uint32_t> dd;
      for (uint32_t p : defs[d])
        if (p != copy_pos) dd.push_back(p);
      for (uint32_t p : defs[s]) dd.push_back(p);
      defs[keep] = std::move(dd);
      defs[gone].clear();
    }
    std::vector<MInst> out;
    out.reserve(f_.code.size());
    for (MInst& m : f_.code) {
      if (m.guard != kNoReg) m.guard = find(m.guard);
      for (MOp& o : m.ops)
        if (o.v != kNoReg && (o.kind == MOp::Kind::reg || o.kind == MOp::Kind::pred ||
                              o.kind == MOp::Kind::addr))
          o.v = find(o.v);
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
    static const char* const kEffects[] = {"ST",   "ATOM",  "RED",  "BAR",       "MEMBAR",
                                           "BRA",  "CALL",  "RET",  "EXIT",      "TRAP",
                                           "NANOSLEEP", "NOP", "LD", "BAR.SYNC", "CVTA"};
    std::string mn = m.mnemonic();
    for (const char* e : kEffects)
      if (mn == e) return false;
    return !m.is_label;
  }

  void remove_dead_code() {
    for (int round = 0; round < 16; ++round) {
      analyze();
      size_t words = (f_.vregs.size() + 63) / 64;
      std::vector<char> dead(f_.code.size(), 0);
      std::vector<Ref> refs;
      bool any = false;
      for (const Block& b : blocks_) {
        std::vector<uint64_t> live = b.out;
        live.resize(words, 0);
        for (uint32_t i = b.last + 1; i-- > b.first;) {
          const MInst& m = f_.code[i];
          refs_of(f_, m, refs);
          bool has_def = false, live_def = false;
          for (const MOp& o : m.ops) {
            if (!o.def || o.v == kNoReg) continue;
            has_def = true;
            if (live[o.v / 64] >> (o.v % 64) & 1) live_def = true;
          }
          if (!m.is_label && pure(m) && has_def && !live_def) {
            dead[i] = 1;
            any = true;
            continue;
          }
          for (const Ref& r : refs)
            if (r.def && !r.use) live[r.v / 64] &= ~(uint64_t(1) << (r.v % 64));
          for (const Ref& r : refs)
            if (r.use) live[r.v / 64] |= uint64_t(1) << (r.v % 64);
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

  // ---- assignment
  struct Occ {
    uint32_t s, e;
    VReg v;
  };

  // Assigned values overlapping `segs` on physical register r.
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

  void place(VReg v, unsigned base, unsigned r, unsigned w) {
    for (unsigned k = 0; k < w; ++k) {
      auto& o = occ_[base + r + k];
      for (const Seg& x : iv_[v].segs) {
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
    bool pr = is_pred_class(f_, v);
    unsigned base = pr ? kGprs : 0;
    unsigned w = pr ? 1 : class_words(f_.vregs[v].cls);
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
    for (VReg v = 0; v < nv; ++v)
      if (iv_[v].used && !iv_[v].segs.empty()) order.push_back(v);
    std::stable_sort(order.begin(), order.end(), [&](VReg a, VReg b) {
      if (iv_[a].start() != iv_[b].start()) return iv_[a].start() < iv_[b].start();
      return class_words(f_.vregs[a].cls) > class_words(f_.vregs[b].cls);
    });
    occ_.assign(kGprs + kPreds, {});
    std::vector<char> spilled(nv, 0);
    const double inf = std::numeric_limits<double>::infinity();
    for (VReg v : order) {
      bool pr = is_pred_class(f_, v);
      unsigned base = pr ? kGprs : 0;
      unsigned nregs = pr ? kPreds : kGprs;
      unsigned w = pr ? 1 : class_words(f_.vregs[v].cls);
      bool done = false;
      for (unsigned r = 0; r + w <= nregs && !done; r += w) {
        bool ok = true;
        for (unsigned k = 0; k < w && ok; ++k) ok = free_at(iv_[v].segs, base + r + k);
        if (ok) {
          place(v, base, r, w);
          done = true;
        }
      }
      if (done) continue;
      // Evict the cheapest set of values occupying some register group, or spill v itself.
      double best = iv_[v].spillable ? iv_[v].weight : inf;
      int best_r = -1;
      std::vector<VReg> best_set;
      for (unsigned r = 0; r + w <= nregs; r += w) {
        std::vector<VReg> c;
        for (unsigned k = 0; k < w; ++k) conflicts(iv_[v].segs, base + r + k, c);
        std::sort(c.begin(), c.end());
        c.erase(std::unique(c.begin(), c.end()), c.end());
        double cost = 0;
        for (VReg u : c) cost += iv_[u].spillable ? iv_[u].weight : inf;
        if (cost < best) {
          best = cost;
          best_r = static_cast<int>(r);
          best_set = std::move(c);
        }
      }
      if (best_r < 0) {
        if (!iv_[v].spillable)
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
      place(v, base, static_cast<unsigned>(best_r), w);
    }
    for (VReg v = 0; v < nv; ++v)
      if (spilled[v]) spills.push_back(v);
  }

  // ---- spill code
  void rewrite_spills(const std::vector<VReg>& spills, Allocation& a) {
    size_t nv = f_.vregs.size();
    std::vector<int64_t> slot(nv, -1);      // general values: local frame offset
    std::vector<VReg> home(nv, kNoReg);     // predicates: the general register holding them
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
    std::vector<Ref> refs;
    for (MInst& m : f_.code) {
      if (m.is_label) {
        out.push_back(std::move(m));
        continue;
      }
      refs_of(f_, m, refs);
      std::vector<std::pair<VReg, VReg>> map;  // spilled vreg -> temporary
      auto temp_for = [&](VReg v) {
        for (auto& p : map)
          if (p.first == v) return p.second;
        VReg t = f_.new_vreg(f_.vregs[v].cls);
        nospill_.push_back(1);
        map.push_back({v, t});
        return t;
      };
      bool any = false;
      for (const Ref& r : refs)
        if (slot[r.v] >= 0 || home[r.v] != kNoReg) any = true;
      if (!any) {
        out.push_back(std::move(m));
        continue;
      }
      std::vector<MInst> pre, post;
      std::vector<VReg> seen;
      for (const Ref& r : refs) {
        if (slot[r.v] < 0 && home[r.v] == kNoReg) continue;
        if (std::find(seen.begin(), seen.end(), r.v) != seen.end()) continue;
        seen.push_back(r.v);
        bool use = false, def = false;
        for (const Ref& x : refs)
          if (x.v == r.v) {
            use |= x.use;
            def |= x.def;
          }
        VReg t = temp_for(r.v);
        if (use) pre.push_back(reload(r.v, t, slot[r.v], home[r.v], m.line));
        if (def) post.push_back(save(r.v, t, slot[r.v], home[r.v], m.line));
      }
      if (m.guard != kNoReg && home[m.guard] != kNoReg) m.guard = temp_for(m.guard);
      for (MOp& o : m.ops)
        if ((o.kind == MOp::Kind::reg || o.kind == MOp::Kind::pred || o.kind == MOp::Kind::addr) &&
            o.v != kNoReg && (slot[o.v] >= 0 || home[o.v] != kNoReg))
          o.v = temp_for(o.v);
      for (MInst& p : pre) out.push_back(std::move(p));
      out.push_back(std::move(m));
      for (MInst& p : post) out.push_back(std::move(p));
    }
    f_.code = std::move(out);
  }

  static const char* width_mod(RegClass c) {
    switch (class_words(c)) {
      case 2: return "64";
      case 4: return "128";
      default: return "32";
    }
  }

  MInst reload(VReg v, VReg t, int64_t slot, VReg home, int line) const {
    MInst m;
    m.line = line;
    if (home != kNoReg) {
      m.opcode = "ISETP.NE.U32";
      m.ops = {pred_op(t, true), reg_op(home, false), imm_op(0)};
    } else {
      m.opcode = std::string("LD.L.") + width_mod(f_.vregs[v].cls);
      m.ops = {reg_op(t, true), addr_op(slot)};
    }
    return m;
  }

  MInst save(VReg v, VReg t, int64_t slot, VReg home, int line) const {
    MInst m;
    m.line = line;
    if (home != kNoReg) {
      // home = t ? 1 : 0
      m.opcode = "SEL";
      MOp p = pred_op(t, false);
      p.neg = true;
      m.ops = {reg_op(home, true), reg_op(kNoReg, false), imm_op(1), p};
      m.ops[0].undef = true;
    } else {
      m.opcode = std::string("ST.L.") + width_mod(f_.vregs[v].cls);
      m.ops = {addr_op(slot), reg_op(t, false)};
    }
    return m;
  }

  MOp reg_op(VReg v, bool def) const {
    MOp o;
    o.kind = MOp::Kind::reg;
    o.v = v;
    o.words = static_cast<uint8_t>(v == kNoReg ? 1 : class_words(f_.vregs[v].cls));
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
  std::vector<Block> blocks_;
  std::vector<uint32_t> block_of_;
  std::vector<unsigned> depth_;
  std::vector<Interval> iv_;
  std::vector<char> nospill_;
  std::vector<int> phys_;
  std::vector<std::vector<Occ>> occ_;  // R0..R254, then P0..P6
};

}  // namespace

Allocation allocate_registers(MFunction& f, const std::string& path) {
  return Allocator(f, path).run();
}

}  // namespace warpsim::isa::ptx
