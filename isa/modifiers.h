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
// groups share spellings (type/stype, boolop/op) the assembler fills the first one that the
// opcode accepts. Some groups share bits of the encoded modifier word (a union): no opcode
// accepts two groups whose fields overlap (checked when the table is built).
enum class ModGroup : uint8_t {
  wide,    // part of an integer product kept: LO (low half), HI (high half), WIDE (all, a pair)
  cmp,     // comparison operator of xSETP
  boolop,  // how xSETP combines its result with a predicate source; PLOP's operation
  space,   // memory space of loads/stores/atomics, address-space conversions
  op,      // sub-operation: atomic operation, MUFU function, vote/shuffle mode, barrier scope...
  cache,   // cache operator hint
  width,   // memory access width and extension
  rnd,     // rounding mode (IEEE, to integral, or approximate)
  ftz,     // FTZ: flush fp32 (fp16) subnormal inputs and results to sign-preserving zero
  sat,     // SAT: clamp a float result to [0, 1] (NaN -> 0) or an integer to the type's range
  type,    // data type (destination type for conversions)
  stype,   // source data type of conversions
  count_
};
constexpr unsigned kNumModGroups = static_cast<unsigned>(ModGroup::count_);

// Values of each group, in spelling order (value 0 = absent).
enum class MulMode : uint8_t { none, wide, hi, lo };
enum class CmpOp : uint8_t {
  none,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  equ,  // unordered variants: true when either operand is NaN
  neu,
  ltu,
  leu,
  gtu,
  geu,
  num,  // both operands are numbers
  nan   // either operand is NaN
};
enum class BoolOp : uint8_t { none, and_, or_, xor_ };
// .E is a generic address, resolved per lane through the windows of isa/address_space.h.
enum class SpaceMod : uint8_t { none, g, s, l, c, p, e };
enum class SubOp : uint8_t {
  none,
  add,  // atomics
  min,
  max,
  and_,
  or_,
  xor_,
  exch,
  cas,
  inc,
  dec,
  rcp,  // MUFU functions
  rsq,
  sqrt,
  sin,
  cos,
  ex2,
  lg2,
  tanh,
  all,  // VOTE / MATCH modes; UNI also marks a uniform BRA
  any,
  uni,
  idx,  // SHFL modes
  up,
  down,
  bfly,
  popc,  // BAR.RED.POPC
  cta,   // MEMBAR scopes
  gl,
  sys,
  wrap,  // SHF shift-amount handling
  clamp
};
enum class CacheMod : uint8_t { none, ca, cg, cs, cv, lu, nc, volatile_ };
enum class WidthMod : uint8_t { none, u8, s8, u16, s16, b32, b64, b128 };
enum class RndMod : uint8_t { none, rn, rz, rm, rp, rni, rzi, rmi, rpi, approx };
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
  b64,
  f16x2  // two packed halves (atomics)
};
struct ModGroupInfo {
  const char* name;           // for the reference document
  const char* const* values;  // spelling of value v at values[v - 1]
  uint8_t num_values;
  uint8_t shift, bits;  // bit field in the encoded modifier word
  uint32_t mask() const { return ((1u << bits) - 1) << shift; }
};
const ModGroupInfo& mod_group_info(ModGroup g);
// Value index (1-based) of `spelling` in group g, 0 when the group has no such value.
uint8_t find_mod_value(ModGroup g, std::string_view spelling);
const char* mod_value_name(ModGroup g, uint8_t value);

// Bytes accessed per lane by a width modifier value (0 for none).
unsigned width_bytes(WidthMod w);
// Data type facts: 64-bit (a register pair), floating point, signed integer, size in bytes.
bool is_64bit(DataType t);
bool is_float(DataType t);
bool is_signed_int(DataType t);
unsigned type_bytes(DataType t);

}  // namespace warpsim::isa
