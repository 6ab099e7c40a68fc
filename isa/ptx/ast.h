// The PTX abstract syntax tree: what the parser (isa/ptx/parser.h) reads from a module, before
// any name is resolved. Everything keeps its source line for error messages.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace warpsim::isa::ptx {

// State spaces of declarations and memory instructions.
enum class Space : uint8_t { none, reg, sreg, const_, global, local, param, shared, generic };
const char* space_name(Space s);  // "global" (no dot)

// PTX fundamental types (and the packed half types). `none`: not a type spelling.
enum class Type : uint8_t {
  none,
  pred,
  b8,
  b16,
  b32,
  b64,
  b128,
  u8,
  u16,
  u32,
  u64,
  s8,
  s16,
  s32,
  s64,
  f16,
  f16x2,
  bf16,
  bf16x2,
  tf32,
  f32,
  f64,
};
Type parse_type(const std::string& spelling);  // "u32" (no dot); none when unknown
const char* type_name(Type t);
unsigned type_bytes(Type t);  // pred: 0
inline bool is_signed(Type t) { return t == Type::s8 || t == Type::s16 || t == Type::s32 || t == Type::s64; }
inline bool is_float(Type t) {
  return t == Type::f16 || t == Type::f16x2 || t == Type::bf16 || t == Type::bf16x2 ||
         t == Type::f32 || t == Type::f64 || t == Type::tf32;
}

struct Operand {
  enum class Kind : uint8_t {
    name,     // register, special register (%tid.x), symbol, label, function
    integer,  // value: the 64-bit two's-complement bits
    f32,      // value: bits (0f... literal)
    f64,      // value: bits (0d... literal or a decimal literal)
    address,  // [name+offset] or [offset] (name empty)
    vector,   // {a, b, ...}: elems
    sink,     // `_`
    list,     // (a, b) call arguments, or {..} in an initializer: elems
  };
  Kind kind = Kind::name;
  std::string name;
  std::string pair;      // second destination of `%r|%p`
  bool neg = false;      // `!%p`
  bool generic = false;  // generic(sym) in an initializer
  uint64_t value = 0;
  int64_t offset = 0;  // [x+offset], sym+offset
  std::vector<Operand> elems;
  int line = 0;
};

struct Instr {
  std::string guard;  // predicate register name, empty when unguarded
  bool guard_neg = false;
  std::string op;                 // base opcode: "ld"
  std::vector<std::string> mods;  // modifiers without dots: "global", "v4", "f32"
  std::vector<Operand> args;
  int line = 0;
  bool has(const std::string& m) const {
    for (const std::string& x : mods)
      if (x == m) return true;
    return false;
  }
};

struct VarDecl {
  Space space = Space::none;
  std::string linkage;  // "visible", "extern", "weak", "common" or empty
  uint32_t align = 0;   // 0: the type's natural alignment
  unsigned vec = 1;     // .v2 / .v4 element vectors
  Type type = Type::none;
  std::string name;
  std::vector<int64_t> dims;  // array dimensions; -1 for `[]`
  int range = -1;             // `%r<N>`: declares %r0 .. %r(N-1)
  bool has_init = false;
  Operand init;
  bool ptr = false;  // .ptr attribute of a kernel param
  Space ptr_space = Space::none;
  int line = 0;
  uint64_t elem_bytes() const;
  uint64_t count() const;  // elements (product of dims; 0 for `[]`)
  uint64_t bytes() const { return elem_bytes() * count(); }
  uint32_t alignment() const;
};

struct CallProto {
  std::string name;
  std::vector<VarDecl> rets, params;
};

struct Stmt {
  enum class Kind : uint8_t { instr, label, decl, open, close, proto, branch_targets };
  Kind kind = Kind::instr;
  Instr instr;
  VarDecl decl;
  std::string label;
  CallProto proto;
  std::vector<std::string> targets;  // .branchtargets
  int line = 0;
};

struct Function {
  bool entry = false;
  std::string name;
  std::string linkage;
  bool has_body = false;
  std::vector<VarDecl> rets, params;
  std::vector<Stmt> body;
  int line = 0;
};

struct Module {
  std::string version, target;
  int address_size = 64;
  std::vector<VarDecl> globals;     // module-scope .global / .const / .shared variables
  std::vector<Function> functions;  // definitions and prototypes, in file order
};

}  // namespace warpsim::isa::ptx
