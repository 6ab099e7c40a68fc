// Integer arithmetic, bit manipulation, shifts, logic and moves: add sub (incl. .cc/addc/
// subc/.sat) mul mad (lo/hi/wide, incl. mad.cc/madc) mul24 mad24 sad div rem abs neg min max
// popc clz bfind brev bfe bfi prmt shf shl shr and or xor not cnot bmsk mov.
//
// 16-bit values live in 32-bit registers whose upper 16 bits are unspecified: operations that
// only produce low bits (add, mul.lo, shl, logic) ignore them, operations whose result depends
// on them (shr, compare, div, min/max, widening) sign- or zero-extend the source first.
#include <cctype>

#include "isa/ptx/lowerer.h"

namespace warpsim::isa::ptx {

namespace {

bool is16(Type t) { return type_bytes(t) <= 2; }
bool is64(Type t) { return type_bytes(t) == 8; }

}  // namespace

void Lowerer::int_binop(const std::string& op32, const std::string& op64, Type t) {
  if (is64(t)) {
    emit(op64, {dst(arg(0), t), src(arg(1), t), src(arg(2), t)});
  } else {
    emit(op32, {dst(arg(0), t), src(arg(1), t), src(arg(2), t)});
  }
}

VReg Lowerer::carry() {
  if (carry_ == kNoReg) carry_ = tmp(RegClass::pred);
  return carry_;
}

bool Lowerer::lower_int() {
  const std::string& op = in().op;
  static const char* const kOps[] = {"add",  "sub",  "mul",  "mad",  "mul24", "mad24", "sad",
                                     "div",  "rem",  "abs",  "neg",  "min",   "max",   "popc",
                                     "clz",  "bfind", "brev", "bfe", "bfi",   "prmt",  "shf",
                                     "shl",  "shr",  "and",  "or",   "xor",   "not",   "cnot",
                                     "bmsk", "mov",  "addc", "subc", "madc", "lop3",
                                     "dp4a", "dp2a"};
  bool known = false;
  for (const char* k : kOps)
    if (op == k) known = true;
  if (!known) return false;
  if (op == "mov") {
    Type t = type();
    if (t == Type::pred) return false;  // lower_compare
    // mov of floats is a bit copy like any other: handled here.
  } else {
    std::vector<Type> ts = types();
    if (ts.empty()) fail("missing a type modifier");
    Type t = ts.back();
    if (t == Type::pred) return false;  // predicate logic: lower_compare
    if (!is_int_type(t)) return false;  // floating point: lower_float / lower_half
  }
  Type t = type();
  bool sgn = is_signed(t);
  const char* it = chip_int(t);

  // ---- moves
  if (op == "mov") {
    const Value& d = arg(0);
    const Value& s = arg(1);
    if (d.kind == Value::Kind::vec) {  // unpack: mov.b64 {lo, hi}, x / mov.b32 {h0, h1}, x
      unsigned n = static_cast<unsigned>(d.elems.size());
      unsigned eb = type_bytes(t) / n;
      if (eb == 4) {
        for (unsigned i = 0; i < n; ++i) {
          const Value& e = d.elems[i];
          if (e.kind == Value::Kind::sink) continue;
          copy_words(dst_reg(e), 0, src_word(s, t, i), 1);
        }
        return true;
      }
      if (eb == 8 && n == 2) {  // mov.b128 {a, b}, q
        MOp q = src(s, t);
        for (unsigned i = 0; i < 2; ++i) {
          if (d.elems[i].kind == Value::Kind::sink) continue;
          VReg dv = dst_reg(d.elems[i]);
          MOp x = q;
          if (x.kind == MOp::Kind::imm) x.imm = i ? 0 : q.imm;
          else x.sub = static_cast<uint8_t>(q.sub + 2 * i);
          copy_words(dv, 0, x, 2);
        }
        return true;
      }
      if (eb == 2) {  // 16-bit pieces of a 32- or 64-bit value
        for (unsigned i = 0; i < n; ++i) {
          const Value& e = d.elems[i];
          if (e.kind == Value::Kind::sink) continue;
          MOp word = src_word(s, t, i / 2);
          if (i % 2 == 0)
            emit("MOV", {dst(e, Type::b16), word});
          else
            emit("SHR.U32", {dst(e, Type::b16), word, imm(16)});
        }
        return true;
      }
      if (eb == 1) {  // bytes of a 16- or 32-bit value
        for (unsigned i = 0; i < n; ++i) {
          const Value& e = d.elems[i];
          if (e.kind == Value::Kind::sink) continue;
          MOp word = src(s, type_bytes(t) == 2 ? Type::b16 : Type::b32);
          VReg tt = tmp(RegClass::r32);
          emit("SHR.U32", {def(tt), word, imm(8 * i)});
          emit("AND", {dst(e, Type::b16), use(tt), imm(0xFF)});
        }
        return true;
      }
      fail("bad vector unpack");
    }
    if (s.kind == Value::Kind::vec) {  // pack: mov.b64 x, {lo, hi} / mov.b32 x, {h0, h1}
      unsigned n = static_cast<unsigned>(s.elems.size());
      unsigned eb = type_bytes(t) / n;
      VReg dv = dst_reg(d);
      if (dv == kNoReg) return true;
      bool alias = false;
      for (const Value& e : s.elems)
        if (e.kind == Value::Kind::reg && e.reg == dv) alias = true;
      VReg out = alias ? tmp(cls(dv)) : dv;
      if (eb == 4) {
        for (unsigned i = 0; i < n; ++i) copy_words(out, i, src(s.elems[i], Type::b32), 1);
      } else if (eb == 8 && n == 2) {
        for (unsigned i = 0; i < 2; ++i) copy_words(out, 2 * i, src(s.elems[i], Type::b64), 2);
      } else if (eb == 2) {
        for (unsigned wd = 0; wd < n / 2; ++wd) {
          MOp lo = src(s.elems[2 * wd], Type::b16), hi = src(s.elems[2 * wd + 1], Type::b16);
          MOp o = def(out, wd, 1, wd == 0);
          if (lo.kind == MOp::Kind::imm && hi.kind == MOp::Kind::imm) {
            emit("MOV", {o, imm((lo.imm & 0xFFFF) | (hi.imm & 0xFFFF) << 16)});
          } else if (chip_accepts("PRMT")) {
            emit("PRMT", {o, lo, hi, imm(0x5410)});
          } else {
            VReg a = tmp(RegClass::r32), b = tmp(RegClass::r32);
            emit("AND", {def(a), lo, imm(0xFFFF)});
            emit("SHL", {def(b), hi, imm(16)});
            emit("OR", {o, use(a), use(b)});
          }
        }
      } else if (eb == 1) {
        VReg acc = kNoReg;
        for (unsigned i = 0; i < n; ++i) {
          VReg b = tmp(RegClass::r32);
          emit("AND", {def(b), src(s.elems[i], Type::b16), imm(0xFF)});
          if (i) {
            VReg sh = tmp(RegClass::r32);
            emit("SHL", {def(sh), use(b), imm(8 * i)});
            VReg a2 = tmp(RegClass::r32);
            emit("OR", {def(a2), use(acc), use(sh)});
            acc = a2;
          } else {
            acc = b;
          }
        }
        emit("MOV", {def(out), use(acc)});
      } else {
        fail("bad vector pack");
      }
      if (alias) copy(dv, out);
      return true;
    }
    if (d.kind != Value::Kind::reg) fail("destination must be a register");
    if (s.kind == Value::Kind::sreg) {
      MOp o = src(s, t);
      unsigned n = std::min<unsigned>(o.words, words(d.reg));
      copy_words(d.reg, 0, o, n);
      for (unsigned w = n; w < words(d.reg); ++w) emit("MOV", {def(d.reg, w, 1), imm(0)});
      return true;
    }
    if (s.kind == Value::Kind::reg) {
      if (cls(s.reg) == RegClass::pred) fail("use selp to move a predicate into a register");
      unsigned dw = words(d.reg), sw = words(s.reg);
      unsigned n = std::min(dw, sw);
      copy_words(d.reg, 0, use(s.reg, 0, n), n);
      for (unsigned w = n; w < dw; ++w) emit("MOV", {def(d.reg, w, 1), imm(0)});
      return true;
    }
    MOp o = src(s, t);
    if (o.kind == MOp::Kind::imm) {
      mov_imm(d.reg, o.imm);
      return true;
    }
    fail("bad mov source");
  }

  // ---- add / sub with carry
  bool cc = has("cc");
  if (op == "addc" || op == "subc" || ((op == "add" || op == "sub") && cc)) {
    bool add = op == "add" || op == "addc";
    bool with_in = op == "addc" || op == "subc";
    VReg c = carry();
    unsigned nw = is64(t) ? 2 : 1;
    const char* first = add ? (with_in ? "IADDX" : "IADD.CC") : (with_in ? "ISUBX" : "ISUB.CC");
    const char* rest = add ? "IADDX" : "ISUBX";
    VReg dv = dst_reg(arg(0));
    bool alias = false;
    for (size_t i = 1; i < 3; ++i)
      if (arg(i).kind == Value::Kind::reg && arg(i).reg == dv) alias = true;
    VReg out = (nw == 2 && alias) ? tmp(RegClass::r64) : dv;
    for (unsigned w = 0; w < nw; ++w) {
      bool in_c = w > 0 || with_in;
      bool out_c = w + 1 < nw || cc;
      std::vector<MOp> ops;
      ops.push_back(out == kNoReg ? def(kNoReg) : def(out, w, 1, w == 0 && nw == 2));
      ops.push_back(out_c ? pdef(c) : ptdef());
      ops.push_back(src_word(arg(1), t, w));
      ops.push_back(src_word(arg(2), t, w));
      if (in_c) ops.push_back(pred(c));
      emit(w == 0 ? first : rest, std::move(ops));
    }
    if (out != dv && dv != kNoReg) copy(dv, out);
    return true;
  }
  if ((op == "mad" || op == "madc") && (cc || op == "madc")) {
    if (is64(t)) unsupported("64-bit mad with carry");
    bool hi = has("hi");
    VReg p = tmp(RegClass::r32);
    emit(std::string(hi ? "IMUL.HI." : "IMUL.LO.") + it, {def(p), src(arg(1), t), src(arg(2), t)});
    VReg c = carry();
    std::vector<MOp> ops{dst(arg(0), t),
                         cc ? pdef(c) : ptdef(), use(p),
                         src(arg(3), t)};
    if (op == "madc") {
      ops.push_back(pred(c));
      emit("IADDX", std::move(ops));
    } else {
      emit("IADD.CC", std::move(ops));
    }
    return true;
  }

  if (op == "add" || op == "sub") {
    bool add = op == "add";
    if (has("sat")) {
      if (t != Type::s32) unsupported();
      VReg r = tmp(RegClass::r32), x1 = tmp(RegClass::r32), x2 = tmp(RegClass::r32),
           x3 = tmp(RegClass::r32), s = tmp(RegClass::r32), sv = tmp(RegClass::r32);
      VReg a = src_reg(arg(1), t);
      VReg b = src_reg(arg(2), t);
      VReg pv = tmp(RegClass::pred);
      emit(add ? "IADD.S32" : "ISUB.S32", {def(r), use(a), use(b)});
      // Overflow: add when a and b agree in sign and r differs; sub when a and b differ and r
      // differs from a.
      emit("XOR", {def(x1), use(a), use(r)});
      emit("XOR", {def(x2), add ? use(b) : use(a), add ? use(r) : use(b)});
      emit("AND", {def(x3), use(x1), use(x2)});
      emit("ISETP.LT.S32", {pdef(pv), use(x3), imm(0)});
      emit("SHR.S32", {def(s), use(a), imm(31)});
      emit("XOR", {def(sv), use(s), imm(0x7FFFFFFF)});
      emit("SEL", {dst(arg(0), t), use(sv), use(r), pred(pv)});
      return true;
    }
    if (add && arg(1).kind == Value::Kind::imm && arg(2).kind != Value::Kind::imm) {
      emit(std::string("IADD.") + it, {dst(arg(0), t), src(arg(2), t), src(arg(1), t)});
      return true;
    }
    int_binop(std::string(add ? "IADD." : "ISUB.") + it, std::string(add ? "IADD." : "ISUB.") + it, t);
    return true;
  }

  // ---- multiplication (IMUL/IMAD .LO .HI .WIDE; 16-bit .hi/.wide extend and use 32 bits)
  if (op == "mul24" || op == "mad24") {
    if (!has("lo")) unsupported("only .lo is supported");
    if (t != Type::s32 && t != Type::u32) unsupported();
    VReg a = extend_reg(src(arg(1), t), 24, sgn), b = extend_reg(src(arg(2), t), 24, sgn);
    if (op == "mul24")
      emit(std::string("IMUL.LO.") + it, {dst(arg(0), t), use(a), use(b)});
    else
      emit(std::string("IMAD.LO.") + it, {dst(arg(0), t), use(a), use(b), src(arg(3), t)});
    return true;
  }
  if (op == "mul" || op == "mad") {
    bool mad = op == "mad";
    bool hi = has("hi"), wide = has("wide");
    if (has("sat")) unsupported();
    if (wide && is64(t)) fail(".wide takes 16- or 32-bit sources");
    if (is16(t) && (hi || wide)) {
      VReg a = extend16(arg(1), sgn), b = extend16(arg(2), sgn);
      if (wide) {
        if (mad)
          emit(std::string("IMAD.LO.") + (sgn ? "S32" : "U32"),
               {dst(arg(0), Type::b32), use(a), use(b), src(arg(3), Type::b32)});
        else
          emit("IMUL.LO.U32", {dst(arg(0), Type::b32), use(a), use(b)});
        return true;
      }
      VReg p = tmp(RegClass::r32);
      emit("IMUL.LO.U32", {def(p), use(a), use(b)});
      if (mad) {
        VReg q = tmp(RegClass::r32);
        emit(sgn ? "SHR.S32" : "SHR.U32", {def(q), use(p), imm(16)});
        emit("IADD.S32", {dst(arg(0), t), use(q), src(arg(3), t)});
      } else {
        emit(sgn ? "SHR.S32" : "SHR.U32", {dst(arg(0), t), use(p), imm(16)});
      }
      return true;
    }
    std::string part = wide ? "WIDE." : hi ? "HI." : "LO.";
    Type rt = wide ? Type::b64 : t;
    const Value* a = &arg(1);
    const Value* b = &arg(2);
    if (a->kind == Value::Kind::imm && b->kind != Value::Kind::imm) std::swap(a, b);
    if (mad)
      emit("IMAD." + part + it, {dst(arg(0), rt), src(*a, t), src(*b, t), src(arg(3), rt)});
    else
      emit("IMUL." + part + it, {dst(arg(0), rt), src(*a, t), src(*b, t)});
    return true;
  }
  if (op == "sad") {
    if (is64(t)) unsupported();
    MOp a = is16(t) ? use(extend16(arg(1), sgn)) : src(arg(1), t);
    MOp b = is16(t) ? use(extend16(arg(2), sgn)) : src(arg(2), t);
    VReg mx = tmp(RegClass::r32), mn = tmp(RegClass::r32), df = tmp(RegClass::r32);
    emit(std::string("IMAX.") + it, {def(mx), a, b});
    emit(std::string("IMIN.") + it, {def(mn), a, b});
    emit("ISUB.S32", {def(df), use(mx), use(mn)});
    emit("IADD.S32", {dst(arg(0), t), use(df), src(arg(3), t)});
    return true;
  }
  if (op == "div" || op == "rem") {
    std::string m = op == "div" ? "IDIV." : "IREM.";
    if (is16(t)) {
      VReg a = extend16(arg(1), sgn), b = extend16(arg(2), sgn);
      emit(m + (sgn ? "S32" : "U32"), {dst(arg(0), t), use(a), use(b)});
      return true;
    }
    emit(m + it, {dst(arg(0), t), src(arg(1), t), src(arg(2), t)});
    return true;
  }
  if (op == "abs" || op == "neg") {
    if (op == "abs" && !sgn) fail("abs needs a signed type");
    MOp x = is16(t) ? use(extend16(arg(1), true)) : src(arg(1), t);
    emit(std::string(op == "abs" ? "IABS." : "INEG.") + (is64(t) ? "S64" : "S32"), {dst(arg(0), t), x});
    return true;
  }
  if (op == "min" || op == "max") {
    bool mx = op == "max";
    MOp a = is16(t) ? use(extend16(arg(1), sgn)) : src(arg(1), t);
    MOp b = is16(t) ? use(extend16(arg(2), sgn)) : src(arg(2), t);
    if (a.kind == MOp::Kind::imm && b.kind != MOp::Kind::imm) std::swap(a, b);
    if (has("relu") && is64(t)) unsupported();
    std::string m = std::string(mx ? "IMAX." : "IMIN.") + it;
    if (has("relu")) {
      VReg r = tmp(RegClass::r32);
      emit(m, {def(r), a, b});
      emit("IMAX.S32", {dst(arg(0), t), use(r), imm(0)});
    } else {
      emit(m, {dst(arg(0), t), a, b});
    }
    return true;
  }

  // ---- bit counting and manipulation
  if (op == "popc" || op == "clz") {
    emit(std::string(op == "popc" ? "POPC." : "CLZ.") + (is64(t) ? "B64" : "B32"),
         {dst(arg(0), Type::u32), src(arg(1), t)});
    return true;
  }
  auto clz64 = [&](const Value& v) {
    VReg r = tmp(RegClass::r32);
    emit("CLZ.B64", {def(r), src(v, Type::b64)});
    return r;
  };
  if (op == "bfind") {
    // Position of the most significant non-sign bit (0xFFFFFFFF when there is none);
    // .shiftamt: the left shift that brings it to the top instead.
    bool shiftamt = has("shiftamt");
    unsigned bits = is64(t) ? 64 : 32;
    Value x = arg(1);
    VReg c;
    if (sgn) {
      // Negative values search their complement.
      VReg p = tmp(RegClass::pred);
      emit("ISETP.LT.S32", {pdef(p), src_word(x, t, bits == 64 ? 1 : 0), imm(0)});
      VReg nx = tmp(bits == 64 ? RegClass::r64 : RegClass::r32);
      for (unsigned w = 0; w < bits / 32; ++w) {
        VReg inv = tmp(RegClass::r32);
        emit("NOT", {def(inv), src_word(x, t, w)});
        emit("SEL", {def(nx, w, 1, w == 0), use(inv), src_word(x, t, w), pred(p)});
      }
      Value nv;
      nv.kind = Value::Kind::reg;
      nv.reg = nx;
      if (bits == 64) {
        c = clz64(nv);
      } else {
        c = tmp(RegClass::r32);
        emit("CLZ.B32", {def(c), use(nx)});
      }
    } else if (bits == 64) {
      c = clz64(x);
    } else {
      c = tmp(RegClass::r32);
      emit("CLZ.B32", {def(c), src(x, t)});
    }
    if (shiftamt) {
      VReg p = tmp(RegClass::pred), all = tmp(RegClass::r32);
      emit("ISETP.EQ.U32", {pdef(p), use(c), imm(bits)});
      emit("MOV", {def(all), imm(0xFFFFFFFFu)});
      emit("SEL", {dst(arg(0), Type::u32), use(all), use(c), pred(p)});
    } else {
      emit("ISUB.S32", {dst(arg(0), Type::u32), imm(bits - 1), use(c)});
    }
    return true;
  }
  if (op == "brev") {
    emit(std::string("BREV.") + (is64(t) ? "B64" : "B32"), {dst(arg(0), t), src(arg(1), t)});
    return true;
  }
  if (op == "bfe") {
    emit(std::string("BFE.") + it, {dst(arg(0), t), src(arg(1), t), src(arg(2), Type::u32),
                                    src(arg(3), Type::u32)});
    return true;
  }
  if (op == "bfi") {
    emit(std::string("BFI.") + (is64(t) ? "B64" : "B32"),
         {dst(arg(0), t), src(arg(1), t), src(arg(2), t), src(arg(3), Type::u32),
          src(arg(4), Type::u32)});
    return true;
  }
  if (op == "prmt") {
    for (const char* mode : {"f4e", "b4e", "rc8", "ecl", "ecr", "rc16"})
      if (has(mode)) unsupported("prmt modes other than the default");
    emit("PRMT", {dst(arg(0), Type::b32), src(arg(1), Type::b32), src(arg(2), Type::b32),
                  src(arg(3), Type::b32)});
    return true;
  }
  if (op == "shf") {
    std::string m = std::string("SHF.") + (has("l") ? "L" : "R") + (has("wrap") ? ".WRAP" : ".CLAMP");
    emit(m, {dst(arg(0), Type::b32), src(arg(1), Type::b32), src(arg(2), Type::b32),
             src(arg(3), Type::u32)});
    return true;
  }
  if (op == "bmsk") {
    VReg a = src_reg(arg(1), Type::u32), b = src_reg(arg(2), Type::u32);
    if (has("wrap")) {
      VReg a2 = tmp(RegClass::r32), b2 = tmp(RegClass::r32);
      emit("AND", {def(a2), use(a), imm(31)});
      emit("AND", {def(b2), use(b), imm(31)});
      a = a2;
      b = b2;
    }
    VReg one = tmp(RegClass::r32), m = tmp(RegClass::r32), m1 = tmp(RegClass::r32);
    emit("MOV", {def(one), imm(1)});
    emit("SHL", {def(m), use(one), use(b)});  // 0 when b >= 32
    emit("IADD.S32", {def(m1), use(m), imm(0xFFFFFFFFu)});
    emit("SHL", {dst(arg(0), Type::b32), use(m1), use(a)});
    return true;
  }

  if (op == "lop3") {
    // d bit = immLut bit (a << 2 | b << 1 | c). Shannon expansion on a: d = F0 ^ (a & (F0 ^ F1))
    // with F0 / F1 the two-input functions of (b, c) for a = 0 / 1.
    if (arg(4).kind != Value::Kind::imm) fail("the lookup table must be an immediate");
    unsigned lut = static_cast<unsigned>(arg(4).bits & 0xFF);
    MOp a = src(arg(1), Type::b32), b = src(arg(2), Type::b32), c = src(arg(3), Type::b32);
    auto fn2 = [&](unsigned tab) -> MOp {  // tab: bit (b << 1 | c)
      unsigned t4 = tab & 0xF;
      if (t4 == 0x0) return imm(0);
      if (t4 == 0xF) return imm(0xFFFFFFFFu);
      if (t4 == 0xC) return b;
      if (t4 == 0xA) return c;
      VReg r = tmp(RegClass::r32), n = tmp(RegClass::r32);
      switch (t4) {
        case 0x8: emit("AND", {def(r), b, c}); return use(r);
        case 0xE: emit("OR", {def(r), b, c}); return use(r);
        case 0x6: emit("XOR", {def(r), b, c}); return use(r);
        case 0x3: emit("NOT", {def(r), b}); return use(r);
        case 0x5: emit("NOT", {def(r), c}); return use(r);
        case 0x9: emit("XOR", {def(n), b, c}); emit("NOT", {def(r), use(n)}); return use(r);
        case 0x1: emit("OR", {def(n), b, c}); emit("NOT", {def(r), use(n)}); return use(r);
        case 0x7: emit("AND", {def(n), b, c}); emit("NOT", {def(r), use(n)}); return use(r);
        case 0x4: emit("NOT", {def(n), c}); emit("AND", {def(r), b, use(n)}); return use(r);
        case 0x2: emit("NOT", {def(n), b}); emit("AND", {def(r), use(n), c}); return use(r);
        case 0xB: emit("NOT", {def(n), b}); emit("OR", {def(r), use(n), c}); return use(r);
        default: emit("NOT", {def(n), c}); emit("OR", {def(r), b, use(n)}); return use(r);  // 0xD
      }
    };
    // Bit index a<<2|b<<1|c: F0 = lut bits 0..3 (a = 0), F1 = bits 4..7 (a = 1).
    unsigned f0 = lut & 0xF, f1 = lut >> 4;
    MOp x0 = fn2(f0);
    if (f0 == f1) {
      copy_words(dst_reg(arg(0)), 0, x0, 1);
      return true;
    }
    MOp diff = fn2(f0 ^ f1);
    VReg t1 = tmp(RegClass::r32);
    emit("AND", {def(t1), a, diff});
    emit("XOR", {dst(arg(0), Type::b32), use(t1), x0});
    return true;
  }
  if (op == "dp4a" || op == "dp2a") {
    // d = c + sum of products of the byte (dp2a: 16-bit) elements.
    std::vector<Type> ts = types();
    if (ts.size() != 2) fail("expects .atype.btype");
    bool as = is_signed(ts[0]), bs = is_signed(ts[1]);
    MOp a = src(arg(1), Type::b32), b = src(arg(2), Type::b32);
    MOp acc = src(arg(3), Type::b32);
    unsigned n = op == "dp4a" ? 4 : 2, abits = op == "dp4a" ? 8 : 16;
    unsigned bfirst = op == "dp2a" && has("hi") ? 2 : 0;
    if (op == "dp2a" && !has("hi") && !has("lo")) fail("dp2a needs .lo or .hi");
    for (unsigned i = 0; i < n; ++i) {
      VReg ea = tmp(RegClass::r32), eb = tmp(RegClass::r32), s = tmp(RegClass::r32);
      emit(as ? "BFE.S32" : "BFE.U32", {def(ea), a, imm(abits * i), imm(abits)});
      emit(bs ? "BFE.S32" : "BFE.U32", {def(eb), b, imm(8 * (bfirst + i)), imm(8)});
      emit("IMAD.LO.U32", {def(s), use(ea), use(eb), acc});
      acc = use(s);
    }
    copy_words(dst_reg(arg(0)), 0, acc, 1);
    return true;
  }

  // ---- shifts
  if (op == "shl" || op == "shr") {
    bool left = op == "shl";
    bool arith = !left && sgn;
    if (!is64(t)) {
      MOp a = src(arg(1), t);
      if (is16(t) && !left) a = use(extend16(arg(1), arith));
      emit(left ? "SHL" : (arith ? "SHR.S32" : "SHR.U32"), {dst(arg(0), t), a, src(arg(2), Type::u32)});
      return true;
    }
    std::string wide64 = left ? "SHL.U64" : (arith ? "SHR.S64" : "SHR.U64");
    if (chip_accepts(left ? "SHL" : "SHR", arith ? "S64" : "U64")) {
      emit(wide64, {dst(arg(0), t), src(arg(1), t), src(arg(2), Type::u32)});
      return true;
    }
    MOp lo = src_word(arg(1), t, 0), hi = src_word(arg(1), t, 1);
    VReg out = tmp(RegClass::r64);
    const char* sr = arith ? "SHR.S32" : "SHR.U32";
    if (arg(2).kind == Value::Kind::imm) {
      uint64_t n = arg(2).bits & 0xFFFFFFFFu;
      if (n == 0) {
        emit("MOV", {def(out, 0, 1, true), lo});
        emit("MOV", {def(out, 1, 1), hi});
      } else if (n < 32) {
        VReg x = tmp(RegClass::r32), y = tmp(RegClass::r32);
        if (left) {
          emit("SHL", {def(out, 0, 1, true), lo, imm(n)});
          emit("SHL", {def(x), hi, imm(n)});
          emit("SHR.U32", {def(y), lo, imm(32 - n)});
          emit("OR", {def(out, 1, 1), use(x), use(y)});
        } else {
          emit("SHR.U32", {def(x), lo, imm(n)});
          emit("SHL", {def(y), hi, imm(32 - n)});
          emit("OR", {def(out, 0, 1, true), use(x), use(y)});
          emit(sr, {def(out, 1, 1), hi, imm(n)});
        }
      } else {
        uint64_t m = n >= 64 ? 32 : n - 32;  // SHL/SHR treat counts >= 32 as 32
        if (left) {
          emit("SHL", {def(out, 1, 1, true), lo, imm(m)});
          emit("MOV", {def(out, 0, 1), imm(0)});
        } else {
          emit(sr, {def(out, 0, 1, true), hi, imm(n >= 64 ? 32 : m)});
          emit(sr, {def(out, 1, 1), hi, imm(32)});
        }
      }
    } else {
      // Variable count: both the n < 32 and n >= 32 forms, then select.
      MOp n = src(arg(2), Type::u32);
      VReg inv = tmp(RegClass::r32), nm = tmp(RegClass::r32), p = tmp(RegClass::pred);
      emit("ISUB.S32", {def(inv), imm(32), n});   // 32 - n (huge when n > 32: shifts give 0)
      emit("IADD.S32", {def(nm), n, imm(0xFFFFFFE0u)});  // n - 32
      emit("ISETP.GE.U32", {pdef(p), n, imm(32)});
      VReg a = tmp(RegClass::r32), b = tmp(RegClass::r32), c = tmp(RegClass::r32),
           e = tmp(RegClass::r32), g = tmp(RegClass::r32);
      if (left) {
        emit("SHL", {def(a), lo, n});          // low word, n < 32 (0 when n >= 32)
        emit("SHL", {def(b), hi, n});
        emit("SHR.U32", {def(c), lo, use(inv)});
        emit("OR", {def(e), use(b), use(c)});  // high word, n < 32
        emit("SHL", {def(g), lo, use(nm)});    // high word, n >= 32
        emit("MOV", {def(out, 0, 1, true), use(a)});
        emit("SEL", {def(out, 1, 1), use(g), use(e), pred(p)});
      } else {
        emit("SHR.U32", {def(a), lo, n});
        emit("SHL", {def(b), hi, use(inv)});
        emit("OR", {def(c), use(a), use(b)});  // low word, n < 32
        emit(sr, {def(e), hi, use(nm)});       // low word, n >= 32
        emit(sr, {def(g), hi, n});             // high word (sign fill when n >= 32)
        emit("SEL", {def(out, 0, 1, true), use(e), use(c), pred(p)});
        emit("MOV", {def(out, 1, 1), use(g)});
      }
    }
    if (dst_reg(arg(0)) != kNoReg) copy(dst_reg(arg(0)), out);
    return true;
  }

  // ---- logic
  if (op == "and" || op == "or" || op == "xor") {
    std::string m = op == "and" ? "AND" : op == "or" ? "OR" : "XOR";
    const Value* a = &arg(1);
    const Value* b = &arg(2);
    if (a->kind == Value::Kind::imm && b->kind != Value::Kind::imm) std::swap(a, b);
    if (is64(t)) {
      if (chip_accepts(m.c_str(), "B64")) {
        emit(m + ".B64", {dst(arg(0), t), src(*a, t), src(*b, t)});
        return true;
      }
      VReg out = tmp(RegClass::r64);
      for (unsigned w = 0; w < 2; ++w)
        emit(m, {def(out, w, 1, w == 0), src_word(*a, t, w), src_word(*b, t, w)});
      if (dst_reg(arg(0)) != kNoReg) copy(dst_reg(arg(0)), out);
      return true;
    }
    emit(m, {dst(arg(0), t), src(*a, t), src(*b, t)});
    return true;
  }
  if (op == "not") {
    if (is64(t)) {
      if (chip_accepts("NOT", "B64")) {
        emit("NOT.B64", {dst(arg(0), t), src(arg(1), t)});
        return true;
      }
      VReg out = tmp(RegClass::r64);
      for (unsigned w = 0; w < 2; ++w) emit("NOT", {def(out, w, 1, w == 0), src_word(arg(1), t, w)});
      if (dst_reg(arg(0)) != kNoReg) copy(dst_reg(arg(0)), out);
      return true;
    }
    emit("NOT", {dst(arg(0), t), src(arg(1), t)});
    return true;
  }
  if (op == "cnot") {
    VReg p = tmp(RegClass::pred);
    MOp a = is16(t) ? use(extend16(arg(1), false)) : src(arg(1), t);
    if (is64(t)) {
      VReg o = tmp(RegClass::r32);
      emit("OR", {def(o), src_word(arg(1), t, 0), src_word(arg(1), t, 1)});
      a = use(o);
    }
    emit("ISETP.EQ.U32", {pdef(p), a, imm(0)});
    VReg dv = dst_reg(arg(0));
    if (dv == kNoReg) return true;
    emit("SEL", {def(dv, 0, 1, true), rz(), imm(1), pred(p, true)});
    if (words(dv) == 2) emit("MOV", {def(dv, 1, 1), imm(0)});
    return true;
  }
  return false;
}

}  // namespace warpsim::isa::ptx
