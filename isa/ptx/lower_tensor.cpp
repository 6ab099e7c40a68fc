// Tensor cores: mma.sync.aligned.row.col m16n8k16 (f16 or bf16 A/B, f32 C/D; f16 A/B/C/D),
// m16n8k8 (f16 or tf32 A/B, f32 C/D) and m16n8k32 (s8/u8 A/B, s32 C/D, .satfinite) map onto one
// HMMA/IMMA each, whose register fragments are PTX's. wmma m16n16k16 (f16 A/B, f32 C/D) fragments
// are opaque in CUDA, so the translation picks a layout that makes wmma.mma two HMMA.16816s:
//   A (8 regs): regs 0-3 = the mma.m16n8k16 A fragment of the whole 16x16 A; regs 4-7 unused
//   B (8 regs): regs 0-1 = the mma B fragment of columns 0-7, regs 2-3 of columns 8-15;
//               regs 4-7 unused
//   C/D (8 regs): regs 0-3 = the mma C/D fragment of columns 0-7, regs 4-7 of columns 8-15
// wmma.load/store compute each lane's element addresses from %laneid (groupID = lane >> 2,
// t = lane % 4) and the stride; unused registers are left unwritten. Element-wise operations on
// fragments (scaling, conversion) are layout-independent, as CUDA requires.
#include "isa/ptx/lowerer.h"

namespace warpsim::isa::ptx {

namespace {

Space frag_space(const IrInst& in) {
  if (in.has("global")) return Space::global;
  if (in.has("shared") || in.has("shared::cta")) return Space::shared;
  return Space::generic;
}

}  // namespace

bool Lowerer::lower_tensor() {
  const std::string& op = in().op;
  if (op == "mma") {
    // Each supported variant is one chip instruction with PTX's fragments; anything else
    // (other shapes, types, layouts, mixed accumulators) is refused.
    struct Variant {
      const char* shape;
      Type d, a, b, c;
      const char* chip;
      unsigned na, nb, nc;  // registers of A, B and C/D
    };
    static const Variant kVariants[] = {
        {"m16n8k16", Type::f32, Type::f16, Type::f16, Type::f32, "HMMA.16816.F32.F16", 4, 2, 4},
        {"m16n8k8", Type::f32, Type::f16, Type::f16, Type::f32, "HMMA.1688.F32.F16", 2, 1, 4},
        {"m16n8k16", Type::f16, Type::f16, Type::f16, Type::f16, "HMMA.16816.F16.F16", 4, 2, 2},
        {"m16n8k16", Type::f32, Type::bf16, Type::bf16, Type::f32, "HMMA.16816.F32.BF16", 4, 2, 4},
        {"m16n8k8", Type::f32, Type::tf32, Type::tf32, Type::f32, "HMMA.1688.F32.TF32", 4, 2, 4},
        {"m16n8k32", Type::s32, Type::s8, Type::s8, Type::s32, "IMMA.16832.S32.S8.S8", 4, 2, 4},
        {"m16n8k32", Type::s32, Type::s8, Type::u8, Type::s32, "IMMA.16832.S32.S8.U8", 4, 2, 4},
        {"m16n8k32", Type::s32, Type::u8, Type::s8, Type::s32, "IMMA.16832.S32.U8.S8", 4, 2, 4},
        {"m16n8k32", Type::s32, Type::u8, Type::u8, Type::s32, "IMMA.16832.S32.U8.U8", 4, 2, 4},
    };
    std::vector<Type> ts = types();
    const Variant* v = nullptr;
    if (ts.size() == 4 && has("row") && has("col"))
      for (const Variant& c : kVariants)
        if (has(c.shape) && ts[0] == c.d && ts[1] == c.a && ts[2] == c.b && ts[3] == c.c) v = &c;
    bool integer = v && v->d == Type::s32;
    if (!v || (has("satfinite") && !integer))
      unsupported(
          "mma.sync.aligned.row.col supports m16n8k16 .f32.f16.f16.f32, .f16.f16.f16.f16, "
          ".f32.bf16.bf16.f32; m16n8k8 .f32.f16.f16.f32, .f32.tf32.tf32.f32; m16n8k32 "
          "[.satfinite].s32.{s8,u8}.{s8,u8}.s32");
    const Value &d = arg(0), &a = arg(1), &b = arg(2), &c = arg(3);
    if (d.elems.size() != v->nc || a.elems.size() != v->na || b.elems.size() != v->nb ||
        c.elems.size() != v->nc)
      fail("wrong fragment sizes");
    auto group = [&](unsigned n) {
      return tmp(n == 4 ? RegClass::r128 : n == 2 ? RegClass::r64 : RegClass::r32);
    };
    VReg qa = group(v->na), qb = group(v->nb), qc = group(v->nc), qd = group(v->nc);
    for (unsigned i = 0; i < v->na; ++i) copy_words(qa, i, src(a.elems[i], Type::b32), 1);
    for (unsigned i = 0; i < v->nb; ++i) copy_words(qb, i, src(b.elems[i], Type::b32), 1);
    Type ct = v->c == Type::f32 ? Type::f32 : Type::b32;
    for (unsigned i = 0; i < v->nc; ++i) copy_words(qc, i, src(c.elems[i], ct), 1);
    std::string chip = std::string(v->chip) + (has("satfinite") ? ".SAT" : "");
    emit(chip, {def(qd), use_all(qa), use_all(qb), use_all(qc)});
    for (unsigned i = 0; i < v->nc; ++i)
      if (d.elems[i].kind != Value::Kind::sink) copy_words(dst_reg(d.elems[i]), 0, use(qd, i, 1), 1);
    return true;
  }
  if (op == "ldmatrix") {
    // Lanes 8j..8j+7 hold the row addresses of 8x8 b16 matrix j. Without .trans lane L gets
    // row L/4, columns 2(L%4)..+1 of each matrix; with .trans, rows 2(L%4) and 2(L%4)+1 of
    // column L/4. Row addresses travel by SHFL.IDX from the lane that holds them.
    unsigned n = has("x4") ? 4 : has("x2") ? 2 : 1;
    if (!has("m8n8") || type() != Type::b16) unsupported("only m8n8 .b16 matrices");
    bool trans = has("trans");
    Space sp = frag_space(in());
    bool wide = sp != Space::shared;
    const Value& frag = arg(0);
    std::vector<Value> regs = frag.kind == Value::Kind::vec ? frag.elems : std::vector<Value>{frag};
    if (regs.size() != n) fail("expects " + std::to_string(n) + " destination registers");
    VReg unused = kNoReg;
    MOp base = address(arg(1), sp, unused);
    int64_t off = static_cast<int64_t>(base.imm);
    // This lane's row address (base register + offset; for a constant address every lane's).
    VReg rowaddr = tmp(wide ? RegClass::r64 : RegClass::r32);
    if (base.v == kNoReg)
      mov_imm(rowaddr, static_cast<uint64_t>(off));
    else if (wide)
      emit("IADD.S64", {def(rowaddr), use(base.v, 0, 2), imm(static_cast<uint64_t>(off))});
    else
      emit("IADD.S32", {def(rowaddr), use(base.v, base.sub, 1), imm(static_cast<uint64_t>(off))});
    VReg lane = tmp(RegClass::r32), q = tmp(RegClass::r32), r4 = tmp(RegClass::r32);
    emit("S2R", {def(lane), text("SR_LANEID")});
    emit("SHR.U32", {def(r4), use(lane), imm(2)});  // L / 4
    emit("AND", {def(q), use(lane), imm(3)});       // L % 4
    auto fetch = [&](VReg sel) {  // the row address held by lane `sel`
      VReg a = tmp(wide ? RegClass::r64 : RegClass::r32);
      for (unsigned w = 0; w < (wide ? 2u : 1u); ++w) {
        MInst& mi = emit("SHFL.IDX", {def(a, w, 1), ptdef(), use(rowaddr, w, 1), use(sel), imm(31)});
        mi.early_clobber = true;
      }
      return a;
    };
    auto plus = [&](VReg a, VReg off_bytes) {
      VReg r = tmp(wide ? RegClass::r64 : RegClass::r32);
      if (wide)
        emit("IMAD.WIDE.U32", {def(r), use(off_bytes), imm(1), use(a)});
      else
        emit("IADD.S32", {def(r), use(a), use(off_bytes)});
      return r;
    };
    std::string ld = std::string("LD.") + chip_space(sp);
    VReg colb = tmp(RegClass::r32);
    if (trans) {
      emit("SHL", {def(colb), use(r4), imm(1)});  // column L/4, 2 bytes per element
    } else {
      emit("SHL", {def(colb), use(q), imm(2)});   // columns 2(L%4), 4 bytes per pair
    }
    for (unsigned j = 0; j < n; ++j) {
      VReg d = regs[j].kind == Value::Kind::sink ? tmp(RegClass::r32) : dst_reg(regs[j]);
      if (!trans) {
        VReg sel = tmp(RegClass::r32);
        emit("IADD.S32", {def(sel), use(r4), imm(8 * j)});
        VReg a = plus(fetch(sel), colb);
        emit(ld + ".32", {def(d), addr(a, 0, wide ? 2 : 1, 0)});
      } else {
        VReg s0 = tmp(RegClass::r32), s1 = tmp(RegClass::r32);
        emit("SHL", {def(s0), use(q), imm(1)});
        emit("IADD.S32", {def(s0), use(s0), imm(8 * j)});
        emit("IADD.S32", {def(s1), use(s0), imm(1)});
        VReg a0 = plus(fetch(s0), colb), a1 = plus(fetch(s1), colb);
        VReg lo = tmp(RegClass::r32), hi = tmp(RegClass::r32);
        emit(ld + ".U16", {def(lo), addr(a0, 0, wide ? 2 : 1, 0)});
        emit(ld + ".U16", {def(hi), addr(a1, 0, wide ? 2 : 1, 0)});
        emit("PRMT", {def(d), use(lo), use(hi), imm(0x5410)});
      }
    }
    return true;
  }
  if (op != "wmma") return false;
  if (!has("m16n16k16")) unsupported("only the m16n16k16 shape");
  bool load = has("load"), store = has("store"), mma = has("mma");
  if (mma) {
    std::vector<Type> ts = types();
    if (ts.size() != 2 || ts[0] != Type::f32 || ts[1] != Type::f32)
      unsupported("only f32 accumulators (.f32.f32)");
    const Value &d = arg(0), &a = arg(1), &b = arg(2), &c = arg(3);
    if (d.elems.size() != 8 || a.elems.size() != 8 || b.elems.size() != 8 || c.elems.size() != 8)
      fail("wmma fragments are 8 registers");
    // Read every source before writing any result: D may share registers with A, B or C.
    VReg qa = tmp(RegClass::r128);
    for (unsigned i = 0; i < 4; ++i) copy_words(qa, i, src(a.elems[i], Type::b32), 1);
    VReg qb[2], qc[2], qd[2];
    for (unsigned h = 0; h < 2; ++h) {
      qb[h] = tmp(RegClass::r64);
      qc[h] = tmp(RegClass::r128);
      qd[h] = tmp(RegClass::r128);
      for (unsigned i = 0; i < 2; ++i) copy_words(qb[h], i, src(b.elems[2 * h + i], Type::b32), 1);
      for (unsigned i = 0; i < 4; ++i) copy_words(qc[h], i, src(c.elems[4 * h + i], Type::f32), 1);
    }
    for (unsigned h = 0; h < 2; ++h)
      emit("HMMA.16816.F32.F16", {def(qd[h]), use_all(qa), use_all(qb[h]), use_all(qc[h])});
    for (unsigned h = 0; h < 2; ++h)
      for (unsigned i = 0; i < 4; ++i)
        if (d.elems[4 * h + i].kind != Value::Kind::sink)
          copy_words(dst_reg(d.elems[4 * h + i]), 0, use(qd[h], i, 1), 1);
    return true;
  }
  if (!load && !store) unsupported();
  bool row = has("row");
  if (!row && !has("col")) fail("missing the .row/.col layout");
  char which = has("a") ? 'a' : has("b") ? 'b' : has("c") ? 'c' : has("d") ? 'd' : '?';
  Type et = type();
  bool f16 = which == 'a' || which == 'b';
  if (f16 ? et != Type::f16 : et != Type::f32)
    unsupported("only f16 A/B and f32 C/D fragments");
  Space sp = frag_space(in());
  bool wide = sp != Space::shared;
  const Value& frag = load ? arg(0) : arg(1);
  const Value& addr_v = load ? arg(1) : arg(0);
  if (frag.kind != Value::Kind::vec || frag.elems.size() != 8) fail("wmma fragments are 8 registers");
  VReg unused = kNoReg;
  MOp base = address(addr_v, sp, unused);
  int64_t base_off = static_cast<int64_t>(base.imm);
  MOp stride = nargs() > 2 ? src(arg(2), Type::u32) : imm(16);

  // Lane coordinates.
  VReg lane = tmp(RegClass::r32), g = tmp(RegClass::r32), t2 = tmp(RegClass::r32);
  emit("S2R", {def(lane), text("SR_LANEID")});
  emit("SHR.U32", {def(g), use(lane), imm(2)});
  emit("AND", {def(t2), use(lane), imm(3)});
  emit("SHL", {def(t2), use(t2), imm(1)});  // 2t
  unsigned eb = f16 ? 2 : 4;
  // Element (r, c) of the tile is at element offset r*stride + c (row) or c*stride + r (col).
  // `base + (i*stride + j) * eb` as an address register.
  auto element_addr = [&](MOp i, MOp j) {
    VReg e = tmp(RegClass::r32), bytes = tmp(RegClass::r32);
    emit("IMAD.LO.U32", {def(e), i, stride, j});
    emit("SHL", {def(bytes), use(e), imm(eb == 2 ? 1 : 2)});
    VReg r = tmp(wide ? RegClass::r64 : RegClass::r32);
    if (wide)
      emit("IMAD.WIDE.U32", {def(r), use(bytes), imm(1), base.v == kNoReg ? rz(2) : use(base.v, 0, 2)});
    else
      emit("IADD.S32", {def(r), use(bytes), base.v == kNoReg ? rz() : use(base.v, base.sub, 1)});
    return r;
  };
  // `a + k * stride * eb` (k rows/columns further).
  auto step = [&](VReg a, unsigned k) {
    VReg s = tmp(RegClass::r32), r = tmp(wide ? RegClass::r64 : RegClass::r32);
    emit("IMUL.LO.U32", {def(s), stride, imm(k * eb)});
    if (wide)
      emit("IMAD.WIDE.U32", {def(r), use(s), imm(1), use(a, 0, 2)});
    else
      emit("IADD.S32", {def(r), use(s), use(a)});
    return r;
  };
  std::string sp_mod = std::string(".") + chip_space(sp);
  auto mem = [&](VReg a, int64_t off, unsigned bytes, VReg dst_or_src, unsigned sub) {
    MOp ad = addr(a, 0, wide ? 2 : 1, base_off + off);
    std::string w = bytes == 2 ? "U16" : bytes == 4 ? "32" : "64";
    if (load)
      emit(std::string("LD") + sp_mod + "." + w, {def(dst_or_src, sub, bytes == 8 ? 2 : 1), ad});
    else
      emit(std::string("ST") + sp_mod + "." + w, {ad, use(dst_or_src, sub, bytes == 8 ? 2 : 1)});
  };
  auto frag_reg = [&](unsigned i) -> VReg {
    const Value& e = frag.elems[i];
    if (load) return e.kind == Value::Kind::sink ? tmp(RegClass::r32) : dst_reg(e);
    return src_reg(e, Type::b32);
  };

  if (which == 'a' || which == 'b') {
    // A: reg j holds (row g + 8*(j&1), cols 2t + 8*(j>>1) + {0,1}).
    // B: reg 2q+i holds (rows k = 2t + 8i + {0,1}, column n = g + 8q).
    // The pair of halves is contiguous when the layout runs along it (A row, B col).
    bool contiguous = which == 'a' ? row : !row;
    if (contiguous) {
      // A row: element (r, c) at r*stride + c: a0 at (g, 2t); +8 rows = 8*stride; +8 cols = 8.
      // B col: element (k, n) at n*stride + k: b(q,i) at (n = g + 8q, k = 2t + 8i).
      VReg a0 = element_addr(use(g), use(t2));
      VReg a1 = step(a0, 8);  // 8 rows (A) / 8 columns (B) further
      for (unsigned j = 0; j < 4; ++j) {
        bool far = which == 'a' ? (j & 1) : (j >> 1);      // +8 along the strided dimension
        bool near = which == 'a' ? (j >> 1) : (j & 1);     // +8 along the contiguous one
        mem(far ? a1 : a0, near ? 8 * eb : 0, 4, frag_reg(j), 0);
      }
    } else {
      // The two halves are a stride apart: 16-bit accesses.
      // A col: (r, c) at c*stride + r: half (r, c+e) -> + e*stride. B row: (k, n) at k*stride + n.
      VReg a0 = element_addr(use(t2), use(g));
      VReg a1 = step(a0, 1);  // the odd half
      VReg a8 = step(a0, 8), a9 = step(a1, 8);
      for (unsigned j = 0; j < 4; ++j) {
        bool far = which == 'a' ? (j >> 1) : (j & 1);   // +8 along the strided dimension
        bool near = which == 'a' ? (j & 1) : (j >> 1);  // +8 along the contiguous one
        VReg lo_a = far ? a8 : a0, hi_a = far ? a9 : a1;
        int64_t off = near ? 8 * eb : 0;
        VReg r = frag_reg(j);
        if (load) {
          VReg lo = tmp(RegClass::r32), hi = tmp(RegClass::r32);
          mem(lo_a, off, 2, lo, 0);
          mem(hi_a, off, 2, hi, 0);
          emit("PRMT", {def(r), use(lo), use(hi), imm(0x5410)});
        } else {
          VReg hi = tmp(RegClass::r32);
          emit("SHR.U32", {def(hi), use(r), imm(16)});
          mem(lo_a, off, 2, r, 0);
          mem(hi_a, off, 2, hi, 0);
        }
      }
    }
    return true;
  }
  // C/D: reg 4q + i holds (row g + 8*(i>>1), column 2t + (i&1) + 8q).
  if (row) {
    VReg a0 = element_addr(use(g), use(t2));
    VReg a8 = step(a0, 8);
    for (unsigned q = 0; q < 2; ++q)
      for (unsigned hi = 0; hi < 2; ++hi) {
        VReg pair = tmp(RegClass::r64);
        unsigned i0 = 4 * q + 2 * hi;
        if (!load) {
          copy_words(pair, 0, use(frag_reg(i0)), 1);
          copy_words(pair, 1, use(frag_reg(i0 + 1)), 1);
        }
        mem(hi ? a8 : a0, 8 * eb * q, 8, pair, 0);
        if (load) {
          copy_words(frag_reg(i0), 0, use(pair, 0, 1), 1);
          copy_words(frag_reg(i0 + 1), 0, use(pair, 1, 1), 1);
        }
      }
    return true;
  }
  // Column-major C/D: (r, c) at c*stride + r.
  VReg a0 = element_addr(use(t2), use(g));
  VReg a1 = step(a0, 1), a8 = step(a0, 8), a9 = step(a1, 8);
  for (unsigned q = 0; q < 2; ++q)
    for (unsigned i = 0; i < 4; ++i) {
      VReg a = (i & 1) ? (q ? a9 : a1) : (q ? a8 : a0);
      mem(a, (i >> 1) ? 8 * eb : 0, 4, frag_reg(4 * q + i), 0);
    }
  return true;
}

}  // namespace warpsim::isa::ptx
