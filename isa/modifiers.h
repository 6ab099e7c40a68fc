// Instruction modifiers (the `.XX` suffixes) and scalar data types of the chip ISA.
// Modifiers come in groups; an instruction holds at most one value per group, and its opcode
// table row says which groups and values it accepts and which value an absent group means.
#pragma once

#include <cstdint>
#include <string_view>

namespace warpsim::isa {

// Scalar types of params and buffers (manifest and `.param` spelling: u8 i8 ... f64).
enum class ScalarType : uint8_t { u8, i8, u16, i16, u32, i32, u64, i64, f16, f32, f64, count_ };
const char* scalar_type_name(ScalarType t);
unsigned scalar_type_bytes(ScalarType t);
// Parses the lowercase spelling; false when unknown.
bool parse_scalar_type(std::string_view s, ScalarType& out);

// Modifier groups in canonical order: the disassembler prints them in this order, and when two
// groups share spellings (type, stype) the assembler fills the first one that accepts a value.
enum class ModGroup : uint8_t {
  wide,    // WIDE: 32x32 -> 64-bit result in a register pair
  cmp,     // comparison operator of xSETP
  boolop,  // predicate combination (PLOP, later xSETP combining)
  space,   // memory space of loads/stores
  cache,   // cache operator hint
  width,   // memory access width and extension
  rnd,     // rounding mode of conversions
  type,    // data type (destination type for conversions)
  stype,   // source data type of conversions
  count_
};
constexpr unsigned kNumModGroups = static_cast<unsigned>(ModGroup::count_);

enum class CmpOp : uint8_t { none, eq, ne, lt, le, gt, ge };
enum class BoolOp : uint8_t { none, and_, or_, xor_ };
// Values of the space group; L (local) and C (constant) are reserved for the next ISA issue.
enum class SpaceMod : uint8_t { none, g, s, l, c, p };
enum class CacheMod : uint8_t { none, ca, cg, cs, cv, lu, nc };
enum class WidthMod : uint8_t { none, u8, s8, u16, s16, b32, b64, b128 };
enum class RndMod : uint8_t { none, rn, rz, rm, rp };
enum class DataType : uint8_t {
  none,
  u8,
  s8,
  u16,
  s16,
  u32,
  s32,
  u64,
  s64,
  f16,
  f32,
  f64,
  b16,
  b32,
  b64
};

struct ModGroupInfo {
  const char* name;           // for the reference document
  const char* const* values;  // spelling of value v at values[v - 1]
  uint8_t num_values;
  uint8_t shift, bits;  // bit field in the encoded modifier word
};
const ModGroupInfo& mod_group_info(ModGroup g);
// Value index (1-based) of `spelling` in group g, 0 when the group has no such value.
uint8_t find_mod_value(ModGroup g, std::string_view spelling);
const char* mod_value_name(ModGroup g, uint8_t value);

// Bytes accessed per lane by a width modifier value (0 for none).
unsigned width_bytes(WidthMod w);

}  // namespace warpsim::isa
