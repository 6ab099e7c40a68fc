// Lowering driver and operand helpers; the PTX families are in lower_*.cpp.
#include "isa/ptx/lower.h"

#include "isa/opcode_table.h"
#include "isa/ptx/chip.h"
#include "isa/ptx/lowerer.h"
#include "isa/semantics_float.h"
#include "sim/error.h"

namespace warpsim::isa::ptx {

Lowerer::Lowerer(const BuiltKernel& k, const ModuleLayout& ml, const std::string& path)
    : k_(k), ml_(ml), path_(path) {
  f_.name = k.ir.name;
  f_.vregs = k.ir.vregs;
  f_.num_labels = k.ir.num_labels;
  f_.local_bytes = k.ir.local_bytes;
}

MFunction Lowerer::run() {
  for (const IrInst& inst : k_.ir.code) {
    in_ = &inst;
    guard_ = kNoReg;
    guard_neg_ = false;
    if (inst.is_label) {
      emit_label(inst.label);
      continue;
    }
    if (inst.guard.kind == Value::Kind::reg) {
      guard_ = inst.guard.reg;
      guard_neg_ = inst.guard.neg;
      // A guard the instruction also writes must keep its old value for the whole sequence.
      bool written = false;
      for (const Value& a : inst.args) {
        if (a.kind == Value::Kind::reg && a.reg == guard_) written = true;
        for (const Value& e : a.elems)
          if (e.kind == Value::Kind::reg && e.reg == guard_) written = true;
      }
      if (written) {
        VReg g = tmp(RegClass::pred);
        emit_unguarded("PLOP.AND", {pdef(g), pred(guard_), pt()});
        guard_ = g;
      }
    }
    if (lower_control() || lower_compare() || lower_int() || lower_float() || lower_half() || lower_cvt() ||
        lower_mem() || lower_warp() || lower_tensor())
      continue;
    unsupported();
  }
  return std::move(f_);
}

// ---- operands

MOp Lowerer::use(VReg v, unsigned sub, unsigned words) const {
  MOp o;
  o.kind = MOp::Kind::reg;
  o.v = v;
  o.sub = static_cast<uint8_t>(sub);
  if (!words) words = v == kNoReg ? 1 : class_words(f_.vregs[v].cls) - sub;
  o.words = static_cast<uint8_t>(words);
  return o;
}

MOp Lowerer::def(VReg v, unsigned sub, unsigned words, bool undef) const {
  MOp o = use(v, sub, words);
  o.def = true;
  o.undef = undef;
  return o;
}

MOp Lowerer::imm(uint64_t bits) {
  MOp o;
  o.kind = MOp::Kind::imm;
  o.imm = bits;
  return o;
}

MOp Lowerer::fimm(uint32_t bits) {
  MOp o = imm(bits);
  o.f32 = true;
  return o;
}

MOp Lowerer::pred(VReg p, bool neg) {
  MOp o;
  o.kind = MOp::Kind::pred;
  o.v = p;
  o.neg = neg;
  return o;
}

MOp Lowerer::pdef(VReg p) {
  MOp o = pred(p);
  o.def = true;
  return o;
}

MOp Lowerer::rz(unsigned words) {
  MOp o;
  o.kind = MOp::Kind::reg;
  o.v = kNoReg;
  o.words = static_cast<uint8_t>(words);
  return o;
}
MOp Lowerer::pt(bool neg) { return pred(kNoReg, neg); }
MOp Lowerer::ptdef() {
  MOp o = pred(kNoReg);
  o.def = true;
  return o;
}

MOp Lowerer::text(const std::string& s) {
  MOp o;
  o.kind = MOp::Kind::text;
  o.text = s;
  return o;
}

MOp Lowerer::label(uint32_t id) {
  MOp o;
  o.kind = MOp::Kind::label;
  o.imm = id;
  return o;
}

MOp Lowerer::addr(VReg base, unsigned sub, unsigned words, int64_t offset) {
  MOp o;
  o.kind = MOp::Kind::addr;
  o.v = base;
  o.sub = static_cast<uint8_t>(sub);
  o.words = static_cast<uint8_t>(words);
  o.imm = static_cast<uint64_t>(offset);
  return o;
}

// ---- emission

MInst& Lowerer::emit(const std::string& opcode, std::vector<MOp> ops) {
  // Legalize immediates against the opcode table: one 32-bit immediate per instruction (an
  // address offset counts), only where the signature allows one, sign-extended for 64-bit
  // operands; further ones only as small integers where the assembler takes them. Anything
  // else is materialized into a temporary register first.
  if (const OpcodeInfo* info = chip_opcode(opcode)) {
    bool have_imm = false;
    for (const MOp& o : ops)
      if (o.kind == MOp::Kind::addr || o.kind == MOp::Kind::label) have_imm = true;
    for (size_t i = 0; i < ops.size(); ++i) {
      MOp& o = ops[i];
      if (o.kind != MOp::Kind::imm) continue;
      if (i < info->num_ops && info->ops[i].role == OperandRole::imm) {
        o.imm &= 0xFFFFFFFFu;
        have_imm = true;
        continue;
      }
      ImmFit fit = chip_imm_fit(*info, i, o.imm, o.words);
      if (fit != ImmFit::none && !have_imm) {
        have_imm = true;
        o.f32 = info->imm_kind == ImmKind::f32;
        o.imm &= 0xFFFFFFFFu;
        continue;
      }
      if (fit == ImmFit::small) {
        o.imm &= 0xFFFFFFFFu;
        continue;
      }
      VReg t = tmp(o.words >= 4 ? RegClass::r128 : o.words == 2 ? RegClass::r64 : RegClass::r32);
      mov_imm(t, o.imm);
      o = use(t, 0, o.words);
    }
  }
  return emit_unguarded_with(opcode, std::move(ops), guard_, guard_neg_);
}

MInst& Lowerer::emit_unguarded(const std::string& opcode, std::vector<MOp> ops) {
  VReg g = guard_;
  bool n = guard_neg_;
  guard_ = kNoReg;
  guard_neg_ = false;
  MInst& m = emit(opcode, std::move(ops));
  guard_ = g;
  guard_neg_ = n;
  return m;
}

MInst& Lowerer::emit_unguarded_with(const std::string& opcode, std::vector<MOp> ops, VReg g,
                                    bool neg) {
  MInst m;
  m.opcode = opcode;
  m.ops = std::move(ops);
  m.guard = g;
  m.guard_neg = neg;
  m.line = in_ ? in_->line : 0;
  f_.code.push_back(std::move(m));
  return f_.code.back();
}

void Lowerer::copy(VReg dst, VReg src) {
  if (dst == src) return;
  emit("%COPY", {def(dst), use_all(src)});
}

void Lowerer::copy_words(VReg dst, unsigned dsub, MOp s, unsigned n) {
  if (dst == kNoReg) return;
  if (s.kind == MOp::Kind::imm) {
    for (unsigned w = 0; w < n; ++w)
      emit("MOV", {def(dst, dsub + w, 1), imm(w < 2 ? (s.imm >> (32 * w)) & 0xFFFFFFFFu : 0)});
    return;
  }
  s.words = static_cast<uint8_t>(n);
  if (s.v == kNoReg) {  // RZ
    for (unsigned w = 0; w < n; ++w) emit("MOV", {def(dst, dsub + w, 1), rz()});
    return;
  }
  emit("%COPY", {def(dst, dsub, n), s});
}

void Lowerer::mov_imm(VReg dst, uint64_t bits) {
  unsigned w = words(dst);
  if (w == 1) {
    emit("MOV", {def(dst), imm(bits & 0xFFFFFFFFu)});
    return;
  }
  if (w == 2 && chip_accepts("MOV.64")) {
    MOp o = imm(bits);
    o.words = 2;
    o.wide_imm = true;
    emit_unguarded_with("MOV.64", {def(dst), o}, guard_, guard_neg_);
    return;
  }
  for (unsigned i = 0; i < w; ++i) {
    uint64_t word = i < 2 ? (bits >> (32 * i)) & 0xFFFFFFFFu : 0;
    emit("MOV", {def(dst, i, 1, i == 0), imm(word)});
  }
}

void Lowerer::emit_label(uint32_t id) {
  MInst m;
  m.is_label = true;
  m.label = id;
  m.line = in_ ? in_->line : 0;
  f_.code.push_back(std::move(m));
}

// ---- errors

std::string Lowerer::ptx_text() const {
  std::string s = in_->op;
  for (const std::string& m : in_->mods) s += "." + m;
  return s;
}

void Lowerer::unsupported(const std::string& why) const {
  throw InputError(path_, in_->line,
                   "unsupported instruction '" + ptx_text() + "'" + (why.empty() ? "" : " (" + why + ")"));
}

void Lowerer::fail(const std::string& what) const {
  throw InputError(path_, in_->line, ptx_text() + ": " + what);
}

// ---- modifiers

Type Lowerer::type() const {
  Type t = Type::none;
  for (const std::string& m : in_->mods) {
    Type x = parse_type(m);
    if (x != Type::none) t = x;
  }
  if (t == Type::none) fail("missing a type modifier");
  return t;
}

std::vector<Type> Lowerer::types() const {
  std::vector<Type> out;
  for (const std::string& m : in_->mods) {
    Type x = parse_type(m);
    if (x != Type::none) out.push_back(x);
  }
  return out;
}

const Value& Lowerer::arg(size_t i) const {
  if (i >= in_->args.size())
    fail("expects at least " + std::to_string(i + 1) + " operands, got " +
         std::to_string(in_->args.size()));
  return in_->args[i];
}

// ---- IR values

uint64_t Lowerer::imm_bits(const Value& v, Type t) const {
  unsigned bytes = type_bytes(t);
  if (t == Type::f32) {
    switch (v.lit) {
      case Operand::Kind::f32: return v.bits & 0xFFFFFFFFu;
      case Operand::Kind::f64: return fp::bits_of(static_cast<float>(fp::as_f64(v.bits)));
      default: return fp::bits_of(static_cast<float>(static_cast<int64_t>(v.bits)));
    }
  }
  if (t == Type::f64) {
    switch (v.lit) {
      case Operand::Kind::f32: return fp::bits_of(static_cast<double>(fp::as_f32(static_cast<uint32_t>(v.bits))));
      case Operand::Kind::f64: return v.bits;
      default: return fp::bits_of(static_cast<double>(static_cast<int64_t>(v.bits)));
    }
  }
  if (t == Type::f16 || t == Type::bf16) {
    if (v.lit == Operand::Kind::integer) return v.bits & 0xFFFFu;
    fail("floating-point literals for ." + std::string(type_name(t)) +
         " operands are not supported (write the bit pattern as an integer)");
  }
  uint64_t bits = v.bits;
  if (v.lit == Operand::Kind::f64 && bytes == 4) bits = fp::bits_of(static_cast<float>(fp::as_f64(bits)));
  if (bytes < 8 && bytes > 0) bits &= (uint64_t(1) << (8 * bytes)) - 1;
  return bits;
}

uint64_t Lowerer::symbol_address(const Symbol& s, int64_t offset) const {
  uint64_t base = 0;
  switch (s.kind) {
    case SymKind::global_var:
    case SymKind::const_var: base = ml_.global_address[s.index]; break;
    case SymKind::shared_var: base = k_.ir.shared[s.index].offset; break;
    case SymKind::extern_shared: base = k_.ir.shared_bytes; break;
    case SymKind::local_var: base = k_.ir.locals[s.index].offset; break;
    case SymKind::func_addr:
      base = ml_.function_address[s.index];
      if (!base) fail("function " + s.name + " has no address");
      break;
    case SymKind::kernel_param: base = k_.params[s.index].offset; break;
  }
  return base + static_cast<uint64_t>(offset);
}

namespace {

const char* special_register(const std::string& n, bool& wide) {
  wide = false;
  static const struct {
    const char* ptx;
    const char* chip;
    bool wide;
  } kMap[] = {
      {"%tid.x", "SR_TID.X", false},         {"%tid.y", "SR_TID.Y", false},
      {"%tid.z", "SR_TID.Z", false},         {"%ntid.x", "SR_NTID.X", false},
      {"%ntid.y", "SR_NTID.Y", false},       {"%ntid.z", "SR_NTID.Z", false},
      {"%ctaid.x", "SR_CTAID.X", false},     {"%ctaid.y", "SR_CTAID.Y", false},
      {"%ctaid.z", "SR_CTAID.Z", false},     {"%nctaid.x", "SR_NCTAID.X", false},
      {"%nctaid.y", "SR_NCTAID.Y", false},   {"%nctaid.z", "SR_NCTAID.Z", false},
      {"%laneid", "SR_LANEID", false},       {"%warpid", "SR_WARPID", false},
      {"%smid", "SR_SMID", false},           {"%clock", "SR_CLOCKLO", false},
      {"%clock_hi", "SR_CLOCKHI", false},    {"%clock64", "SR_CLOCK64", true},
      {"%globaltimer", "SR_GLOBALTIMER", true},
      {"%lanemask_eq", "SR_LANEMASK_EQ", false}, {"%lanemask_lt", "SR_LANEMASK_LT", false},
      {"%lanemask_le", "SR_LANEMASK_LE", false}, {"%lanemask_gt", "SR_LANEMASK_GT", false},
      {"%lanemask_ge", "SR_LANEMASK_GE", false},
  };
  for (const auto& m : kMap)
    if (n == m.ptx) {
      wide = m.wide;
      return m.chip;
    }
  return nullptr;
}

}  // namespace

MOp Lowerer::src(const Value& v, Type t) {
  unsigned need = t == Type::pred ? 0 : std::max(1u, type_bytes(t) / 4);
  switch (v.kind) {
    case Value::Kind::reg: {
      unsigned have = words(v.reg);
      if (cls(v.reg) == RegClass::pred) fail("a predicate register cannot be used here");
      if (have < need)
        fail("register " + f_.vregs[v.reg].name + " is narrower than ." + type_name(t));
      return use(v.reg, 0, need);
    }
    case Value::Kind::imm: {
      MOp o = imm(imm_bits(v, t));
      o.words = static_cast<uint8_t>(need);
      return o;
    }
    case Value::Kind::sym: {
      if (v.sym.kind == SymKind::kernel_param)
        fail("kernel parameters are read with ld.param");
      MOp o = imm(symbol_address(v.sym, v.offset));
      o.words = static_cast<uint8_t>(need);
      if (need < 2 && (o.imm >> 32) != 0)
        fail("the address of " + v.sym.name + " does not fit in 32 bits");
      return o;
    }
    case Value::Kind::sreg: {
      bool wide;
      const char* sr = special_register(v.sreg, wide);
      if (!sr) unsupported("special register " + v.sreg);
      VReg r = tmp(wide ? RegClass::r64 : RegClass::r32);
      emit("S2R", {def(r), text(sr)});
      if (need == 2 && !wide) {
        VReg r2 = tmp(RegClass::r64);
        emit("MOV", {def(r2, 0, 1, true), use(r)});
        emit("MOV", {def(r2, 1, 1), imm(0)});
        return use(r2, 0, 2);
      }
      return use(r, 0, wide && need < 2 ? 1 : words(r));
    }
    case Value::Kind::sink: fail("'_' cannot be a source");
    case Value::Kind::vec: fail("a vector operand is not allowed here");
    case Value::Kind::addr: fail("an address operand is not allowed here");
    case Value::Kind::label: fail("a label is not allowed here");
    case Value::Kind::none: break;
  }
  fail("missing operand");
}

VReg Lowerer::src_reg(const Value& v, Type t) {
  MOp o = src(v, t);
  if (o.kind == MOp::Kind::reg && o.v != kNoReg && o.sub == 0 && o.words == words(o.v))
    return o.v;
  unsigned w = std::max(1u, type_bytes(t) / 4);
  VReg r = tmp(w == 4 ? RegClass::r128 : w == 2 ? RegClass::r64 : RegClass::r32);
  if (o.kind == MOp::Kind::imm) {
    mov_imm(r, o.imm);
  } else {
    for (unsigned i = 0; i < w; ++i) emit("MOV", {def(r, i, 1, i == 0), use(o.v, o.sub + i, 1)});
  }
  return r;
}

MOp Lowerer::src_word(const Value& v, Type t, unsigned w) {
  MOp o = src(v, t);
  if (o.kind == MOp::Kind::imm) {
    MOp x = imm((o.imm >> (32 * w)) & 0xFFFFFFFFu);
    return x;
  }
  o.sub = static_cast<uint8_t>(o.sub + w);
  o.words = 1;
  return o;
}

MOp Lowerer::dst(const Value& v, Type t) const {
  unsigned need = std::max(1u, type_bytes(t) / 4);
  if (v.kind == Value::Kind::sink) return def(kNoReg, 0, need);
  if (v.kind != Value::Kind::reg) fail("destination must be a register");
  if (cls(v.reg) == RegClass::pred) fail("destination must not be a predicate");
  unsigned have = words(v.reg);
  if (have < need) fail("register " + f_.vregs[v.reg].name + " is narrower than ." + type_name(t));
  return def(v.reg, 0, need, have != need);
}

MOp Lowerer::dst_word(const Value& v, unsigned w, bool undef) const {
  if (v.kind == Value::Kind::sink) return def(kNoReg, 0, 1);
  if (v.kind != Value::Kind::reg) fail("destination must be a register");
  if (w >= words(v.reg)) fail("destination register is too narrow");
  return def(v.reg, w, 1, undef);
}

VReg Lowerer::dst_reg(const Value& v) const {
  if (v.kind == Value::Kind::sink) return kNoReg;
  if (v.kind != Value::Kind::reg) fail("destination must be a register");
  return v.reg;
}

MOp Lowerer::psrc(const Value& v) {
  if (v.kind == Value::Kind::imm) return pt(v.bits == 0);
  if (v.kind != Value::Kind::reg || cls(v.reg) != RegClass::pred)
    fail("expected a predicate operand");
  return pred(v.reg, v.neg);
}

MOp Lowerer::pdst(const Value& v) const {
  if (v.kind == Value::Kind::sink) {
    MOp o = pt();
    o.def = true;
    return o;
  }
  if (v.kind != Value::Kind::reg || cls(v.reg) != RegClass::pred)
    fail("expected a predicate destination");
  return pdef(v.reg);
}

VReg Lowerer::extend_reg(MOp s, unsigned from_bits, bool is_signed) {
  VReg r = tmp(RegClass::r32);
  if (s.kind == MOp::Kind::imm) {
    uint64_t v = s.imm & ((uint64_t(1) << from_bits) - 1);
    if (is_signed && (v >> (from_bits - 1)) & 1) v |= ~((uint64_t(1) << from_bits) - 1);
    mov_imm(r, v & 0xFFFFFFFFu);
    return r;
  }
  if (!is_signed) {
    emit("AND", {def(r), s, imm((uint64_t(1) << from_bits) - 1)});
    return r;
  }
  // Sign extension: move the field to the top, then shift it back arithmetically.
  VReg t = tmp(RegClass::r32);
  emit("SHL", {def(t), s, imm(32 - from_bits)});
  emit("SHR.S32", {def(r), use(t), imm(32 - from_bits)});
  return r;
}

VReg Lowerer::extend16(const Value& v, bool is_signed) {
  return extend_reg(src(v, Type::b16), 16, is_signed);
}

MFunction lower_kernel(const BuiltKernel& kernel, const ModuleLayout& layout,
                       const std::string& path) {
  return Lowerer(kernel, layout, path).run();
}

}  // namespace warpsim::isa::ptx
