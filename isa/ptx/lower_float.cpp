// fp32 and fp64 arithmetic: add sub mul fma mad div rcp sqrt rsqrt sin cos ex2 lg2 tanh min
// max abs neg copysign testp. Approximate PTX forms map to the chip's approximate units
// (MUFU, FDIV.APPROX); where the chip only has a correctly rounded form (div.full, fp64
// rcp/rsqrt approximations) the translation is at least as accurate as PTX requires.
#include "isa/ptx/lowerer.h"

namespace warpsim::isa::ptx {

namespace {

const char* rounding(const IrInst& in) {
  if (in.has("rz")) return ".RZ";
  if (in.has("rm")) return ".RM";
  if (in.has("rp")) return ".RP";
  return "";
}

}  // namespace

bool Lowerer::lower_float() {
  const std::string& op = in().op;
  static const char* const kOps[] = {"add",  "sub",  "mul",  "fma", "mad",  "div",
                                     "rcp",  "sqrt", "rsqrt", "sin", "cos",  "ex2",
                                     "lg2",  "tanh", "min",  "max", "abs",  "neg",
                                     "copysign", "testp"};
  bool known = false;
  for (const char* k : kOps)
    if (op == k) known = true;
  if (!known) return false;
  std::vector<Type> ts = types();
  if (ts.empty()) return false;
  Type t = ts.back();
  if (t != Type::f32 && t != Type::f64) return false;
  bool f64 = t == Type::f64;
  std::string ftz = has("ftz") ? ".FTZ" : "";
  std::string sat = has("sat") ? ".SAT" : "";
  std::string rnd = rounding(in());
  // fp64 immediates are materialized: the chip's immediates are 32 bits.
  auto fs = [&](size_t i) { return f64 ? use(src_reg(arg(i), t)) : src(arg(i), t); };

  if (op == "copysign") {
    // copysign d, a, b: b's magnitude with a's sign.
    unsigned hiw = f64 ? 1 : 0;
    VReg s = tmp(RegClass::r32), m = tmp(RegClass::r32);
    emit("AND", {def(s), src_word(arg(1), t, hiw), imm(0x80000000u)});
    emit("AND", {def(m), src_word(arg(2), t, hiw), imm(0x7FFFFFFFu)});
    VReg dv = dst_reg(arg(0));
    if (dv == kNoReg) return true;
    if (f64) {
      VReg out = tmp(RegClass::r64);
      emit("MOV", {def(out, 0, 1, true), src_word(arg(2), t, 0)});
      emit("OR", {def(out, 1, 1), use(s), use(m)});
      copy(dv, out);
    } else {
      emit("OR", {def(dv), use(s), use(m)});
    }
    return true;
  }
  if (op == "testp") {
    VReg pd = pdst(arg(0)).v;
    if (pd == kNoReg) return true;
    // Classify by bits: |x| against the exponent pattern of infinity.
    VReg ab = tmp(RegClass::r32);
    unsigned hiw = f64 ? 1 : 0;
    uint32_t inf = f64 ? 0x7FF00000u : 0x7F800000u;
    emit("AND", {def(ab), src_word(arg(1), t, hiw), imm(0x7FFFFFFFu)});
    MOp lo_nz = pt();
    if (f64) {  // the low word matters for NaN vs infinity and for zero vs subnormal
      VReg q = tmp(RegClass::pred);
      emit("ISETP.NE.U32", {pdef(q), src_word(arg(1), t, 0), imm(0)});
      lo_nz = pred(q);
    }
    auto isetp = [&](const char* c, MOp a, uint32_t v) {
      VReg p = tmp(RegClass::pred);
      emit(std::string("ISETP.") + c + ".U32", {pdef(p), a, imm(v)});
      return p;
    };
    if (has("notanumber") || has("number")) {
      bool want_nan = has("notanumber");
      VReg gt = isetp("GT", use(ab), inf);
      VReg r = gt;
      if (f64) {
        VReg eq = isetp("EQ", use(ab), inf), e2 = tmp(RegClass::pred);
        emit("PLOP.AND", {pdef(e2), pred(eq), lo_nz});
        r = tmp(RegClass::pred);
        emit("PLOP.OR", {pdef(r), pred(gt), pred(e2)});
      }
      emit("PLOP.AND", {pdef(pd), pred(r, !want_nan), pt()});
    } else if (has("infinite")) {
      VReg eq = isetp("EQ", use(ab), inf);
      emit("PLOP.AND", {pdef(pd), pred(eq), f64 ? pred(lo_nz.v, true) : pt()});
    } else if (has("finite")) {
      VReg lt = isetp("LT", use(ab), inf);
      emit("PLOP.AND", {pdef(pd), pred(lt), pt()});
    } else if (has("normal")) {
      VReg e = tmp(RegClass::r32);
      emit("AND", {def(e), use(ab), imm(inf)});
      VReg nz = isetp("NE", use(e), 0), ni = isetp("NE", use(e), inf);
      emit("PLOP.AND", {pdef(pd), pred(nz), pred(ni)});
    } else if (has("subnormal")) {
      uint32_t min_normal = f64 ? 0x00100000u : 0x00800000u;
      VReg small = isetp("LT", use(ab), min_normal);
      VReg nz = isetp("NE", use(ab), 0);
      VReg any = nz;
      if (f64) {
        any = tmp(RegClass::pred);
        emit("PLOP.OR", {pdef(any), pred(nz), lo_nz});
      }
      emit("PLOP.AND", {pdef(pd), pred(small), pred(any)});
    } else {
      fail("unknown testp class");
    }
    return true;
  }
  if (op == "add" || op == "sub" || op == "mul") {
    std::string m = std::string(f64 ? "D" : "F") + (op == "add" ? "ADD" : op == "sub" ? "SUB" : "MUL");
    const Value* a = &arg(1);
    const Value* b = &arg(2);
    if (op != "sub" && a->kind == Value::Kind::imm && b->kind != Value::Kind::imm) std::swap(a, b);
    emit(m + rnd + ftz + sat, {dst(arg(0), t), f64 ? use(src_reg(*a, t)) : src(*a, t),
                               f64 ? use(src_reg(*b, t)) : src(*b, t)});
    return true;
  }
  if (op == "fma" || op == "mad") {
    emit(std::string(f64 ? "DFMA" : "FFMA") + rnd + ftz + sat, {dst(arg(0), t), fs(1), fs(2), fs(3)});
    return true;
  }
  if (op == "div") {
    if (f64) {
      emit(std::string("DDIV") + (rnd.empty() ? std::string(".RN") : rnd), {dst(arg(0), t), fs(1), fs(2)});
    } else if (has("approx")) {
      emit("FDIV.APPROX" + ftz, {dst(arg(0), t), fs(1), fs(2)});
    } else {
      // div.full (2 ulp) is translated to the correctly rounded division.
      emit(std::string("FDIV") + (rnd.empty() ? std::string(".RN") : rnd) + ftz, {dst(arg(0), t), fs(1), fs(2)});
    }
    return true;
  }
  if (op == "rcp" || op == "sqrt") {
    bool rcp = op == "rcp";
    if (f64) {
      emit(std::string(rcp ? "DRCP" : "DSQRT") + (rnd.empty() ? std::string(".RN") : rnd), {dst(arg(0), t), fs(1)});
    } else if (has("approx")) {
      emit(std::string(rcp ? "MUFU.RCP" : "MUFU.SQRT") + ftz, {dst(arg(0), t), fs(1)});
    } else {
      emit(std::string(rcp ? "FRCP" : "FSQRT") + (rnd.empty() ? std::string(".RN") : rnd) + ftz, {dst(arg(0), t), fs(1)});
    }
    return true;
  }
  if (op == "rsqrt") {
    if (f64) {
      VReg s = tmp(RegClass::r64);
      emit("DSQRT.RN", {def(s), fs(1)});
      emit("DRCP.RN", {dst(arg(0), t), use(s)});
    } else {
      emit("MUFU.RSQ" + ftz, {dst(arg(0), t), fs(1)});
    }
    return true;
  }
  if (op == "sin" || op == "cos" || op == "ex2" || op == "lg2" || op == "tanh") {
    if (f64) unsupported();
    std::string m = op == "sin" ? "SIN" : op == "cos" ? "COS" : op == "ex2" ? "EX2" : op == "lg2" ? "LG2" : "TANH";
    emit("MUFU." + m + ftz, {dst(arg(0), t), fs(1)});
    return true;
  }
  if (op == "min" || op == "max") {
    if (has("xorsign")) unsupported();
    std::string m = std::string(f64 ? "D" : "F") + (op == "min" ? "MIN" : "MAX") + ftz;
    const Value* a = &arg(1);
    const Value* b = &arg(2);
    if (a->kind == Value::Kind::imm && b->kind != Value::Kind::imm) std::swap(a, b);
    MOp x = f64 ? use(src_reg(*a, t)) : src(*a, t), y = f64 ? use(src_reg(*b, t)) : src(*b, t);
    if (!has("NaN")) {
      emit(m, {dst(arg(0), t), x, y});
      return true;
    }
    // .NaN: a NaN operand gives the canonical NaN instead of the other operand.
    VReg r = tmp(f64 ? RegClass::r64 : RegClass::r32), p = tmp(RegClass::pred);
    emit(m, {def(r), x, y});
    emit(std::string(f64 ? "DSETP" : "FSETP") + ".NAN", {pdef(p), x, y});
    VReg nan = tmp(f64 ? RegClass::r64 : RegClass::r32);
    mov_imm(nan, f64 ? 0x7FFFFFFFFFFFFFFFull : 0x7FFFFFFFull);
    emit(f64 ? "SEL.B64" : "SEL", {dst(arg(0), t), use(nan), use(r), pred(p)});
    return true;
  }
  if (op == "abs" || op == "neg") {
    emit(std::string(f64 ? "D" : "F") + (op == "abs" ? "ABS" : "NEG") + ftz, {dst(arg(0), t), fs(1)});
    return true;
  }
  return false;
}

}  // namespace warpsim::isa::ptx
