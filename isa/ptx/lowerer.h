// The lowering pass's shared machinery (private to isa/ptx/lower*.cpp): operand conversion,
// emission with immediate legalization, and one method per PTX family.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "isa/ptx/chip.h"
#include "isa/ptx/lower.h"

namespace warpsim::isa::ptx {

class Lowerer {
 public:
  Lowerer(const BuiltKernel& k, const ModuleLayout& ml, const std::string& path);
  MFunction run();

  // ---- operands
  // words 0: the rest of the vreg from `sub` (all of it by default)
  MOp use(VReg v, unsigned sub = 0, unsigned words = 0) const;
  MOp use_all(VReg v) const { return use(v, 0, class_words(f_.vregs[v].cls)); }
  MOp def(VReg v, unsigned sub = 0, unsigned words = 0, bool undef = false) const;
  static MOp imm(uint64_t bits);
  static MOp fimm(uint32_t bits);
  static MOp pred(VReg p, bool neg = false);
  static MOp pdef(VReg p);
  static MOp rz(unsigned words = 1);
  static MOp pt(bool neg = false);
  static MOp ptdef();  // a discarded predicate result
  static MOp text(const std::string& s);
  static MOp label(uint32_t id);
  static MOp addr(VReg base, unsigned sub, unsigned words, int64_t offset);
  VReg tmp(RegClass c) { return f_.new_vreg(c); }
  unsigned words(VReg v) const { return class_words(f_.vregs[v].cls); }
  RegClass cls(VReg v) const { return f_.vregs[v].cls; }

  // ---- emission: the current instruction's guard and line are applied
  MInst& emit(const std::string& opcode, std::vector<MOp> ops);
  MInst& emit_unguarded(const std::string& opcode, std::vector<MOp> ops);
  MInst& emit_unguarded_with(const std::string& opcode, std::vector<MOp> ops, VReg g, bool neg);
  void copy(VReg dst, VReg src);  // whole-register copy (coalesced by the allocator)
  // Copies `words` words: a register source becomes a %COPY (which the allocator folds into
  // register groups), an immediate a MOV per word.
  void copy_words(VReg dst, unsigned dsub, MOp src, unsigned words);
  void mov_imm(VReg dst, uint64_t bits);  // a constant of the register's width
  void emit_label(uint32_t id);
  uint32_t new_label() { return f_.num_labels++; }

  // ---- IR values
  [[noreturn]] void unsupported(const std::string& why = {}) const;
  [[noreturn]] void fail(const std::string& what) const;
  std::string ptx_text() const;  // "add.s32" of the current instruction
  // Literal bits converted to type t (float literals to/from f32/f64, integers truncated).
  uint64_t imm_bits(const Value& v, Type t) const;
  // A source as an operand of type t: a register (its low words when wider), an immediate,
  // or a temporary holding a special register or a symbol's address.
  MOp src(const Value& v, Type t);
  VReg src_reg(const Value& v, Type t);  // always a register (immediates materialized)
  MOp src_word(const Value& v, Type t, unsigned w);  // word w of a 64/128-bit source
  MOp dst(const Value& v, Type t) const;
  MOp dst_word(const Value& v, unsigned w, bool undef) const;
  VReg dst_reg(const Value& v) const;  // kNoReg for the sink `_`
  MOp psrc(const Value& v);            // a predicate source (immediates: PT / !PT)
  MOp pdst(const Value& v) const;      // a predicate destination (`_`: PT)
  uint64_t symbol_address(const Symbol& s, int64_t offset) const;
  // 16-bit source extended to 32 bits (signed or not) in a fresh register.
  VReg extend16(const Value& v, bool is_signed);
  VReg extend_reg(MOp src, unsigned from_bits, bool is_signed);

  // ---- instruction modifiers
  const IrInst& in() const { return *in_; }
  Type type() const;              // the last type modifier
  std::vector<Type> types() const;  // every type modifier, in order
  bool has(const char* m) const { return in_->has(m); }
  const Value& arg(size_t i) const;
  size_t nargs() const { return in_->args.size(); }

  // ---- families (lower_int.cpp, lower_float.cpp, lower_cvt.cpp, lower_mem.cpp,
  // lower_control.cpp, lower_warp.cpp, lower_tensor.cpp)
  bool lower_int();
  bool lower_compare();
  bool lower_float();
  bool lower_half();
  bool lower_cvt();
  bool lower_mem();
  void lower_cp_async();
  bool lower_control();
  bool lower_warp();
  bool lower_tensor();

  // helpers shared between families
  void setp_like(const std::string& cmp, Type t, MOp a, MOp b, VReg pd, bool negate,
                 const std::string& boolop, MOp c);
  void int_binop(const std::string& op32, const std::string& op64, Type t);
  void normalize16(VReg r, Type t);  // no-op: documents the upper-bits convention
  MOp address(const Value& a, Space space, VReg& base64_tmp);  // [reg+off] for a space
  void load_store(bool load, Space space, Type t, unsigned vec, const Value& data,
                  const Value& addr, const std::string& cache, bool is_volatile);
  std::string chip_space(Space s) const;
  VReg carry();  // the kernel's carry flag (CC.CF of add.cc / addc)

  const BuiltKernel& k_;
  const ModuleLayout& ml_;
  const std::string& path_;
  MFunction f_;
  const IrInst* in_ = nullptr;
  VReg guard_ = kNoReg;
  bool guard_neg_ = false;
  VReg carry_ = kNoReg;
};

// Helpers on PTX types.
inline bool is_int_type(Type t) {
  switch (t) {
    case Type::b8: case Type::b16: case Type::b32: case Type::b64: case Type::u8:
    case Type::u16: case Type::u32: case Type::u64: case Type::s8: case Type::s16:
    case Type::s32: case Type::s64: return true;
    default: return false;
  }
}
inline unsigned type_bits(Type t) { return type_bytes(t) * 8; }
// Chip integer type suffix: S32 U32 S64 U64 (16-bit types use the 32-bit forms).
inline const char* chip_int(Type t) {
  bool s = is_signed(t);
  return type_bytes(t) == 8 ? (s ? "S64" : "U64") : (s ? "S32" : "U32");
}

}  // namespace warpsim::isa::ptx
