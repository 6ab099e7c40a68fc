#include "isa/sass/sass_table.h"

#include <cctype>
#include <stdexcept>

namespace warpsim::sass {

SassTable::SassTable(std::string name, std::initializer_list<SassOpList> parts)
    : name_(std::move(name)) {
  for (const SassOpList& part : parts) {
    for (size_t i = 0; i < part.size; ++i) {
      const SassOp& row = part.data[i];
      auto it = index_.find(row.mnemonic);
      if (it != index_.end()) {
        ops_[it->second] = row;
        continue;
      }
      if (ops_.size() >= 0xffff) throw std::logic_error("SASS table " + name_ + " too large");
      index_.emplace(row.mnemonic, static_cast<uint16_t>(ops_.size()));
      ops_.push_back(row);
    }
  }
}

std::optional<uint16_t> SassTable::find(std::string_view mnemonic) const {
  auto it = index_.find(mnemonic);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// Calls f(token) for each '.'-separated modifier after the mnemonic; stops when f returns true.
template <typename F>
void for_each_modifier(std::string_view opcode, F f) {
  size_t pos = opcode.find('.');
  while (pos != std::string_view::npos) {
    size_t next = opcode.find('.', pos + 1);
    std::string_view tok =
        opcode.substr(pos + 1, next == std::string_view::npos ? next : next - pos - 1);
    if (f(tok)) return;
    pos = next;
  }
}

}  // namespace

uint8_t access_bytes(std::string_view opcode) {
  unsigned bytes = 4;
  for_each_modifier(opcode, [&](std::string_view tok) {
    unsigned bits = 0;
    if (tok.empty()) return false;
    if (tok.size() <= 3 && all_digits(tok)) {
      bits = static_cast<unsigned>(std::stoul(std::string(tok)));
    } else if ((tok[0] == 'U' || tok[0] == 'S') && tok.size() <= 4 && all_digits(tok.substr(1))) {
      bits = static_cast<unsigned>(std::stoul(std::string(tok.substr(1))));
    } else {
      return false;
    }
    // Only plausible access widths; a bit count like the 16816 of HMMA.16816 is not one.
    if (bits == 8 || bits == 16 || bits == 32 || bits == 64 || bits == 128) {
      bytes = bits / 8;
      return true;
    }
    return false;
  });
  return static_cast<uint8_t>(bytes);
}

CacheOp cache_op(std::string_view opcode) {
  bool strong = false, gpu = false, sys = false;
  CacheOp op = CacheOp::def;
  for_each_modifier(opcode, [&](std::string_view tok) {
    if (tok == "STRONG")
      strong = true;
    else if (tok == "GPU")
      gpu = true;
    else if (tok == "SYS")
      sys = true;
    else if (tok == "BYPASS")
      op = CacheOp::cg;
    else if (tok == "CONSTANT")
      op = CacheOp::nc;
    else if (tok == "EF")
      op = CacheOp::cs;
    else if (tok == "LU")
      op = CacheOp::lu;
    return false;
  });
  if (strong && sys) return CacheOp::cv;
  if (strong && gpu) return CacheOp::cg;
  return op;
}

}  // namespace warpsim::sass
