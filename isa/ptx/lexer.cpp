#include "isa/ptx/lexer.h"

#include <cctype>
#include <cstdlib>
#include <cstring>

#include "sim/error.h"

namespace warpsim::isa::ptx {

namespace {

bool ident_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$' || c == '%';
}
bool ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}
int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class Lexer {
 public:
  Lexer(std::string_view text, const std::string& path) : s_(text), path_(path) {}

  std::vector<Token> run() {
    std::vector<Token> out;
    bool space = true;
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '\n') {
        ++line_;
        ++i_;
        space = true;
        continue;
      }
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++i_;
        space = true;
        continue;
      }
      if (c == '/' && peek(1) == '/') {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
        space = true;
        continue;
      }
      if (c == '/' && peek(1) == '*') {
        int start = line_;
        i_ += 2;
        while (i_ < s_.size() && !(s_[i_] == '*' && peek(1) == '/')) {
          if (s_[i_] == '\n') ++line_;
          ++i_;
        }
        if (i_ >= s_.size()) throw InputError(path_, start, "unterminated /* comment");
        i_ += 2;
        space = true;
        continue;
      }
      Token t;
      t.line = line_;
      t.space_before = space;
      space = false;
      if (ident_start(c)) {
        size_t b = i_++;
        while (i_ < s_.size() && ident_char(s_[i_])) ++i_;
        t.kind = Tok::ident;
        t.text = std::string(s_.substr(b, i_ - b));
        if (t.text == "%") error("'%' must start a register name");
      } else if (c == '.' && i_ + 1 < s_.size() &&
                 (std::isalpha(static_cast<unsigned char>(s_[i_ + 1])) || s_[i_ + 1] == '_' ||
                  // a modifier glued to an opcode may start with a digit: tex.2d, .3d
                  (!space && !out.empty() &&
                   (out.back().kind == Tok::ident || out.back().kind == Tok::directive) &&
                   std::isdigit(static_cast<unsigned char>(s_[i_ + 1]))))) {
        size_t b = i_++;
        while (i_ < s_.size() && ident_char(s_[i_])) ++i_;
        // Qualified modifiers: .L1::evict_last, .shared::cta, .L2::cache_hint.
        while (i_ + 2 < s_.size() && s_[i_] == ':' && s_[i_ + 1] == ':' && ident_char(s_[i_ + 2])) {
          i_ += 2;
          while (i_ < s_.size() && ident_char(s_[i_])) ++i_;
        }
        t.kind = Tok::directive;
        t.text = std::string(s_.substr(b, i_ - b));
      } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                 (c == '.' && std::isdigit(static_cast<unsigned char>(peek(1))))) {
        number(t);
      } else if (c == '"') {
        size_t b = ++i_;
        while (i_ < s_.size() && s_[i_] != '"' && s_[i_] != '\n') ++i_;
        if (i_ >= s_.size() || s_[i_] != '"') error("unterminated string");
        t.kind = Tok::string;
        t.text = std::string(s_.substr(b, i_ - b));
        ++i_;
      } else if (std::strchr("{}()[],;:@!+-<>|=*", c)) {
        t.kind = Tok::punct;
        t.text = std::string(1, c);
        ++i_;
      } else {
        error(std::string("unexpected character '") + c + "'");
      }
      out.push_back(std::move(t));
    }
    Token e;
    e.kind = Tok::end;
    e.line = line_;
    out.push_back(e);
    return out;
  }

 private:
  char peek(size_t k) const { return i_ + k < s_.size() ? s_[i_ + k] : '\0'; }
  [[noreturn]] void error(const std::string& what) const { throw InputError(path_, line_, what); }

  void number(Token& t) {
    size_t b = i_;
    // Hex float bit patterns: 0fXXXXXXXX (f32), 0dXXXXXXXXXXXXXXXX (f64).
    if (s_[i_] == '0' && (peek(1) == 'f' || peek(1) == 'F' || peek(1) == 'd' || peek(1) == 'D')) {
      bool f32 = peek(1) == 'f' || peek(1) == 'F';
      size_t digits = f32 ? 8 : 16;
      i_ += 2;
      uint64_t v = 0;
      size_t n = 0;
      while (i_ < s_.size() && hex_digit(s_[i_]) >= 0) {
        v = v << 4 | static_cast<uint64_t>(hex_digit(s_[i_]));
        ++i_;
        ++n;
      }
      if (n != digits)
        error("bad floating-point literal '" + std::string(s_.substr(b, i_ - b)) + "' (" +
              (f32 ? "0f needs 8" : "0d needs 16") + " hex digits)");
      t.kind = f32 ? Tok::f32 : Tok::f64;
      t.value = v;
      t.text = std::string(s_.substr(b, i_ - b));
      return;
    }
    size_t e = i_;
    bool is_float = false;
    if (s_[e] == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
      e += 2;
      while (e < s_.size() && hex_digit(s_[e]) >= 0) ++e;
    } else if (s_[e] == '0' && (peek(1) == 'b' || peek(1) == 'B')) {
      e += 2;
      while (e < s_.size() && (s_[e] == '0' || s_[e] == '1')) ++e;
    } else {
      while (e < s_.size() && std::isdigit(static_cast<unsigned char>(s_[e]))) ++e;
      if (e < s_.size() && s_[e] == '.') {
        is_float = true;
        ++e;
        while (e < s_.size() && std::isdigit(static_cast<unsigned char>(s_[e]))) ++e;
      }
      if (e < s_.size() && (s_[e] == 'e' || s_[e] == 'E')) {
        size_t k = e + 1;
        if (k < s_.size() && (s_[k] == '+' || s_[k] == '-')) ++k;
        if (k < s_.size() && std::isdigit(static_cast<unsigned char>(s_[k]))) {
          is_float = true;
          e = k;
          while (e < s_.size() && std::isdigit(static_cast<unsigned char>(s_[e]))) ++e;
        }
      }
    }
    std::string text(s_.substr(b, e - b));
    i_ = e;
    if (is_float) {
      double d = std::strtod(text.c_str(), nullptr);
      t.kind = Tok::f64;
      std::memcpy(&t.value, &d, 8);
      t.text = text;
      return;
    }
    if (i_ < s_.size() && (s_[i_] == 'U' || s_[i_] == 'u')) ++i_;
    if (i_ < s_.size() && ident_char(s_[i_]))
      error("bad number '" + std::string(s_.substr(b, i_ - b + 1)) + "'");
    int base = 10;
    size_t p = 0;
    if (text.size() > 1 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
      base = 16;
      p = 2;
    } else if (text.size() > 1 && text[0] == '0' && (text[1] == 'b' || text[1] == 'B')) {
      base = 2;
      p = 2;
    } else if (text.size() > 1 && text[0] == '0') {
      base = 8;
      p = 1;
    }
    if (p == text.size()) error("bad number '" + text + "'");
    uint64_t v = 0;
    for (; p < text.size(); ++p) {
      int d = hex_digit(text[p]);
      if (d < 0 || d >= base) error("bad number '" + text + "'");
      if (v > (UINT64_MAX - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base))
        error("number '" + text + "' does not fit in 64 bits");
      v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
    }
    t.kind = Tok::integer;
    t.value = v;
    t.text = text;
  }

  std::string_view s_;
  const std::string& path_;
  size_t i_ = 0;
  int line_ = 1;
};

}  // namespace

std::vector<Token> lex(std::string_view text, const std::string& path) {
  return Lexer(text, path).run();
}

}  // namespace warpsim::isa::ptx
