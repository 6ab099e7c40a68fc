// Conversions: cvt between every integer and floating-point type (with .rn/.rz/.rm/.rp for a
// floating-point result, .rni/.rzi/.rmi/.rpi for an integer result or float rounding, .sat,
// .ftz), cvt.f16x2.f32 and cvt.rn.bf16x2.f32 packing, bf16 <-> f32 and cvt.rna.tf32.f32.
//
// Integer widening extends by the source's signedness; narrowing keeps the low bits (8-bit
// results are re-extended so that the register holds the 8-bit value); .sat clamps first.
// Float -> 8/16-bit integers convert to 32 bits (saturating, NaN -> 0, as PTX) then clamp.
#include "isa/ptx/lowerer.h"

namespace warpsim::isa::ptx {

namespace {

const char* chip_type(Type t) {
  switch (t) {
    case Type::u8: return "U8";
    case Type::s8: return "S8";
    case Type::u16:
    case Type::b16: return "U16";
    case Type::s16: return "S16";
    case Type::u32:
    case Type::b32: return "U32";
    case Type::s32: return "S32";
    case Type::u64:
    case Type::b64: return "U64";
    case Type::s64: return "S64";
    case Type::f16: return "F16";
    case Type::f32: return "F32";
    case Type::f64: return "F64";
    default: return "?";
  }
}

// Range of an integer type for saturation, as (lo, hi) in int64.
void int_range(Type t, int64_t& lo, int64_t& hi) {
  unsigned bits = type_bytes(t) * 8;
  if (is_signed(t)) {
    hi = (int64_t(1) << (bits - 1)) - 1;
    lo = -hi - 1;
  } else {
    lo = 0;
    hi = bits >= 64 ? INT64_MAX : (int64_t(1) << bits) - 1;
  }
}

}  // namespace

bool Lowerer::lower_cvt() {
  if (in().op != "cvt") return false;
  std::vector<Type> ts = types();
  if (ts.size() != 2) fail("expects .dtype.atype");
  Type D = ts[0], A = ts[1];
  bool sat = has("sat"), ftz = has("ftz");
  std::string frnd = has("rz") ? ".RZ" : has("rm") ? ".RM" : has("rp") ? ".RP" : has("rn") ? ".RN" : has("rna") ? ".RNA" : "";
  std::string irnd = has("rzi") ? "RZ" : has("rmi") ? "RM" : has("rpi") ? "RP" : has("rni") ? "RN" : "";
  const Value& d = arg(0);
  const Value& a = arg(1);
  VReg dv = dst_reg(d);
  if (dv == kNoReg) return true;
  std::string FTZ = ftz ? ".FTZ" : "";

  // Writes a 32-bit result `r` (already in D's range) to the destination, widening to 64 bits.
  auto write32 = [&](MOp r, bool sign_extend) {
    if (words(dv) == 2) {
      VReg out = tmp(RegClass::r64);
      copy_words(out, 0, r, 1);
      if (sign_extend)
        emit("SHR.S32", {def(out, 1, 1), r, imm(31)});
      else
        emit("MOV", {def(out, 1, 1), imm(0)});
      copy(dv, out);
    } else {
      copy_words(dv, 0, r, 1);
    }
  };

  if (has("relu") || has("satfinite")) unsupported("no .relu or .satfinite conversions");

  // f32 -> bf16 (the high half of the f32), round to nearest even on the bits: x + 0x7FFF +
  // (bit 16 of x), then the high half; the carry rounds the largest finite values to inf. A NaN
  // keeps its sign and high payload bits and becomes quiet (bit 6 of the bf16).
  auto to_bf16 = [&](VReg x, VReg out) {
    VReg b = tmp(RegClass::r32), lsb = tmp(RegClass::r32), bias = tmp(RegClass::r32),
         r = tmp(RegClass::r32), r2 = tmp(RegClass::r32), ab = tmp(RegClass::r32);
    VReg nan = tmp(RegClass::pred);
    emit("SHR.U32", {def(b), use(x), imm(16)});
    emit("AND", {def(lsb), use(b), imm(1)});
    emit("IADD.U32", {def(bias), use(lsb), imm(0x7FFF)});
    emit("IADD.U32", {def(r), use(x), use(bias)});
    emit("SHR.U32", {def(r2), use(r), imm(16)});
    emit("AND", {def(ab), use(x), imm(0x7FFFFFFF)});
    emit("ISETP.GT.U32", {pdef(nan), use(ab), imm(0x7F800000)});
    VReg q = tmp(RegClass::r32);
    emit("OR", {def(q), use(b), imm(0x40)});
    emit("SEL", {def(out), use(q), use(r2), pred(nan)});
  };

  // ---- f16x2 / bf16x2 packing: d = {cvt(a) in the high half, cvt(b) in the low half}
  if (D == Type::f16x2 || D == Type::bf16x2) {
    if (A != Type::f32 || nargs() != 3) unsupported();
    VReg hi = tmp(RegClass::r32), lo = tmp(RegClass::r32);
    if (D == Type::bf16x2) {
      if (frnd != ".RN" || ftz || sat) unsupported("bf16x2 packing other than cvt.rn.bf16x2.f32");
      to_bf16(src_reg(arg(1), Type::f32), hi);
      to_bf16(src_reg(arg(2), Type::f32), lo);
      emit("PRMT", {def(dv), use(lo), use(hi), imm(0x5410)});  // {hi.low16, lo.low16}
      return true;
    }
    emit("CVT.F16.F32" + (frnd.empty() ? std::string(".RN") : frnd) + FTZ + (sat ? ".SAT" : ""),
         {def(hi), src(arg(1), Type::f32)});
    emit("CVT.F16.F32" + (frnd.empty() ? std::string(".RN") : frnd) + FTZ + (sat ? ".SAT" : ""),
         {def(lo), src(arg(2), Type::f32)});
    VReg l2 = tmp(RegClass::r32), h2 = tmp(RegClass::r32);
    emit("AND", {def(l2), use(lo), imm(0xFFFF)});
    emit("SHL", {def(h2), use(hi), imm(16)});
    emit("OR", {def(dv), use(l2), use(h2)});
    return true;
  }

  // ---- bf16
  if (A == Type::bf16) {
    if (D != Type::f32) unsupported("conversions from bf16 other than to f32");
    emit("SHL", {def(dv), src(a, Type::b16), imm(16)});
    return true;
  }
  if (D == Type::bf16) {
    if (A != Type::f32 || frnd != ".RN") unsupported("conversions to bf16 other than cvt.rn.bf16.f32");
    to_bf16(src_reg(a, Type::f32), dv);
    return true;
  }

  // ---- f32 -> tf32 (cvt.rna.tf32.f32): round to nearest, ties away from zero, to 10 fraction
  // bits; the result is an f32 bit pattern whose low 13 bits are 0. Adding half a tf32 ulp
  // (0x1000) to the magnitude bits and truncating does exactly that, subnormals included; the
  // carry rounds values from the largest tf32 + half an ulp up to inf. A NaN keeps its sign and
  // high payload bits and becomes quiet (0x00400000).
  if (D == Type::tf32) {
    if (A != Type::f32 || frnd != ".RNA" || ftz || sat) unsupported("only cvt.rna.tf32.f32");
    VReg x = src_reg(a, Type::f32);
    VReg r = tmp(RegClass::r32), rt = tmp(RegClass::r32), ab = tmp(RegClass::r32),
         t = tmp(RegClass::r32), q = tmp(RegClass::r32);
    VReg nan = tmp(RegClass::pred);
    emit("IADD.U32", {def(r), use(x), imm(0x1000)});
    emit("AND", {def(rt), use(r), imm(0xFFFFE000)});
    emit("AND", {def(ab), use(x), imm(0x7FFFFFFF)});
    emit("ISETP.GT.U32", {pdef(nan), use(ab), imm(0x7F800000)});
    emit("AND", {def(t), use(x), imm(0xFFFFE000)});
    emit("OR", {def(q), use(t), imm(0x00400000)});
    emit("SEL", {def(dv), use(q), use(rt), pred(nan)});
    return true;
  }
  if (A == Type::tf32 || A == Type::f16x2 || A == Type::bf16x2) unsupported();
  if (frnd == ".RNA") unsupported(".rna rounds only to tf32");

  bool di = is_int_type(D), ai = is_int_type(A);
  // ---- integer -> integer
  if (di && ai) {
    unsigned db = type_bytes(D), ab = type_bytes(A);
    bool as = is_signed(A), ds = is_signed(D);
    if (ab == 8) {
      if (sat && !(db == 8 && as == ds)) unsupported(".sat from a 64-bit integer");
      if (db == 8) {
        copy(dv, src_reg(a, A));
        return true;
      }
      MOp lo = src_word(a, A, 0);
      if (db == 4) {
        copy_words(dv, 0, lo, 1);
      } else {
        VReg r = extend_reg(lo, db * 8, ds);
        emit("MOV", {def(dv), use(r)});
      }
      return true;
    }
    // 8/16/32-bit source: extend it to 32 bits by its own signedness.
    MOp s = src(a, A);
    VReg v32 = ab < 4 ? extend_reg(s, ab * 8, as) : kNoReg;
    MOp x = v32 != kNoReg ? use(v32) : s;
    if (sat) {
      int64_t lo, hi;
      int_range(D, lo, hi);
      int64_t slo, shi;
      int_range(A, slo, shi);
      std::string cmp = as ? "S32" : "U32";
      if (db < 8 && hi < shi) {
        VReg r = tmp(RegClass::r32);
        emit("IMIN." + cmp, {def(r), x, imm(static_cast<uint64_t>(hi) & 0xFFFFFFFFu)});
        x = use(r);
      }
      if (lo > slo) {
        VReg r = tmp(RegClass::r32);
        emit("IMAX." + cmp, {def(r), x, imm(static_cast<uint64_t>(lo) & 0xFFFFFFFFu)});
        x = use(r);
      }
    }
    if (db == 8) {
      write32(x, as);
      return true;
    }
    if (db < 4 && !(db == 2 && cls(dv) == RegClass::r16)) {
      // An 8/16-bit result is kept extended by the destination's signedness (a 16-bit
      // register's upper half is unspecified, so it needs nothing for 16-bit results).
      VReg r = extend_reg(x, db * 8, ds);
      x = use(r);
    }
    copy_words(dv, 0, x, 1);
    return true;
  }

  // ---- float -> integer (rounded to integral, clamped to the range, NaN -> 0)
  if (di) {
    if (irnd.empty()) fail("float-to-integer conversions need .rni/.rzi/.rmi/.rpi");
    emit(std::string("CVT.") + chip_type(D) + "." + chip_type(A) + "." + irnd + "I" + FTZ,
         {def(dv), src(a, A == Type::f16 ? Type::b16 : A)});
    return true;
  }

  // ---- integer -> float
  if (ai) {
    if (frnd.empty()) fail("integer-to-float conversions need .rn/.rz/.rm/.rp");
    emit(std::string("CVT.") + chip_type(D) + "." + chip_type(A) + frnd + (sat ? ".SAT" : "") + FTZ,
         {def(dv), src(a, A)});
    return true;
  }

  // ---- float -> float
  if (D == A) {
    if (!irnd.empty()) {
      if (D == Type::f16 || sat) unsupported();
      emit(std::string(D == Type::f64 ? "FRND.F64." : "FRND.") + irnd + "I" + FTZ, {def(dv), src(a, A)});
      return true;
    }
    if (sat || ftz) {
      if (D != Type::f32) unsupported();
      // x * 1.0 is exact: .sat clamps to [0, 1] (NaN -> 0) and .ftz flushes subnormals.
      emit("FMUL" + FTZ + (sat ? ".SAT" : ""), {def(dv), src(a, A), fimm(0x3F800000u)});
      return true;
    }
    copy(dv, src_reg(a, A));
    return true;
  }
  bool narrowing = type_bytes(D) < type_bytes(A);
  if (narrowing && frnd.empty()) fail("narrowing float conversions need .rn/.rz/.rm/.rp");
  emit(std::string("CVT.") + chip_type(D) + "." + chip_type(A) + (narrowing ? frnd : "") +
           (sat ? ".SAT" : "") + FTZ,
       {def(dv), src(a, A == Type::f16 ? Type::b16 : A)});
  return true;
}

}  // namespace warpsim::isa::ptx
