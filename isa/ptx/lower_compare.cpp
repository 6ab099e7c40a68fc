// Comparisons, selects and predicate logic: setp (incl. two destinations p|q and .and/.or/
// .xor combining) set selp slct, and/or/xor/not/mov on .pred.
#include "isa/ptx/lowerer.h"

namespace warpsim::isa::ptx {

namespace {

bool is_cmp(const std::string& m) {
  static const char* const k[] = {"eq",  "ne",  "lt",  "le",  "gt",  "ge",  "lo",  "ls",
                                  "hi",  "hs",  "equ", "neu", "ltu", "leu", "gtu", "geu",
                                  "num", "nan"};
  for (const char* c : k)
    if (m == c) return true;
  return false;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return s;
}

// a cmp b == b mirror(cmp) a
std::string mirror(const std::string& c) {
  if (c == "lt") return "gt";
  if (c == "gt") return "lt";
  if (c == "le") return "ge";
  if (c == "ge") return "le";
  if (c == "lo") return "hi";
  if (c == "hi") return "lo";
  if (c == "ls") return "hs";
  if (c == "hs") return "ls";
  if (c == "ltu") return "gtu";
  if (c == "gtu") return "ltu";
  if (c == "leu") return "geu";
  if (c == "geu") return "leu";
  return c;  // eq ne equ neu num nan
}

// The ordered comparison whose negation is the unordered one (ltu = !ge, ...).
std::string ordered_complement(const std::string& c) {
  if (c == "equ") return "ne";
  if (c == "neu") return "eq";
  if (c == "ltu") return "ge";
  if (c == "leu") return "gt";
  if (c == "gtu") return "le";
  if (c == "geu") return "lt";
  return {};
}

}  // namespace

// pd = ((a cmp b) ^ negate) boolop c. a and b are operands of type t (16-bit sources already
// extended, f16 already converted to f32 by the caller).
void Lowerer::setp_like(const std::string& cmp_in, Type t, MOp a, MOp b, VReg pd, bool negate,
                        const std::string& boolop, MOp c) {
  std::string cmp = cmp_in;
  if (a.kind == MOp::Kind::imm && b.kind != MOp::Kind::imm) {
    std::swap(a, b);
    cmp = mirror(cmp);
  }
  bool flt = is_float(t);
  std::string bop = upper(boolop);
  // Emits one chip compare `pd2 = (a cmp b) bop c2` (bop may be empty), folding the combine
  // into the compare when the ISA has the [.boolop] Pc form.
  auto compare = [&](const std::string& mnem, const std::string& cmod, const std::string& tmod,
                     MOp x, MOp y, VReg out, bool neg, const std::string& op2, MOp c2) {
    std::string base = mnem + "." + cmod + (tmod.empty() ? "" : "." + tmod);
    if (has("ftz") && flt) base += ".FTZ";
    if (!neg && !op2.empty() && chip_accepts(mnem.c_str(), op2.c_str())) {
      emit(base + "." + op2, {pdef(out), x, y, c2});
      return;
    }
    if (!neg && op2.empty()) {
      emit(base, {pdef(out), x, y});
      return;
    }
    VReg r = tmp(RegClass::pred);
    emit(base, {pdef(r), x, y});
    if (op2.empty())
      emit("PLOP.AND", {pdef(out), pred(r, neg), pt()});
    else
      emit("PLOP." + op2, {pdef(out), pred(r, neg), c2});
  };
  if (!flt) {
    std::string u = cmp;
    bool sgn = is_signed(t);
    if (cmp == "lo") u = "lt", sgn = false;
    if (cmp == "ls") u = "le", sgn = false;
    if (cmp == "hi") u = "gt", sgn = false;
    if (cmp == "hs") u = "ge", sgn = false;
    if (u != "eq" && u != "ne" && u != "lt" && u != "le" && u != "gt" && u != "ge")
      fail("bad integer comparison ." + cmp);
    if (type_bytes(t) == 8) {
      if (chip_accepts("ISETP", "S64")) {
        compare("ISETP", upper(u), sgn ? "S64" : "U64", a, b, pd, negate, bop, c);
        return;
      }
      // Two words: the high words decide unless equal, then the low words (unsigned) do.
      auto word = [&](MOp o, unsigned w) {
        if (o.kind == MOp::Kind::imm) return imm((o.imm >> (32 * w)) & 0xFFFFFFFFu);
        o.sub = static_cast<uint8_t>(o.sub + w);
        o.words = 1;
        return o;
      };
      VReg r = tmp(RegClass::pred);
      if (u == "eq" || u == "ne") {
        VReg l = tmp(RegClass::pred), h = tmp(RegClass::pred);
        emit("ISETP.EQ.U32", {pdef(l), word(a, 0), word(b, 0)});
        emit("ISETP.EQ.U32", {pdef(h), word(a, 1), word(b, 1)});
        emit("PLOP.AND", {pdef(r), pred(l), pred(h)});
        if (u == "ne") negate = !negate;
      } else {
        VReg l = tmp(RegClass::pred), e = tmp(RegClass::pred), h = tmp(RegClass::pred),
             le = tmp(RegClass::pred);
        std::string strict = u == "lt" || u == "le" ? "LT" : "GT";
        emit("ISETP." + upper(u) + ".U32", {pdef(l), word(a, 0), word(b, 0)});
        emit("ISETP.EQ.U32", {pdef(e), word(a, 1), word(b, 1)});
        emit("PLOP.AND", {pdef(le), pred(e), pred(l)});
        emit("ISETP." + strict + (sgn ? ".S32" : ".U32"), {pdef(h), word(a, 1), word(b, 1)});
        emit("PLOP.OR", {pdef(r), pred(h), pred(le)});
      }
      if (bop.empty())
        emit("PLOP.AND", {pdef(pd), pred(r, negate), pt()});
      else
        emit("PLOP." + bop, {pdef(pd), pred(r, negate), c});
      return;
    }
    compare("ISETP", upper(u), sgn ? "S32" : "U32", a, b, pd, negate, bop, c);
    return;
  }
  std::string mnem = t == Type::f64 ? "DSETP" : "FSETP";
  if (cmp == "num" || cmp == "nan") {
    if (chip_accepts(mnem.c_str(), "NUM")) {
      compare(mnem, upper(cmp), "", a, b, pd, negate, bop, c);
      return;
    }
    VReg x = tmp(RegClass::pred), y = tmp(RegClass::pred), r = tmp(RegClass::pred);
    MOp a2 = a, b2 = b;
    emit(mnem + ".EQ", {pdef(x), a, a2});
    emit(mnem + ".EQ", {pdef(y), b, b2});
    emit("PLOP.AND", {pdef(r), pred(x), pred(y)});
    bool neg = negate != (cmp == "nan");
    if (bop.empty())
      emit("PLOP.AND", {pdef(pd), pred(r, neg), pt()});
    else
      emit("PLOP." + bop, {pdef(pd), pred(r, neg), c});
    return;
  }
  std::string oc = ordered_complement(cmp);
  if (!oc.empty() && !chip_accepts(mnem.c_str(), upper(cmp).c_str())) {
    compare(mnem, upper(oc), "", a, b, pd, !negate, bop, c);
    return;
  }
  compare(mnem, upper(cmp), "", a, b, pd, negate, bop, c);
}

bool Lowerer::lower_compare() {
  const std::string& op = in().op;
  if (op == "setp" || op == "set") {
    std::string cmp, bop;
    for (const std::string& m : in().mods) {
      if (is_cmp(m) && cmp.empty())
        cmp = m;
      else if (m == "and" || m == "or" || m == "xor")
        bop = m;
    }
    if (cmp.empty()) fail("missing a comparison");
    std::vector<Type> ts = types();
    if (ts.empty()) fail("missing a type");
    Type t = ts.back();  // set.dtype.stype: the source type is last
    size_t n = nargs();
    if (n != (bop.empty() ? 3u : 4u)) fail("expects " + std::to_string(bop.empty() ? 3 : 4) + " operands");
    MOp c = bop.empty() ? pt() : psrc(arg(3));
    if (t == Type::f16x2 || t == Type::bf16x2) {
      if (op == "set") unsupported();
      if (t == Type::bf16x2) unsupported("bf16 comparisons");
      // p from the low halves, q from the high halves.
      const Value& d = arg(0);
      if (d.kind != Value::Kind::vec) fail("setp on .f16x2 writes two predicates (p|q)");
      std::string cm = upper(cmp) + (has("ftz") ? ".FTZ" : "");
      if (bop.empty()) {
        emit("HSETP2." + cm, {pdst(d.elems[0]), pdst(d.elems[1]), use(src_reg(arg(1), Type::b32)),
                               src(arg(2), Type::b32)});
      } else {
        VReg p = tmp(RegClass::pred), q = tmp(RegClass::pred);
        emit("HSETP2." + cm, {pdef(p), pdef(q), use(src_reg(arg(1), Type::b32)), src(arg(2), Type::b32)});
        std::string B = upper(bop);
        VReg tp = tmp(RegClass::pred), tq = tmp(RegClass::pred);
        emit("PLOP." + B, {pdef(tp), pred(p), c});
        emit("PLOP." + B, {pdef(tq), pred(q), c});
        if (d.elems[0].kind != Value::Kind::sink) emit("PLOP.AND", {pdst(d.elems[0]), pred(tp), pt()});
        if (d.elems[1].kind != Value::Kind::sink) emit("PLOP.AND", {pdst(d.elems[1]), pred(tq), pt()});
      }
      return true;
    }
    MOp a, b;
    Type ct = t;
    if (t == Type::f16 || t == Type::bf16) {
      VReg fa = tmp(RegClass::r32), fb = tmp(RegClass::r32);
      for (unsigned k = 0; k < 2; ++k) {
        VReg out = k ? fb : fa;
        MOp s = src(arg(1 + k), Type::b16);
        if (t == Type::bf16)
          emit("SHL", {def(out), s, imm(16)});
        else
          emit("CVT.F32.F16", {def(out), s});
      }
      a = use(fa);
      b = use(fb);
      ct = Type::f32;
    } else if (type_bytes(t) <= 2 && is_int_type(t)) {
      a = use(extend16(arg(1), is_signed(t)));
      b = use(extend16(arg(2), is_signed(t)));
      ct = is_signed(t) ? Type::s32 : Type::u32;
    } else {
      a = src(arg(1), t);
      b = src(arg(2), t);
    }
    if (op == "set") {
      Type dt = ts.size() >= 2 ? ts[ts.size() - 2] : Type::u32;
      VReg p = tmp(RegClass::pred);
      setp_like(cmp, ct, a, b, p, false, bop, c);
      uint32_t one = dt == Type::f32 ? 0x3F800000u : 0xFFFFFFFFu;
      emit("SEL", {dst(arg(0), Type::b32), rz(), imm(one), pred(p, true)});
      return true;
    }
    const Value& d = arg(0);
    if (d.kind == Value::Kind::vec) {  // p|q
      const Value& pv = d.elems[0];
      const Value& qv = d.elems[1];
      VReg r = tmp(RegClass::pred);
      setp_like(cmp, ct, a, b, r, false, "", pt());
      std::string B = bop.empty() ? "AND" : upper(bop);
      MOp c2 = bop.empty() ? pt() : c;
      VReg tp = tmp(RegClass::pred), tq = tmp(RegClass::pred);
      emit("PLOP." + B, {pdef(tp), pred(r), c2});
      emit("PLOP." + B, {pdef(tq), pred(r, true), c2});
      if (pv.kind != Value::Kind::sink) emit("PLOP.AND", {pdst(pv), pred(tp), pt()});
      if (qv.kind != Value::Kind::sink) emit("PLOP.AND", {pdst(qv), pred(tq), pt()});
      return true;
    }
    if (d.kind == Value::Kind::sink) return true;
    if (d.kind != Value::Kind::reg || cls(d.reg) != RegClass::pred)
      fail("destination must be a predicate");
    setp_like(cmp, ct, a, b, d.reg, false, bop, c);
    return true;
  }
  if (op == "selp") {
    Type t = type();
    bool w64 = type_bytes(t) == 8;
    MOp p = psrc(arg(3));
    MOp a = src(arg(1), t), b = src(arg(2), t);
    if (a.kind == MOp::Kind::imm && (b.kind != MOp::Kind::imm || b.imm == 0)) {
      // SEL takes its immediate second: swap and negate the condition.
      std::swap(a, b);
      p.neg = !p.neg;
      if (a.kind == MOp::Kind::imm) a = rz(a.words);  // both immediates, the other one 0
    }
    emit(w64 ? "SEL.B64" : "SEL", {dst(arg(0), t), a, b, p});
    return true;
  }
  if (op == "slct") {
    std::vector<Type> ts = types();
    if (ts.size() != 2) fail("expects .dtype.ctype");
    Type t = ts[0];
    VReg p = tmp(RegClass::pred);
    if (ts[1] == Type::f32)
      setp_like("ge", Type::f32, src(arg(3), Type::f32), fimm(0), p, false, "", pt());
    else
      emit("ISETP.GE.S32", {pdef(p), src(arg(3), Type::s32), imm(0)});
    emit(type_bytes(t) == 8 ? "SEL.B64" : "SEL", {dst(arg(0), t), use(src_reg(arg(1), t)), src(arg(2), t), pred(p)});
    return true;
  }
  if (op == "and" || op == "or" || op == "xor" || op == "not" || op == "mov") {
    if (type() != Type::pred) return false;
    if (op == "not") {
      MOp a = psrc(arg(1));
      a.neg = !a.neg;
      emit("PLOP.AND", {pdst(arg(0)), a, pt()});
    } else if (op == "mov") {
      emit("PLOP.AND", {pdst(arg(0)), psrc(arg(1)), pt()});
    } else {
      emit("PLOP." + upper(op), {pdst(arg(0)), psrc(arg(1)), psrc(arg(2))});
    }
    return true;
  }
  return false;
}

}  // namespace warpsim::isa::ptx
