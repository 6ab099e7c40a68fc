// PTX tokens. The lexer keeps every token's source line so that each later stage can report
// `file.ptx:LINE: problem` for the construct it rejects.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace warpsim::isa::ptx {

enum class Tok : uint8_t {
  ident,      // opcodes, registers (%r1), symbols, labels ($L__BB0_1), `_`
  directive,  // .entry .reg .global ... and opcode modifiers (.u32): text includes the dot
  integer,    // decimal, 0x hex, 0b binary, 0 octal, optional U suffix; `value` holds it
  f32,        // 0fXXXXXXXX: `value` holds the bits
  f64,        // 0dXXXXXXXXXXXXXXXX or a decimal literal with '.' or an exponent: `value` bits
  string,     // "...": text without the quotes
  punct,      // one of { } ( ) [ ] , ; : @ ! + - < > | = *
  end,
};

struct Token {
  Tok kind = Tok::end;
  std::string text;
  uint64_t value = 0;
  int line = 0;
  bool space_before = false;  // whitespace or a comment separates it from the previous token
};

// Splits `text` into tokens (comments removed). InputError(path, line, ...) on a character
// that cannot start a token or an unterminated comment or string.
std::vector<Token> lex(std::string_view text, const std::string& path);

}  // namespace warpsim::isa::ptx
