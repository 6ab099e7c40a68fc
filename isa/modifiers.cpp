#include "isa/modifiers.h"

#include <array>

namespace warpsim::isa {

namespace {

constexpr const char* kScalarNames[] = {"u8",  "i8",  "u16", "i16", "u32", "i32",
                                        "u64", "i64", "f16", "f32", "f64"};
constexpr unsigned kScalarBytes[] = {1, 1, 2, 2, 4, 4, 8, 8, 2, 4, 8};
static_assert(sizeof(kScalarNames) / sizeof(kScalarNames[0]) ==
              static_cast<unsigned>(ScalarType::count_));

constexpr const char* kWide[] = {"WIDE"};
constexpr const char* kCmp[] = {"EQ", "NE", "LT", "LE", "GT", "GE"};
constexpr const char* kBool[] = {"AND", "OR", "XOR"};
constexpr const char* kSpace[] = {"G", "S", "L", "C", "P"};
constexpr const char* kCache[] = {"CA", "CG", "CS", "CV", "LU", "NC"};
constexpr const char* kWidth[] = {"U8", "S8", "U16", "S16", "32", "64", "128"};
constexpr const char* kRnd[] = {"RN", "RZ", "RM", "RP"};
constexpr const char* kType[] = {"U8",  "S8",  "U16", "S16", "U32", "S32", "U64",
                                 "S64", "F16", "F32", "F64", "B16", "B32", "B64"};

template <size_t N>
constexpr uint8_t count(const char* const (&)[N]) {
  return static_cast<uint8_t>(N);
}

// The modifier word of an encoded instruction (isa/encoding.cpp) is these fields side by side;
// each field is wide enough for its group's values plus 0 (absent), with room to grow.
constexpr std::array<ModGroupInfo, kNumModGroups> kGroups = {{
    {"wide", kWide, count(kWide), 0, 1},
    {"cmp", kCmp, count(kCmp), 1, 4},
    {"boolop", kBool, count(kBool), 5, 2},
    {"space", kSpace, count(kSpace), 7, 3},
    {"cache", kCache, count(kCache), 10, 3},
    {"width", kWidth, count(kWidth), 13, 3},
    {"rnd", kRnd, count(kRnd), 16, 3},
    {"type", kType, count(kType), 19, 5},
    {"stype", kType, count(kType), 24, 5},
}};

constexpr bool fields_fit() {
  unsigned next = 0;
  for (const auto& g : kGroups) {
    if (g.shift != next || (1u << g.bits) <= g.num_values) return false;
    next += g.bits;
  }
  return next <= 32;
}
static_assert(fields_fit(), "modifier fields overlap or overflow the 32-bit modifier word");

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

}  // namespace warpsim::isa
