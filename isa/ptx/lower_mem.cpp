// Memory: ld ldu st (every state space, generic addressing, .v2/.v4 vectors, .volatile and
// memory-order qualifiers, cache operators), call-site .param objects held in registers,
// cvta, isspacep, atom and red.
//
// Vector accesses of 4-byte or wider elements are one chip access of the whole vector into a
// register pair/quad; narrower elements are packed into (or unpacked from) 32/64-bit words.
// Eviction-priority and L2 hints (.L1::evict_last, .L2::128B, .L2::cache_hint) are dropped.
#include <algorithm>

#include "isa/address_space.h"
#include "isa/ptx/lowerer.h"

namespace warpsim::isa::ptx {

namespace {

Space space_from(const IrInst& in) {
  for (const std::string& m : in.mods) {
    if (m == "global") return Space::global;
    if (m == "shared" || m == "shared::cta") return Space::shared;
    if (m == "local") return Space::local;
    if (m == "const") return Space::const_;
    if (m == "param") return Space::param;
  }
  return Space::generic;
}

unsigned vec_of(const IrInst& in) {
  for (const std::string& m : in.mods) {
    if (m == "v2") return 2;
    if (m == "v4") return 4;
    if (m == "v8") return 8;
  }
  return 1;
}

const char* width_name(unsigned bytes, bool is_signed) {
  switch (bytes) {
    case 1: return is_signed ? "S8" : "U8";
    case 2: return is_signed ? "S16" : "U16";
    case 4: return "32";
    case 8: return "64";
    default: return "128";
  }
}

RegClass group_class(unsigned bytes) {
  return bytes >= 16 ? RegClass::r128 : bytes == 8 ? RegClass::r64 : RegClass::r32;
}

}  // namespace

std::string Lowerer::chip_space(Space s) const {
  switch (s) {
    case Space::global: return "G";
    case Space::shared: return "S";
    case Space::local: return "L";
    case Space::const_: return "C";
    case Space::param: return "P";
    case Space::generic: return "E";
    default: break;
  }
  fail("unsupported state space");
}

MOp Lowerer::address(const Value& a, Space space, VReg& /*unused*/) {
  if (a.kind != Value::Kind::addr) fail("expected an address [..]");
  int64_t off = a.offset;
  bool wide = space == Space::global || space == Space::generic;
  if (a.has_sym) {
    const Symbol& s = a.sym;
    Space home = Space::none;
    switch (s.kind) {
      case SymKind::global_var: home = Space::global; break;
      case SymKind::const_var: home = Space::const_; break;
      case SymKind::shared_var:
      case SymKind::extern_shared: home = Space::shared; break;
      case SymKind::local_var: home = Space::local; break;
      case SymKind::kernel_param: home = Space::param; break;
      case SymKind::func_addr: fail("cannot access memory at function " + s.name);
    }
    bool ok = home == space || (space == Space::generic && home == Space::global);
    if (!ok)
      fail(std::string(space_name(home)) + " variable " + s.name + " accessed as ." +
           space_name(space) + " memory");
    uint64_t addr_v = symbol_address(s, 0) + static_cast<uint64_t>(off);
    int64_t sv = static_cast<int64_t>(addr_v);
    if (sv < INT32_MIN || sv > INT32_MAX) {
      VReg r = tmp(RegClass::r64);
      mov_imm(r, addr_v);
      return addr(r, 0, 2, 0);
    }
    return addr(kNoReg, 0, wide ? 2 : 1, sv);
  }
  if (off < INT32_MIN || off > INT32_MAX) fail("address offset out of range");
  if (a.elems.empty()) return addr(kNoReg, 0, wide ? 2 : 1, off);
  const Value& b = a.elems[0];
  if (space == Space::param) unsupported("param-space access through a register");
  if (wide) {
    if (words(b.reg) != 2) fail("a " + std::string(space_name(space)) + " address needs a 64-bit register");
    return addr(b.reg, 0, 2, off);
  }
  return addr(b.reg, 0, 1, off);  // window offsets: the low word of a 64-bit register
}

void Lowerer::load_store(bool load, Space space, Type t, unsigned vec, const Value& data,
                         const Value& a, const std::string& cache, bool is_volatile) {
  VReg unused = kNoReg;
  MOp ad = address(a, space, unused);
  std::string sp = chip_space(space);
  std::string cop;
  if (space == Space::global || space == Space::generic) {
    if (is_volatile) cop = ".VOLATILE";
    else if (!cache.empty()) cop = "." + cache;
  }
  unsigned eb = type_bytes(t);
  if (t == Type::pred) fail("predicates cannot be loaded or stored");
  bool sg = is_signed(t);
  std::vector<Value> elems;
  if (vec == 1) {
    elems.push_back(data);
  } else {
    if (data.kind != Value::Kind::vec || data.elems.size() != vec)
      fail("expects a vector of " + std::to_string(vec) + " registers");
    elems = data.elems;
  }
  unsigned total = eb * vec;
  auto access = [&](unsigned bytes, bool sign, MOp reg, int64_t extra) {
    MOp x = ad;
    x.imm = static_cast<uint64_t>(static_cast<int64_t>(x.imm) + extra);
    std::string m = std::string(load ? "LD." : "ST.") + sp + cop + "." + width_name(bytes, load && sign);
    if (load)
      emit(m, {reg, x});
    else
      emit(m, {x, reg});
  };

  if (vec == 1) {
    const Value& v = data;
    if (load) {
      if (v.kind == Value::Kind::sink) {
        VReg r = tmp(group_class(eb));
        access(eb, sg, def(r), 0);
        return;
      }
      VReg d = dst_reg(v);
      unsigned dw = words(d);
      unsigned need = std::max(1u, eb / 4);
      if (dw < need) fail("destination register is narrower than the loaded type");
      if (dw == need) {
        access(eb, sg, def(d), 0);
      } else {
        // A narrower type into a wider register: extend (by the type's signedness).
        VReg lo = tmp(group_class(eb));
        access(eb, sg, def(lo), 0);
        VReg out = tmp(cls(d));
        copy_words(out, 0, use(lo, 0, need), need);
        for (unsigned w = need; w < dw; ++w) {
          if (sg)
            emit("SHR.S32", {def(out, w, 1), use(lo, need - 1, 1), imm(31)});
          else
            emit("MOV", {def(out, w, 1), imm(0)});
        }
        copy(d, out);
      }
    } else {
      MOp s = src(v, eb < 4 ? Type::b32 : t);
      if (s.kind == MOp::Kind::imm) s = use(src_reg(v, eb < 4 ? Type::b32 : t));
      access(eb, false, s, 0);
    }
    return;
  }

  if (eb >= 4) {
    // One access per 16 bytes; elements are words of the register group.
    unsigned ew = eb / 4;
    for (unsigned chunk = 0; chunk * 16 < total; ++chunk) {
      unsigned bytes = std::min(16u, total - chunk * 16);
      unsigned first = chunk * 16 / eb, count = bytes / eb;
      VReg g = tmp(group_class(bytes));
      if (load) {
        access(bytes, false, def(g), chunk * 16);
        for (unsigned i = 0; i < count; ++i) {
          const Value& e = elems[first + i];
          if (e.kind == Value::Kind::sink) continue;
          VReg d = dst_reg(e);
          if (words(d) != ew) fail("vector element register has the wrong size");
          copy_words(d, 0, use(g, i * ew, ew), ew);
        }
      } else {
        for (unsigned i = 0; i < count; ++i) copy_words(g, i * ew, src(elems[first + i], t), ew);
        access(bytes, false, use(g, 0, words(g)), chunk * 16);
      }
    }
    return;
  }

  // Elements narrower than a word: one access of the whole vector, packed in words.
  if (total > 16) fail("vector too large");
  unsigned gb = std::max(total, 4u);
  VReg g = tmp(group_class(gb));
  unsigned per_word = 4 / eb;
  if (load) {
    access(total, false, def(g), 0);
    for (unsigned i = 0; i < vec; ++i) {
      const Value& e = elems[i];
      if (e.kind == Value::Kind::sink) continue;
      VReg d = dst_reg(e);
      unsigned w = i / per_word, sh = (i % per_word) * eb * 8;
      VReg x = g;
      unsigned xs = w;
      if (sh) {
        x = tmp(RegClass::r32);
        xs = 0;
        emit("SHR.U32", {def(x), use(g, w, 1), imm(sh)});
      }
      if (cls(d) == RegClass::r16 && eb == 2) {
        emit("MOV", {def(d), use(x, xs, 1)});
      } else {
        VReg r = extend_reg(use(x, xs, 1), eb * 8, sg);
        emit("MOV", {def(d), use(r)});
      }
    }
  } else {
    unsigned nw = gb / 4;
    for (unsigned w = 0; w < nw; ++w) {
      VReg acc = kNoReg;
      for (unsigned k = 0; k < per_word && w * per_word + k < vec; ++k) {
        MOp s = src(elems[w * per_word + k], Type::b32);
        VReg m = tmp(RegClass::r32);
        emit("AND", {def(m), s, imm((uint64_t(1) << (eb * 8)) - 1)});
        if (k) {
          VReg sh = tmp(RegClass::r32), o = tmp(RegClass::r32);
          emit("SHL", {def(sh), use(m), imm(k * eb * 8)});
          emit("OR", {def(o), use(acc), use(sh)});
          acc = o;
        } else {
          acc = m;
        }
      }
      emit("MOV", {def(g, w, 1, w == 0 && nw > 1), use(acc)});
    }
    access(total, false, use(g, 0, words(g)), 0);
  }
}

// cp.async.{ca,cg}.shared.global [dst], [src], cp-size{, src-size}{, cache-policy} -> LDGSTS
// (LDGSTS.ZFILL with a source size); commit_group -> LDGDEPBAR; wait_group N -> DEPBAR.LE N;
// wait_all -> both. .L2::128B / .L2::256B prefetch sizes and cache policies are hints: dropped.
void Lowerer::lower_cp_async() {
  if (has("commit_group")) {
    emit("LDGDEPBAR", {});
    return;
  }
  if (has("wait_all")) {
    emit("LDGDEPBAR", {});
    emit("DEPBAR.LE", {imm(0)});
    return;
  }
  if (has("wait_group")) {
    if (nargs() != 1 || arg(0).kind != Value::Kind::imm) fail("cp.async.wait_group takes a constant group count");
    emit("DEPBAR.LE", {imm(arg(0).bits)});
    return;
  }
  if (has("bulk") || has("mbarrier") || has("shared::cluster")) unsupported("cp.async.bulk and mbarrier completion");
  if (!(has("shared") || has("shared::cta")) || !has("global")) fail("cp.async copies .global to .shared");
  size_t n = nargs();
  if (has("L2::cache_hint")) --n;  // the cache-policy operand, last
  if (n != 3 && n != 4) fail("cp.async expects [dst], [src], cp-size and an optional src-size");
  if (arg(2).kind != Value::Kind::imm) fail("cp.async's cp-size is a constant");
  const uint64_t bytes = arg(2).bits;
  if (bytes != 4 && bytes != 8 && bytes != 16) fail("cp.async copies 4, 8 or 16 bytes");
  if (has("cg") && bytes != 16) fail("cp.async.cg copies 16 bytes");
  // The shared destination as a register holding its byte offset.
  VReg unused = kNoReg;
  const MOp shared = address(arg(0), Space::shared, unused);
  MOp dst;
  if (shared.v != kNoReg && shared.imm == 0) {
    dst = use(shared.v, shared.sub, 1);
  } else {
    VReg d = tmp(RegClass::r32);
    if (shared.v == kNoReg)
      emit("MOV", {def(d), imm(shared.imm & 0xFFFFFFFFu)});
    else
      emit("IADD", {def(d), use(shared.v, shared.sub, 1), imm(shared.imm & 0xFFFFFFFFu)});
    dst = use(d);
  }
  const MOp src = address(arg(1), Space::global, unused);
  const std::string mods = std::string(has("cg") ? ".CG." : ".") + width_name(unsigned(bytes), false);
  if (n == 4) {
    emit("LDGSTS.ZFILL" + mods, {dst, src, this->src(arg(3), Type::u32)});
  } else {
    emit("LDGSTS" + mods, {dst, src});
  }
}

bool Lowerer::lower_mem() {
  const std::string& op = in().op;
  if (op == "cp" && has("async")) {
    lower_cp_async();
    return true;
  }
  if (op == "ld" || op == "ldu" || op == "st") {
    bool load = op != "st";
    Space space = space_from(in());
    if (has("shared::cluster")) unsupported("distributed shared memory");
    std::string cache;
    for (const char* c : {"ca", "cg", "cs", "lu", "cv", "nc"})
      if (has(c)) cache = std::string(1, static_cast<char>(c[0] - 32)) + static_cast<char>(c[1] - 32);
    if (!load && has("wt")) cache = "CV";
    if (op == "ldu") cache = "NC";
    if (load && cache.empty() && (has("relaxed") || has("acquire")) && (has("gpu") || has("sys")))
      cache = "CG";
    bool is_volatile = has("volatile") || has("mmio");
    size_t n = nargs();
    // .L2::cache_hint carries a cache-policy operand last: ignore it.
    if (n == 3) --n;
    if (n != 2) fail("expects 2 operands");
    Type t = type();
    const Value& data = load ? arg(0) : arg(1);
    const Value& a = load ? arg(1) : arg(0);
    load_store(load, space, t, vec_of(in()), data, a, cache, is_volatile);
    return true;
  }
  if (op == "%ldobj" || op == "%stobj") {
    bool load = op == "%ldobj";
    Type t = type();
    unsigned vec = vec_of(in());
    unsigned eb = type_bytes(t);
    const Value& data = arg(0);
    const Value& obj = arg(1);
    VReg o = obj.reg;
    std::vector<Value> elems = vec == 1 ? std::vector<Value>{data} : data.elems;
    if (elems.size() != vec) fail("vector operand size mismatch");
    for (unsigned i = 0; i < vec; ++i) {
      int64_t off = obj.offset + static_cast<int64_t>(i * eb);
      if (off < 0 || static_cast<uint64_t>(off) + eb > 4u * words(o))
        fail("access outside the .param object");
      unsigned w = static_cast<unsigned>(off / 4), sh = static_cast<unsigned>(off % 4) * 8;
      const Value& e = elems[i];
      if (eb >= 4) {
        if (sh) fail("misaligned .param access");
        unsigned ew = eb / 4;
        if (load) {
          if (e.kind == Value::Kind::sink) continue;
          VReg d = dst_reg(e);
          if (words(d) < ew) fail("destination narrower than the .param type");
          copy_words(d, 0, use(o, w, ew), ew);
          for (unsigned k = ew; k < words(d); ++k) emit("MOV", {def(d, k, 1), imm(0)});
        } else {
          copy_words(o, w, src(e, t), ew);
        }
        continue;
      }
      uint32_t mask = static_cast<uint32_t>(((uint64_t(1) << (eb * 8)) - 1) << sh);
      if (load) {
        if (e.kind == Value::Kind::sink) continue;
        VReg d = dst_reg(e);
        VReg x = tmp(RegClass::r32);
        emit("SHR.U32", {def(x), use(o, w, 1), imm(sh)});
        VReg r = extend_reg(use(x), eb * 8, is_signed(t));
        if (words(d) == 2) {
          copy_words(d, 0, use(r), 1);
          if (is_signed(t))
            emit("SHR.S32", {def(d, 1, 1), use(r), imm(31)});
          else
            emit("MOV", {def(d, 1, 1), imm(0)});
        } else {
          emit("MOV", {def(d), use(r)});
        }
      } else {
        VReg x = tmp(RegClass::r32), y = tmp(RegClass::r32), k = tmp(RegClass::r32);
        emit("SHL", {def(x), src(e, Type::b32), imm(sh)});
        emit("AND", {def(y), use(x), imm(mask)});
        emit("AND", {def(k), use(o, w, 1), imm(~mask)});
        emit("OR", {def(o, w, 1), use(k), use(y)});
      }
    }
    return true;
  }
  if (op == "cvta") {
    bool to = has("to");
    Space s = space_from(in());
    VReg d = dst_reg(arg(0));
    if (d == kNoReg) return true;
    const Value& a = arg(1);
    Type t = type();
    if (s == Space::global && a.kind != Value::Kind::sym) {
      // Generic and global addresses coincide (global is what no window covers): a copy.
      copy(d, src_reg(a, t));
      return true;
    }
    if (s != Space::global && s != Space::shared && s != Space::local && s != Space::const_)
      unsupported("cvta to or from the ." + std::string(space_name(s)) + " space");
    std::string m = std::string(to ? "CVTA.TO." : "CVTA.") + chip_space(s) +
                    (type_bytes(t) == 8 ? ".U64" : ".U32");
    emit(m, {dst(arg(0), t), use(src_reg(a, t))});
    return true;
  }
  if (op == "isspacep") {
    // Generic addresses resolve through fixed windows (isa/address_space.h): the constant,
    // shared and local windows are adjacent, everything else is global.
    Space s = space_from(in());
    uint64_t base = 0, span = kWindowBytes;
    switch (s) {
      case Space::const_: base = kConstBase; break;
      case Space::shared: base = kSharedWindow; break;
      case Space::local: base = kLocalWindow; break;
      case Space::global:
        base = std::min({kConstBase, kSharedWindow, kLocalWindow});
        span = 3 * kWindowBytes;
        break;
      default: unsupported("isspacep of the ." + std::string(space_name(s)) + " space");
    }
    VReg a = src_reg(arg(1), Type::u64), off = tmp(RegClass::r64), b = tmp(RegClass::r64),
         lim = tmp(RegClass::r64);
    mov_imm(b, base);
    mov_imm(lim, span);
    emit("ISUB.U64", {def(off), use(a), use(b)});
    VReg in_window = tmp(RegClass::pred);
    emit("ISETP.LT.U64", {pdef(in_window), use(off), use(lim)});
    emit("PLOP.AND", {pdst(arg(0)), pred(in_window, s == Space::global), pt()});
    return true;
  }
  if (op == "atom" || op == "red") {
    bool atom = op == "atom";
    Space s = space_from(in());
    if (s != Space::global && s != Space::shared && s != Space::generic)
      unsupported("atomics on ." + std::string(space_name(s)) + " memory");
    std::string aop;
    for (const char* o : {"add", "min", "max", "and", "or", "xor", "exch", "cas", "inc", "dec"})
      if (has(o)) aop = o;
    if (aop.empty()) fail("missing the atomic operation");
    if (vec_of(in()) != 1) unsupported("vector atomics");
    Type t = type();
    std::string ct;
    switch (t) {
      case Type::b32: ct = "B32"; break;
      case Type::b64: ct = "B64"; break;
      case Type::u32: ct = "U32"; break;
      case Type::s32: ct = "S32"; break;
      case Type::u64: ct = "U64"; break;
      case Type::s64: ct = "S64"; break;
      case Type::f32: ct = "F32"; break;
      case Type::f64: ct = "F64"; break;
      case Type::f16: ct = "F16"; break;
      case Type::f16x2: ct = "F16X2"; break;
      default: unsupported("atomics on ." + std::string(type_name(t)));
    }
    std::string A;
    for (char c : aop) A += static_cast<char>(c - 32);
    std::string m = std::string(atom ? "ATOM." : "RED.") + chip_space(s) + "." + A + "." + ct;
    VReg unused = kNoReg;
    size_t ai = atom ? 1 : 0;
    MOp ad = address(arg(ai), s, unused);
    std::vector<MOp> ops;
    if (atom) ops.push_back(dst(arg(0), t));
    ops.push_back(ad);
    size_t nsrc = aop == "cas" ? 2 : 1;
    if (nargs() < ai + 1 + nsrc) fail("missing operands");
    for (size_t k = 0; k < nsrc; ++k) {
      Type st = t == Type::f16 ? Type::b16 : t;
      ops.push_back(src(arg(ai + 1 + k), st));
    }
    emit(m, std::move(ops));
    return true;
  }
  return false;
}

}  // namespace warpsim::isa::ptx
