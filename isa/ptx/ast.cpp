#include "isa/ptx/ast.h"

namespace warpsim::isa::ptx {

namespace {

struct TypeRow {
  const char* name;
  Type type;
  unsigned bytes;
};
const TypeRow kTypes[] = {
    {"pred", Type::pred, 0},    {"b8", Type::b8, 1},       {"b16", Type::b16, 2},
    {"b32", Type::b32, 4},      {"b64", Type::b64, 8},     {"b128", Type::b128, 16},
    {"u8", Type::u8, 1},        {"u16", Type::u16, 2},     {"u32", Type::u32, 4},
    {"u64", Type::u64, 8},      {"s8", Type::s8, 1},       {"s16", Type::s16, 2},
    {"s32", Type::s32, 4},      {"s64", Type::s64, 8},     {"f16", Type::f16, 2},
    {"f16x2", Type::f16x2, 4},  {"bf16", Type::bf16, 2},   {"bf16x2", Type::bf16x2, 4},
    {"tf32", Type::tf32, 4},    {"f32", Type::f32, 4},     {"f64", Type::f64, 8},
};

}  // namespace

const char* space_name(Space s) {
  switch (s) {
    case Space::none: return "none";
    case Space::reg: return "reg";
    case Space::sreg: return "sreg";
    case Space::const_: return "const";
    case Space::global: return "global";
    case Space::local: return "local";
    case Space::param: return "param";
    case Space::shared: return "shared";
    case Space::generic: return "generic";
  }
  return "?";
}

Type parse_type(const std::string& spelling) {
  for (const TypeRow& r : kTypes)
    if (spelling == r.name) return r.type;
  return Type::none;
}

const char* type_name(Type t) {
  for (const TypeRow& r : kTypes)
    if (r.type == t) return r.name;
  return "none";
}

unsigned type_bytes(Type t) {
  for (const TypeRow& r : kTypes)
    if (r.type == t) return r.bytes;
  return 0;
}

uint64_t VarDecl::elem_bytes() const { return uint64_t(type_bytes(type)) * vec; }

uint64_t VarDecl::count() const {
  uint64_t n = 1;
  for (int64_t d : dims) n *= d < 0 ? 0 : static_cast<uint64_t>(d);
  return n;
}

uint32_t VarDecl::alignment() const {
  if (align) return align;
  uint64_t b = elem_bytes();
  return b ? static_cast<uint32_t>(b) : 1;
}

}  // namespace warpsim::isa::ptx
