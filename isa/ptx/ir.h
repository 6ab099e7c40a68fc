// The typed PTX IR: one kernel's instructions after name resolution. Registers are virtual
// (typed, scoped names renamed apart), `.func` calls are inlined (indirect calls become a
// compare-and-branch dispatch over the functions whose address is taken), call-site `.param`
// objects are virtual registers or local-memory slots, and every symbol operand points at a
// laid-out variable. Lowering (isa/ptx/lower.h) turns this into chip instructions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "isa/ptx/ast.h"

namespace warpsim::isa::ptx {

// How a virtual register is held: predicates in P registers, everything else in 32-bit words
// (16-bit values in one word whose upper 16 bits are unspecified, 64-bit values in an even
// pair, 128-bit values in a quad).
enum class RegClass : uint8_t { pred, r16, r32, r64, r128 };
inline unsigned class_words(RegClass c) {
  switch (c) {
    case RegClass::pred: return 0;
    case RegClass::r16:
    case RegClass::r32: return 1;
    case RegClass::r64: return 2;
    case RegClass::r128: return 4;
  }
  return 1;
}
RegClass class_of(Type t);  // the class a `.reg` of type t lives in

using VReg = uint32_t;
constexpr VReg kNoReg = 0xFFFFFFFFu;

// Variables that instructions can name (their address or contents).
enum class SymKind : uint8_t {
  global_var,    // module .global: fixed device address (Program::data)
  const_var,     // module .const: constant-bank offset (Program::data)
  shared_var,    // module or function .shared: offset in the CTA's shared space
  extern_shared, // `.extern .shared x[]`: the dynamic shared memory base
  local_var,     // .local (incl. __local_depot): offset in the thread's local frame
  kernel_param,  // the kernel's own .param: offset in the param buffer
  func_addr,     // a function used as a value: its address tag
};

struct Symbol {
  SymKind kind = SymKind::global_var;
  uint32_t index = 0;  // into the module layout (globals / functions) or the kernel layout
  std::string name;
};

struct Value {
  enum class Kind : uint8_t { none, reg, imm, sreg, sym, addr, vec, sink, label };
  Kind kind = Kind::none;
  VReg reg = kNoReg;
  bool neg = false;  // negated predicate source
  // imm: the literal's bits and how it was written (integer, 0f/0d or decimal float)
  uint64_t bits = 0;
  Operand::Kind lit = Operand::Kind::integer;
  std::string sreg;  // "%tid.x"
  Symbol sym;        // sym / addr with a symbol base
  bool has_sym = false;
  int64_t offset = 0;       // sym+offset, [base+offset]
  std::vector<Value> elems; // vec: elements; addr: elems[0] is the base register if any
  uint32_t label = 0;

  bool is_reg() const { return kind == Kind::reg; }
  bool is_imm() const { return kind == Kind::imm; }
};

struct IrInst {
  bool is_label = false;
  uint32_t label = 0;  // is_label: the label id
  std::string op;      // PTX base opcode ("add"); synthesized ops are prefixed with '%'
  std::vector<std::string> mods;
  Value guard;  // kind none when unguarded
  std::vector<Value> args;
  int line = 0;
  bool has(const std::string& m) const {
    for (const std::string& x : mods)
      if (x == m) return true;
    return false;
  }
};

struct VRegInfo {
  RegClass cls = RegClass::r32;
  Type type = Type::b32;
  std::string name;  // PTX name (for debugging), empty for temporaries
};

// Per-kernel memory layout decided while building the IR.
struct LocalVar {
  std::string name;
  uint32_t offset = 0, bytes = 0, align = 1;
};
struct SharedVar {
  std::string name;
  uint32_t offset = 0, bytes = 0, align = 1;
  int module_index = -1;  // index into Module::globals, -1 for a function-scope variable
};

struct IrKernel {
  std::string name;
  const Function* fn = nullptr;
  std::vector<VRegInfo> vregs;
  std::vector<IrInst> code;
  uint32_t num_labels = 0;
  std::vector<LocalVar> locals;    // laid out in `local_bytes`
  std::vector<SharedVar> shared;   // laid out in `shared_bytes`
  uint32_t local_bytes = 0;        // PTX-declared local frame (spill slots come after)
  uint32_t shared_bytes = 0;       // static shared memory (rounded for the dynamic base)
  bool uses_dynamic_shared = false;

  VReg new_vreg(RegClass c, Type t, std::string debug_name = {}) {
    vregs.push_back(VRegInfo{c, t, std::move(debug_name)});
    return static_cast<VReg>(vregs.size() - 1);
  }
  uint32_t new_label() { return num_labels++; }
};

}  // namespace warpsim::isa::ptx
