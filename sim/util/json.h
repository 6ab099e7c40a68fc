// Minimal JSON text helpers shared by the canonical config JSON and `--json` output: escaping and
// number spelling are fixed here once, so every JSON warpsim writes is spelled the same way.
#pragma once

#include <charconv>
#include <cstdio>
#include <string>
#include <string_view>

namespace warpsim::json {

// The shortest decimal that reads back as the same double (std::to_chars, locale-independent),
// with ".0" appended when it would otherwise read as an integer.
inline std::string number(double d) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  std::string s(buf, ec == std::errc() ? end : buf);
  if (s.find_first_of(".en") == std::string::npos) s += ".0";
  return s;
}

inline void append_string(std::string* out, std::string_view s) {
  out->push_back('"');
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\b': *out += "\\b"; break;
      case '\f': *out += "\\f"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      default:
        if (u < 0x20) {
          char esc[8];
          std::snprintf(esc, sizeof esc, "\\u%04x", u);
          *out += esc;
        } else {
          out->push_back(c);  // UTF-8 bytes pass through: JSON text is UTF-8
        }
    }
  }
  out->push_back('"');
}

inline std::string quote(std::string_view s) {
  std::string out;
  append_string(&out, s);
  return out;
}

}  // namespace warpsim::json
