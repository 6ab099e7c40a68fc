#include "sim/config/scalar.h"

#include <charconv>
#include <cstddef>
#include <system_error>

namespace warpsim::config {

const char* type_name(Type type) {
  switch (type) {
    case Type::integer: return "int";
    case Type::floating: return "float";
    case Type::boolean: return "bool";
    case Type::string: return "string";
  }
  return "?";
}

namespace {

bool is_digit(char c, int base) {
  if (base == 16) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  if (base == 8) return c >= '0' && c <= '7';
  return c >= '0' && c <= '9';
}

bool all_digits(const std::string& s, size_t from, int base) {
  if (from >= s.size()) return false;
  for (size_t k = from; k < s.size(); ++k) {
    if (!is_digit(s[k], base)) return false;
  }
  return true;
}

// YAML 1.2 core integers: [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+.
// Returns false when `text` is not an integer; sets *too_large when it is one but overflows.
bool parse_int(const std::string& text, int64_t* out, bool* too_large) {
  *too_large = false;
  int base = 10;
  size_t digits = 0;
  bool negative = false;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'o')) {
    base = text[1] == 'x' ? 16 : 8;
    digits = 2;
  } else if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    digits = 1;
  }
  if (!all_digits(text, digits, base)) return false;
  // from_chars takes no sign for the magnitude, so parse the digits and negate through uint64
  // to reach INT64_MIN.
  uint64_t magnitude = 0;
  const char* first = text.data() + digits;
  const char* last = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(first, last, magnitude, base);
  const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  if (ec == std::errc::result_out_of_range || ptr != last || magnitude > limit) {
    *too_large = true;
    return true;
  }
  *out = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  return true;
}

// YAML 1.2 core floats without .inf/.nan (a config value must be finite, and JSON cannot hold
// the others): [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool looks_like_float(const std::string& s) {
  size_t k = 0;
  if (k < s.size() && (s[k] == '-' || s[k] == '+')) ++k;
  size_t int_digits = 0;
  while (k < s.size() && is_digit(s[k], 10)) ++k, ++int_digits;
  size_t frac_digits = 0;
  if (k < s.size() && s[k] == '.') {
    ++k;
    while (k < s.size() && is_digit(s[k], 10)) ++k, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (k < s.size() && (s[k] == 'e' || s[k] == 'E')) {
    ++k;
    if (k < s.size() && (s[k] == '-' || s[k] == '+')) ++k;
    if (!all_digits(s, k, 10)) return false;
    k = s.size();
  }
  return k == s.size();
}

bool parse_float(const std::string& text, double* out, bool* too_large) {
  *too_large = false;
  if (!looks_like_float(text)) return false;
  // from_chars is locale-independent (strtod is not) but takes no leading '+'.
  const char* first = text.data() + (text[0] == '+' ? 1 : 0);
  const char* last = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(first, last, *out, std::chars_format::general);
  if (ec == std::errc::result_out_of_range) {
    // Underflow to a denormal/zero is harmless; overflow to infinity is not.
    *too_large = true;
    return true;
  }
  return ec == std::errc() && ptr == last;
}

bool parse_bool(const std::string& s, bool* out) {
  if (s == "true" || s == "True" || s == "TRUE") {
    *out = true;
    return true;
  }
  if (s == "false" || s == "False" || s == "FALSE") {
    *out = false;
    return true;
  }
  return false;
}

}  // namespace

Scalar read_scalar(const YAML::Node& node) {
  Scalar result;
  if (node.IsNull()) return result;
  const std::string& text = node.Scalar();
  result.value.s = text;
  // yaml-cpp tags plain scalars "?" and quoted or block scalars "!"; only plain ones are typed.
  const bool plain = node.Tag() == "?" || node.Tag().empty();
  result.kind = Scalar::Kind::string;
  result.value.type = Type::string;
  if (!plain) return result;
  bool too_large = false;
  if (parse_bool(text, &result.value.b)) {
    result.kind = Scalar::Kind::boolean;
    result.value.type = Type::boolean;
  } else if (parse_int(text, &result.value.i, &too_large)) {
    result.kind = too_large ? Scalar::Kind::too_large : Scalar::Kind::integer;
    result.value.type = Type::integer;
  } else if (parse_float(text, &result.value.d, &too_large)) {
    result.kind = too_large ? Scalar::Kind::too_large : Scalar::Kind::floating;
    result.value.type = Type::floating;
  }
  return result;
}

std::string describe(const Scalar& scalar) {
  switch (scalar.kind) {
    case Scalar::Kind::null: return "nothing (null)";
    case Scalar::Kind::integer: return "int '" + scalar.value.s + "'";
    case Scalar::Kind::floating: return "float '" + scalar.value.s + "'";
    case Scalar::Kind::boolean: return "bool '" + scalar.value.s + "'";
    case Scalar::Kind::string: return "string '" + scalar.value.s + "'";
    case Scalar::Kind::too_large: return "'" + scalar.value.s + "', which is too large";
  }
  return "?";
}

std::optional<Value> coerce(const Scalar& scalar, Type wanted, const std::string& key,
                            std::string* problem) {
  using Kind = Scalar::Kind;
  Value v = scalar.value;
  v.type = wanted;
  bool ok = false;
  switch (wanted) {
    case Type::integer: ok = scalar.kind == Kind::integer; break;
    case Type::floating:
      if (scalar.kind == Kind::integer) v.d = static_cast<double>(scalar.value.i);
      ok = scalar.kind == Kind::integer || scalar.kind == Kind::floating;
      break;
    case Type::boolean: ok = scalar.kind == Kind::boolean; break;
    case Type::string: ok = scalar.kind != Kind::null; break;
  }
  if (ok) return v;
  const char* article = wanted == Type::integer ? "an " : "a ";
  *problem = key + " must be " + article + type_name(wanted) + ", got " + describe(scalar);
  if (scalar.kind == Kind::null && wanted == Type::string) *problem += "; write \"\" for empty";
  return std::nullopt;
}

}  // namespace warpsim::config
