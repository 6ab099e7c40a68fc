#include "isa/modifiers.h"

#include <array>

namespace warpsim::isa {

namespace {

constexpr const char* kScalarNames[] = {"u8",  "i8",  "u16", "i16", "u32", "i32",
                                        "u64", "i64", "f16", "f32", "f64"};
constexpr unsigned kScalarBytes[] = {1, 1, 2, 2, 4, 4, 8, 8, 2, 4, 8};
static_assert(sizeof(kScalarNames) / sizeof(kScalarNames[0]) ==
              static_cast<unsigned>(ScalarType::count_));

constexpr const char* kWide[] = {"WIDE", "HI", "LO"};
constexpr const char* kCmp[] = {"EQ",  "NE",  "LT",  "LE",  "GT",  "GE",  "EQU",
                                "NEU", "LTU", "LEU", "GTU", "GEU", "NUM", "NAN"};
constexpr const char* kBool[] = {"AND", "OR", "XOR"};
constexpr const char* kSpace[] = {"G", "S", "L", "C", "P", "E"};
constexpr const char* kOp[] = {"ADD", "MIN",   "MAX", "AND", "OR",  "XOR",  "EXCH", "CAS",
                               "INC", "DEC",   "RCP", "RSQ", "SQRT", "SIN", "COS",  "EX2",
                               "LG2", "TANH",  "ALL", "ANY", "UNI", "IDX",  "UP",   "DOWN",
                               "BFLY", "POPC", "CTA", "GL",  "SYS", "WRAP", "CLAMP"};
constexpr const char* kCache[] = {"CA", "CG", "CS", "CV", "LU", "NC", "VOLATILE"};
constexpr const char* kWidth[] = {"U8", "S8", "U16", "S16", "32", "64", "128"};
constexpr const char* kRnd[] = {"RN", "RZ", "RM", "RP", "RNI", "RZI", "RMI", "RPI", "APPROX"};
constexpr const char* kFtz[] = {"FTZ"};
constexpr const char* kSat[] = {"SAT"};
constexpr const char* kType[] = {"U8",  "S8",  "U16", "S16", "U32", "S32", "U64", "S64",
                                 "F16", "F32", "F64", "B16", "B32", "B64", "F16X2"};

template <size_t N>
constexpr uint8_t count(const char* const (&)[N]) {
  return static_cast<uint8_t>(N);
}

// The modifier word of an encoded instruction (isa/encoding.cpp) is these fields side by side;
// each field is wide enough for its group's values plus 0 (absent). Two pairs of groups share
// bits because no instruction takes both: cmp/wide (compares vs products) and stype/op
// (conversions vs everything with a sub-operation). The table builder rejects a row that
// accepts two overlapping groups.
constexpr std::array<ModGroupInfo, kNumModGroups> kGroups = {{
    {"wide", kWide, count(kWide), 0, 2},
    {"cmp", kCmp, count(kCmp), 0, 4},
    {"boolop", kBool, count(kBool), 4, 2},
    {"space", kSpace, count(kSpace), 6, 3},
    {"op", kOp, count(kOp), 24, 6},
    {"cache", kCache, count(kCache), 9, 3},
    {"width", kWidth, count(kWidth), 12, 3},
    {"rnd", kRnd, count(kRnd), 15, 4},
    {"ftz", kFtz, count(kFtz), 30, 1},
    {"sat", kSat, count(kSat), 31, 1},
    {"type", kType, count(kType), 19, 5},
    {"stype", kType, count(kType), 24, 5},
}};

constexpr bool fields_fit() {
  for (const auto& g : kGroups)
    if (g.shift + g.bits > 32 || (1u << g.bits) <= g.num_values) return false;
  return true;
}
static_assert(fields_fit(), "a modifier field overflows the 32-bit modifier word");

}  // namespace

const char* scalar_type_name(ScalarType t) { return kScalarNames[static_cast<unsigned>(t)]; }
unsigned scalar_type_bytes(ScalarType t) { return kScalarBytes[static_cast<unsigned>(t)]; }

bool parse_scalar_type(std::string_view s, ScalarType& out) {
  for (unsigned i = 0; i < static_cast<unsigned>(ScalarType::count_); ++i) {
    if (s == kScalarNames[i]) {
      out = static_cast<ScalarType>(i);
      return true;
    }
  }
  return false;
}

const ModGroupInfo& mod_group_info(ModGroup g) { return kGroups[static_cast<unsigned>(g)]; }

uint8_t find_mod_value(ModGroup g, std::string_view spelling) {
  const ModGroupInfo& info = mod_group_info(g);
  for (uint8_t i = 0; i < info.num_values; ++i)
    if (spelling == info.values[i]) return static_cast<uint8_t>(i + 1);
  return 0;
}

const char* mod_value_name(ModGroup g, uint8_t value) {
  const ModGroupInfo& info = mod_group_info(g);
  if (value == 0 || value > info.num_values) return "?";
  return info.values[value - 1];
}

unsigned width_bytes(WidthMod w) {
  switch (w) {
    case WidthMod::u8:
    case WidthMod::s8: return 1;
    case WidthMod::u16:
    case WidthMod::s16: return 2;
    case WidthMod::b32: return 4;
    case WidthMod::b64: return 8;
    case WidthMod::b128: return 16;
    case WidthMod::none: break;
  }
  return 0;
}

bool is_64bit(DataType t) {
  return t == DataType::u64 || t == DataType::s64 || t == DataType::f64 || t == DataType::b64;
}
bool is_float(DataType t) {
  return t == DataType::f16 || t == DataType::f32 || t == DataType::f64 || t == DataType::f16x2;
}
bool is_signed_int(DataType t) {
  return t == DataType::s8 || t == DataType::s16 || t == DataType::s32 || t == DataType::s64;
}
unsigned type_bytes(DataType t) {
  switch (t) {
    case DataType::u8:
    case DataType::s8: return 1;
    case DataType::u16:
    case DataType::s16:
    case DataType::f16:
    case DataType::b16: return 2;
    case DataType::u32:
    case DataType::s32:
    case DataType::f32:
    case DataType::b32:
    case DataType::f16x2: return 4;
    case DataType::u64:
    case DataType::s64:
    case DataType::f64:
    case DataType::b64: return 8;
    case DataType::none: break;
  }
  return 0;
}

}  // namespace warpsim::isa
