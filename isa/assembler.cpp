#include "isa/assembler.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <vector>

#include "isa/encoding.h"
#include "isa/ipdom.h"
#include "sim/error.h"

namespace warpsim::isa {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool is_ident_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}
bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || c == '.';
}
bool is_identifier(std::string_view s) {
  if (s.empty() || !is_ident_start(s[0])) return false;
  for (char c : s)
    if (!is_ident_char(c)) return false;
  return true;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string_view> split_commas(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ',') {
      out.push_back(trim(s.substr(start, i - start)));
      start = i + 1;
    }
  }
  return out;
}

// Integer literal: optional '-', decimal or 0x hex. Accepts -2^31 .. 2^32-1 as 32 bits.
bool parse_int(std::string_view t, int64_t& v) {
  bool neg = false;
  if (!t.empty() && (t[0] == '-' || t[0] == '+')) {
    neg = t[0] == '-';
    t.remove_prefix(1);
  }
  if (t.empty()) return false;
  int base = 10;
  if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
    base = 16;
    t.remove_prefix(2);
  }
  uint64_t acc = 0;
  for (char c : t) {
    int d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (base == 16 && c >= 'a' && c <= 'f')
      d = c - 'a' + 10;
    else if (base == 16 && c >= 'A' && c <= 'F')
      d = c - 'A' + 10;
    else
      return false;
    acc = acc * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
    if (acc > (uint64_t(1) << 40)) return false;
  }
  v = neg ? -static_cast<int64_t>(acc) : static_cast<int64_t>(acc);
  return true;
}

bool fits32(int64_t v) { return v >= INT32_MIN && v <= int64_t(UINT32_MAX); }

// `0fXXXXXXXX`: the fp32 bit pattern in hex (PTX's spelling).
bool parse_f32_bits(std::string_view t, uint32_t& bits) {
  if (t.size() != 10 || t[0] != '0' || (t[1] != 'f' && t[1] != 'F')) return false;
  int64_t v;
  if (!parse_int(std::string("0x") + std::string(t.substr(2)), v)) return false;
  bits = static_cast<uint32_t>(v);
  return true;
}

bool parse_float(std::string_view t, uint32_t& bits) {
  if (parse_f32_bits(t, bits)) return true;
  if (t.empty() || t.size() > 64) return false;
  std::string s(t);
  if (s.find_first_of("xX") != std::string::npos) return false;  // no hex floats
  char* end = nullptr;
  errno = 0;
  float f = std::strtof(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return false;
  std::memcpy(&bits, &f, 4);
  return true;
}

// 64-bit integer literal: optional sign, decimal or 0x hex, magnitude below 2^64 (2^63 when
// negative); the two's-complement bits.
bool parse_int64(std::string_view t, uint64_t& bits) {
  bool neg = false;
  if (!t.empty() && (t[0] == '-' || t[0] == '+')) {
    neg = t[0] == '-';
    t.remove_prefix(1);
  }
  if (t.empty()) return false;
  unsigned base = 10;
  if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
    base = 16;
    t.remove_prefix(2);
  }
  uint64_t acc = 0;
  for (char c : t) {
    unsigned d;
    if (c >= '0' && c <= '9')
      d = static_cast<unsigned>(c - '0');
    else if (base == 16 && c >= 'a' && c <= 'f')
      d = static_cast<unsigned>(c - 'a' + 10);
    else if (base == 16 && c >= 'A' && c <= 'F')
      d = static_cast<unsigned>(c - 'A' + 10);
    else
      return false;
    if (acc > (UINT64_MAX - d) / base) return false;  // acc * base + d would overflow
    acc = acc * base + d;
  }
  if (neg && acc > (uint64_t(1) << 63)) return false;
  bits = neg ? uint64_t(0) - acc : acc;
  return true;
}

// fp64 literal: `0d` + 16 hex digits (PTX's spelling of the bit pattern) or a decimal number.
bool parse_double(std::string_view t, uint64_t& bits) {
  if (t.size() == 18 && t[0] == '0' && (t[1] == 'd' || t[1] == 'D')) {
    uint64_t v;
    if (!parse_int64(std::string("0x") + std::string(t.substr(2)), v)) return false;
    bits = v;
    return true;
  }
  if (t.empty() || t.size() > 64) return false;
  std::string s(t);
  if (s.find_first_of("xX") != std::string::npos) return false;  // no hex floats
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return false;
  std::memcpy(&bits, &d, 8);
  return true;
}

struct SpecialRegNames {
  std::unordered_map<std::string, uint8_t> ids;
  SpecialRegNames() {
    for (unsigned i = 0; i < static_cast<unsigned>(SpecialReg::count_); ++i)
      ids.emplace(special_reg_name(static_cast<SpecialReg>(i)), static_cast<uint8_t>(i));
  }
};

class Assembler {
 public:
  Assembler(const std::string& path) : path_(path) { prog_.path = path; }

  Program run(std::string_view text) {
    size_t pos = 0;
    int line_no = 0;
    while (pos <= text.size()) {
      size_t nl = text.find('\n', pos);
      if (nl == std::string_view::npos) nl = text.size();
      line_ = ++line_no;
      line(text.substr(pos, nl - pos));
      pos = nl + 1;
    }
    finish_kernel();
    return std::move(prog_);
  }

 private:
  struct Fixup {
    size_t inst;
    std::string name;
    int64_t addend;
    int line;
    bool param;  // a param name in [name+imm], else a label: a branch / call target or a
                 // MOV immediate, replaced by its pc
  };

  [[noreturn]] void error(const std::string& problem) const {
    throw InputError(path_, line_, problem);
  }
  [[noreturn]] void error_at(int line, const std::string& problem) const {
    throw InputError(path_, line, problem);
  }

  void line(std::string_view text) {
    size_t cut = std::min(text.find("//"), text.find(';'));
    if (cut != std::string_view::npos) text = text.substr(0, cut);
    text = trim(text);
    if (text.empty()) return;
    if (text[0] == '.') return directive(text);
    // Labels: `name:` possibly followed by an instruction on the same line.
    size_t colon = text.find(':');
    if (colon != std::string_view::npos && is_identifier(trim(text.substr(0, colon)))) {
      label(trim(text.substr(0, colon)));
      text = trim(text.substr(colon + 1));
      if (text.empty()) return;
    }
    instruction(text);
  }

  void directive(std::string_view text) {
    size_t sp = text.find_first_of(" \t");
    std::string_view name = text.substr(0, sp);
    std::vector<std::string_view> args;
    if (sp != std::string_view::npos) {
      std::string_view rest = trim(text.substr(sp));
      while (!rest.empty()) {
        size_t e = rest.find_first_of(" \t");
        args.push_back(rest.substr(0, e));
        rest = e == std::string_view::npos ? std::string_view() : trim(rest.substr(e));
      }
    }
    auto want = [&](size_t n, const char* usage) {
      if (args.size() != n) error(std::string("expected `") + usage + "`");
    };
    if (name == ".kernel") {
      want(1, ".kernel NAME");
      if (!is_identifier(args[0])) error("bad kernel name '" + std::string(args[0]) + "'");
      finish_kernel();
      if (prog_.find(std::string(args[0])))
        error("duplicate kernel '" + std::string(args[0]) + "'");
      prog_.kernels.emplace_back();
      cur_ = &prog_.kernels.back();
      cur_->name = std::string(args[0]);
      cur_->source_path = path_;
      kernel_line_ = line_;
      return;
    }
    if (name == ".data") return data(args);
    if (!cur_)
      error("directive " + std::string(name) + " outside a kernel (start one with .kernel)");
    if (name == ".param") {
      // `.param TYPE NAME`, or a struct passed by value: `.param [.align A] u8 NAME[BYTES]`.
      const char* usage = ".param TYPE NAME` or `.param [.align A] u8 NAME[BYTES]";
      uint32_t align = 1;
      if (!args.empty() && args[0] == ".align") {
        int64_t a;
        if (args.size() < 2 || !parse_int(args[1], a) || a < 1 || a > 256 || (a & (a - 1)) != 0)
          error("bad param alignment (a power of two up to 256)");
        align = static_cast<uint32_t>(a);
        args.erase(args.begin(), args.begin() + 2);
      }
      want(2, usage);
      ScalarType t;
      if (!parse_scalar_type(args[0], t))
        error("unknown param type '" + std::string(args[0]) +
              "' (u8 i8 u16 i16 u32 i32 u64 i64 f16 f32 f64)");
      std::string_view param_name = args[1];
      int64_t array_bytes = 0;
      if (const size_t open = param_name.find('['); open != std::string_view::npos) {
        if (param_name.back() != ']' || t != ScalarType::u8 ||
            !parse_int(param_name.substr(open + 1, param_name.size() - open - 2), array_bytes) ||
            array_bytes < 1 || array_bytes > 4096)
          error("bad array param '" + std::string(param_name) + "' (u8 NAME[BYTES], 1 to 4096 bytes)");
        param_name = param_name.substr(0, open);
      } else if (align != 1) {
        error("`.align` applies to array params (u8 NAME[BYTES])");
      }
      if (!is_identifier(param_name)) error("bad param name '" + std::string(param_name) + "'");
      if (cur_->find_param(std::string(param_name)))
        error("duplicate param '" + std::string(param_name) + "'");
      if (array_bytes > 0) {
        add_array_param(*cur_, std::string(param_name), static_cast<uint32_t>(array_bytes), align);
      } else {
        add_param(*cur_, std::string(param_name), t);
      }
    } else if (name == ".shared") {
      want(1, ".shared BYTES");
      int64_t v;
      if (!parse_int(args[0], v) || v < 0 || v > (int64_t(1) << 30))
        error("bad shared memory size '" + std::string(args[0]) + "'");
      cur_->shared_bytes = static_cast<uint32_t>(v);
    } else if (name == ".local") {
      want(1, ".local BYTES");
      int64_t v;
      if (!parse_int(args[0], v) || v < 0 || v > (int64_t(1) << 24))
        error("bad local memory size '" + std::string(args[0]) + "' (0..16777216 bytes per thread)");
      cur_->local_bytes = static_cast<uint32_t>(v);
    } else if (name == ".regs") {
      want(1, ".regs N");
      int64_t v;
      if (!parse_int(args[0], v) || v < 1 || v > kNumGeneralRegs)
        error("bad register count '" + std::string(args[0]) + "' (1..255)");
      regs_ = static_cast<uint32_t>(v);
      regs_line_ = line_;
    } else {
      error("unknown directive " + std::string(name));
    }
  }

  // `.data global|const NAME ADDRESS ALIGN SIZE [HEXBYTES]`: a module-scope variable (global:
  // its device address; const: its offset in the constant bank) with its initial bytes, the
  // rest zero.
  void data(const std::vector<std::string_view>& args) {
    if (args.size() != 5 && args.size() != 6)
      error("expected `.data global|const NAME ADDRESS ALIGN SIZE [HEXBYTES]`");
    DataSegment seg;
    if (args[0] != "global" && args[0] != "const")
      error("bad data space '" + std::string(args[0]) + "' (global or const)");
    seg.constant = args[0] == "const";
    if (!is_identifier(args[1])) error("bad variable name '" + std::string(args[1]) + "'");
    seg.name = std::string(args[1]);
    for (const DataSegment& d : prog_.data)
      if (d.name == seg.name) error("duplicate variable '" + seg.name + "'");
    uint64_t align = 0, size = 0;
    if (!parse_int64(args[2], seg.address)) error("bad address '" + std::string(args[2]) + "'");
    if (!parse_int64(args[3], align) || align == 0 || (align & (align - 1)) || align > 4096)
      error("bad alignment '" + std::string(args[3]) + "' (a power of two up to 4096)");
    if (seg.address % align) error("address is not a multiple of the alignment");
    if (!parse_int64(args[4], size) || size > (uint64_t(1) << 30))
      error("bad size '" + std::string(args[4]) + "'");
    seg.align = static_cast<uint32_t>(align);
    seg.bytes.assign(size, 0);
    if (args.size() == 6) {
      std::string_view hex = args[5];
      if (hex.size() % 2 || hex.size() / 2 > size)
        error("initial bytes: an even number of hex digits, at most SIZE bytes");
      for (size_t i = 0; i < hex.size(); i += 2) {
        uint64_t b;
        if (!std::isxdigit(static_cast<unsigned char>(hex[i])) ||
            !std::isxdigit(static_cast<unsigned char>(hex[i + 1])) ||
            !parse_int64(std::string("0x") + std::string(hex.substr(i, 2)), b))
          error("bad hex byte '" + std::string(hex.substr(i, 2)) + "'");
        seg.bytes[i / 2] = static_cast<uint8_t>(b);
      }
    }
    prog_.data.push_back(std::move(seg));
  }

  void label(std::string_view name) {
    if (!cur_) error("label outside a kernel");
    std::string n(name);
    if (labels_.count(n)) error("duplicate label '" + n + "'");
    labels_.emplace(n, static_cast<uint32_t>(cur_->code.size()));
  }

  void instruction(std::string_view text) {
    if (!cur_) error("instruction outside a kernel (start one with .kernel)");
    Inst inst;
    if (text[0] == '@') {
      size_t sp = text.find_first_of(" \t");
      if (sp == std::string_view::npos) error("guard predicate without an instruction");
      std::string_view g = text.substr(1, sp - 1);
      if (!g.empty() && g[0] == '!') {
        inst.guard_neg = true;
        g.remove_prefix(1);
      }
      if (!parse_pred(g, inst.guard)) error("bad guard predicate '@" + std::string(g) + "'");
      text = trim(text.substr(sp));
    }
    size_t sp = text.find_first_of(" \t");
    std::string head = upper(text.substr(0, sp));
    std::string_view rest =
        sp == std::string_view::npos ? std::string_view() : trim(text.substr(sp));
    // Mnemonics may contain dots (IADD.CC, SHF.L): the longest prefix of dot-separated parts
    // that names an opcode is the mnemonic, the rest are modifiers.
    size_t end = 0;
    int opcode = find_opcode_prefix(head, &end);
    size_t dot = end == head.size() ? std::string::npos : end;
    if (opcode < 0) error("unknown mnemonic '" + head.substr(0, head.find('.')) + "'");
    inst.opcode = static_cast<uint16_t>(opcode);
    const OpcodeInfo& info = opcode_info(inst.opcode);
    std::string mods = dot == std::string::npos ? std::string() : head.substr(dot + 1);
    modifiers(info, inst, dot == std::string::npos ? nullptr : &mods);
    operands(info, inst, rest);
    if (info.check)
      if (const char* problem = info.check(inst)) error(std::string(info.mnemonic) + ": " + problem);
    cur_->code.push_back(inst);
    cur_->lines.push_back(line_);
  }

  // `mods` is everything after the mnemonic's first dot (absent: no dot at all).
  void modifiers(const OpcodeInfo& info, Inst& inst, const std::string* mods) {
    std::vector<std::string> list;
    if (mods) {
      size_t pos = 0;
      for (;;) {
        size_t dot = mods->find('.', pos);
        list.push_back(mods->substr(pos, dot == std::string::npos ? std::string::npos : dot - pos));
        if (dot == std::string::npos) break;
        pos = dot + 1;
      }
    }
    for (const std::string& m : list) {
      if (m.empty()) error(std::string("empty modifier in ") + info.mnemonic);
      bool placed = false;
      for (unsigned g = 0; g < kNumModGroups && !placed; ++g) {
        if (inst.mod[g]) continue;
        uint8_t v = find_mod_value(static_cast<ModGroup>(g), m);
        if (v && (info.mods[g].allowed >> v & 1u)) {
          inst.mod[g] = v;
          placed = true;
        }
      }
      if (!placed) error("bad modifier ." + m + " for " + info.mnemonic + allowed_text(info));
    }
    for (unsigned g = 0; g < kNumModGroups; ++g) {
      const ModRule& rule = info.mods[g];
      if (inst.mod[g]) continue;
      if (rule.required)
        error(std::string(info.mnemonic) + " needs a ." +
              mod_group_info(static_cast<ModGroup>(g)).name + " modifier" + allowed_text(info));
      inst.mod[g] = rule.dflt;
    }
  }

  static std::string allowed_text(const OpcodeInfo& info) {
    std::string s;
    for (unsigned g = 0; g < kNumModGroups; ++g) {
      for (uint8_t v = 1; v < 32; ++v)
        if (info.mods[g].allowed >> v & 1u)
          s +=
              std::string(s.empty() ? "" : " ") + "." + mod_value_name(static_cast<ModGroup>(g), v);
    }
    return s.empty() ? " (it takes no modifiers)" : " (accepted: " + s + ")";
  }

  bool parse_pred(std::string_view t, uint8_t& id) const {
    if (t == "PT") {
      id = kPT;
      return true;
    }
    int64_t v;
    if (t.size() < 2 || t[0] != 'P' || !std::isdigit(static_cast<unsigned char>(t[1])) ||
        !parse_int(t.substr(1), v))
      return false;
    if (v >= kNumPreds) error("predicate " + std::string(t) + " out of range (P0..P6, PT)");
    id = static_cast<uint8_t>(v);
    return true;
  }

  // General register: Rn or RZ. Returns false when `t` is not register syntax.
  bool parse_reg(std::string_view t, uint8_t& id) const {
    if (t == "RZ") {
      id = kRZ;
      return true;
    }
    int64_t v;
    if (t.size() < 2 || t[0] != 'R' || !std::isdigit(static_cast<unsigned char>(t[1])) ||
        !parse_int(t.substr(1), v))
      return false;
    if (v >= kNumGeneralRegs) error("register " + std::string(t) + " out of range (R0..R254, RZ)");
    id = static_cast<uint8_t>(v);
    return true;
  }

  void check_group(uint8_t id, unsigned n, std::string_view t) const {
    if (id == kRZ || n == 1) return;
    if (id % n != 0)
      error("register " + std::string(t) + " must be " +
            (n == 2 ? "even (a pair)" : "a multiple of 4 (a quad)"));
    if (id + n - 1 >= kNumGeneralRegs)
      error("register group " + std::string(t) + " runs past R254");
  }

  uint32_t immediate(const OpcodeInfo& info, std::string_view t) const {
    uint32_t bits;
    if (!parse_immediate(t, info.imm_kind, bits)) {
      uint64_t d;
      if (info.imm_kind == ImmKind::f64 && parse_double(t, d))
        error("fp64 immediate '" + std::string(t) +
              "' needs more than its high 32 bits; load it with MOV.64");
      error("bad immediate '" + std::string(t) + "'");
    }
    return bits;
  }

  void operands(const OpcodeInfo& info, Inst& inst, std::string_view text) {
    std::vector<std::string_view> toks;
    if (!text.empty()) toks = split_commas(text);
    unsigned min_ops = info.num_ops;
    while (min_ops && info.ops[min_ops - 1].optional) --min_ops;
    if (toks.size() < min_ops || toks.size() > info.num_ops)
      error(std::string(info.mnemonic) + " takes " + std::to_string(info.num_ops) + " operand" +
            (info.num_ops == 1 ? "" : "s") + " (" + info.signature + "), got " +
            std::to_string(toks.size()));
    // Immediates of `Rx|imm` operands, placed once all operands are known: one may use the
    // 32-bit immediate field (unless an address offset, a label or an `imm` operand has it),
    // the others must be short (integers in -128..127, held in their operand field).
    struct PendingImm {
      unsigned op;
      uint32_t bits;
      bool short_ok;
    };
    std::vector<PendingImm> imms;
    bool field_used = false;
    for (unsigned i = 0; i < info.num_ops; ++i) {
      Operand& op = inst.ops[i];
      OperandRole role = info.ops[i].role;
      if (i >= toks.size()) {  // an omitted optional operand
        if (role == OperandRole::imm) {
          op.kind = OperandKind::imm;
        } else if (role == OperandRole::src_pred) {
          op.kind = OperandKind::pred;
          op.id = kPT;
        } else {
          op.kind = OperandKind::reg;
          op.id = kRZ;
        }
        continue;
      }
      std::string_view t = toks[i];
      if (t.empty()) error("empty operand " + std::to_string(i + 1));
      switch (role) {
        case OperandRole::dst_reg:
        case OperandRole::src_reg:
        case OperandRole::src_reg_or_imm: {
          if (parse_reg(t, op.id)) {
            op.kind = OperandKind::reg;
          } else if (role == OperandRole::src_reg_or_imm) {
            op.kind = OperandKind::imm;
            if ((info.imm_kind == ImmKind::bits || info.imm_kind == ImmKind::bits64) &&
                is_identifier(t) && !parse_immediate(t, ImmKind::bits, inst.imm)) {
              // A label as a value (a function's address for CALL.IND): its pc.
              fixups_.push_back({cur_->code.size(), std::string(t), 0, line_, false});
              field_used = true;
              break;
            }
            if (info.imm_kind == ImmKind::bits64) {
              uint64_t v;
              if (!parse_int64(t, v) && !parse_double(t, v))
                error("bad immediate '" + std::string(t) + "'");
              inst.imm = static_cast<uint32_t>(v);
              inst.imm_hi = static_cast<uint32_t>(v >> 32);
              field_used = true;
              break;
            }
            uint32_t bits = immediate(info, t);
            int64_t iv;
            bool short_ok = info.imm_kind == ImmKind::integer && parse_int(t, iv) &&
                            int32_t(bits) >= -128 && int32_t(bits) <= 127;
            imms.push_back({i, bits, short_ok});
          } else {
            error("operand " + std::to_string(i + 1) + " of " + info.mnemonic +
                  " must be a register, got '" + std::string(t) + "'");
          }
          break;
        }
        case OperandRole::dst_pred:
        case OperandRole::src_pred: {
          std::string_view p = t;
          if (role == OperandRole::src_pred && p[0] == '!') {
            op.neg = true;
            p.remove_prefix(1);
          }
          if (!parse_pred(p, op.id))
            error("operand " + std::to_string(i + 1) + " of " + info.mnemonic +
                  " must be a predicate, got '" + std::string(t) + "'");
          op.kind = OperandKind::pred;
          break;
        }
        case OperandRole::sreg: {
          static const SpecialRegNames kNames;
          auto it = kNames.ids.find(upper(t));
          if (it == kNames.ids.end()) error("unknown special register '" + std::string(t) + "'");
          op.kind = OperandKind::sreg;
          op.id = it->second;
          break;
        }
        case OperandRole::addr:
          address(info, inst, op, t);
          field_used = true;
          break;
        case OperandRole::label:
          if (!is_identifier(t)) error("bad label '" + std::string(t) + "'");
          op.kind = OperandKind::label;
          fixups_.push_back({cur_->code.size(), std::string(t), 0, line_, false});
          field_used = true;
          break;
        case OperandRole::imm:
          op.kind = OperandKind::imm;
          inst.imm = immediate(info, t);
          field_used = true;
          break;
      }
    }
    place_immediates(inst, imms, field_used);
    // Register groups: checked once every modifier and operand is known (S2R's destination
    // is a pair only for a 64-bit special register).
    for (unsigned i = 0; i < info.num_ops && i < toks.size(); ++i) {
      const Operand& op = inst.ops[i];
      if (op.kind == OperandKind::reg) check_group(op.id, operand_regs(info, inst, i), toks[i]);
    }
  }

  template <class Pending>
  void place_immediates(Inst& inst, const std::vector<Pending>& imms, bool field_used) {
    const Pending* wide = nullptr;  // the one that takes the 32-bit field
    if (!field_used && !imms.empty()) {
      wide = &imms[0];
      for (const Pending& p : imms)
        if (!p.short_ok) {
          wide = &p;
          break;
        }
    }
    for (const Pending& p : imms) {
      Operand& op = inst.ops[p.op];
      if (&p == wide) {
        inst.imm = p.bits;
      } else if (p.short_ok) {
        op.short_imm = true;
        op.id = static_cast<uint8_t>(p.bits);
      } else {
        error("at most one immediate or address offset per instruction (other immediates must "
              "be integers in -128..127)");
      }
    }
  }

  void address(const OpcodeInfo& info, Inst& inst, Operand& op, std::string_view t) {
    if (t.size() < 2 || t.front() != '[' || t.back() != ']')
      error("operand of " + std::string(info.mnemonic) + " must be an address [...], got '" +
            std::string(t) + "'");
    std::string_view body = trim(t.substr(1, t.size() - 2));
    op.kind = OperandKind::addr;
    op.id = kRZ;
    MemSpace space = mem_space(inst);
    std::string_view base = body, offset;
    int sign = 1;
    size_t pm = body.find_first_of("+-", 1);
    if (pm != std::string_view::npos && !is_identifier(body)) {
      base = trim(body.substr(0, pm));
      offset = trim(body.substr(pm + 1));
      sign = body[pm] == '-' ? -1 : 1;
    }
    int64_t value = 0;
    std::string param;
    if (base.empty()) error("empty address");
    if (parse_reg(base, op.id)) {
      if (space == MemSpace::param)
        error("param-space addresses take no register: [offset] or [name]");
      check_group(op.id, address_regs(inst), base);
    } else if (parse_int(base, value) && offset.empty()) {
      offset = base;  // [imm]
      sign = 1;
    } else if (is_identifier(base) && space == MemSpace::param) {
      param = std::string(base);
    } else {
      error("bad address '" + std::string(t) + "'");
    }
    value = 0;
    if (!offset.empty() && !parse_int(offset, value))
      error("bad address offset '" + std::string(offset) + "'");
    value *= sign;
    if (value < INT32_MIN || value > INT32_MAX)
      error("address offset out of range (32-bit signed)");
    inst.imm = static_cast<uint32_t>(value);
    if (!param.empty()) fixups_.push_back({cur_->code.size(), param, value, line_, true});
  }

  void finish_kernel() {
    if (!cur_) return;
    Kernel& k = *cur_;
    if (k.code.empty()) error_at(kernel_line_, "kernel " + k.name + " has no instructions");
    for (const Fixup& f : fixups_) {
      Inst& inst = k.code[f.inst];
      if (f.param) {
        const ParamDecl* p = k.find_param(f.name);
        if (!p) error_at(f.line, "unknown param '" + f.name + "'");
        inst.imm = static_cast<uint32_t>(int64_t(p->offset) + f.addend);
      } else {
        auto it = labels_.find(f.name);
        if (it == labels_.end()) error_at(f.line, "undefined label '" + f.name + "'");
        if (it->second >= k.code.size())
          error_at(f.line, "label '" + f.name + "' does not point at an instruction");
        inst.imm = it->second * kInstBytes;
      }
    }
    const Inst& last = k.code.back();
    const Flow lf = opcode_info(last.opcode).flow;
    if (!((lf == Flow::exit || lf == Flow::ret || lf == Flow::branch) && last.guard == kPT &&
          !last.guard_neg))
      error_at(k.lines.back(), "kernel " + k.name +
                                   " can run past its last instruction; end it with an "
                                   "unconditional EXIT, RET or BRA");
    unsigned need = 1;
    for (size_t i = 0; i < k.code.size(); ++i) {
      unsigned n = registers_needed(k.code[i]);
      if (regs_ && n > regs_)
        error_at(k.lines[i], "instruction uses R" + std::to_string(n - 1) + " but .regs is " +
                                 std::to_string(regs_) + " (line " + std::to_string(regs_line_) +
                                 ")");
      need = std::max(need, n);
    }
    k.regs = regs_ ? regs_ : need;
    set_reconvergence_points(k.code);
    cur_ = nullptr;
    labels_.clear();
    fixups_.clear();
    regs_ = 0;
  }

  std::string path_;
  Program prog_;
  Kernel* cur_ = nullptr;
  int line_ = 0, kernel_line_ = 0, regs_line_ = 0;
  uint32_t regs_ = 0;
  std::unordered_map<std::string, uint32_t> labels_;
  std::vector<Fixup> fixups_;
};

}  // namespace

bool parse_immediate(std::string_view t, ImmKind kind, uint32_t& bits) {
  int64_t v;
  switch (kind) {
    case ImmKind::integer:
      if (!parse_int(t, v) || !fits32(v)) return false;
      bits = static_cast<uint32_t>(v);
      return true;
    case ImmKind::f32: return parse_float(t, bits);
    case ImmKind::bits:
      if (parse_f32_bits(t, bits)) return true;
      if (parse_int(t, v)) {
        if (!fits32(v)) return false;
        bits = static_cast<uint32_t>(v);
        return true;
      }
      return parse_float(t, bits);
    case ImmKind::f64: {
      uint64_t d;
      if (!parse_double(t, d) || static_cast<uint32_t>(d) != 0) return false;
      bits = static_cast<uint32_t>(d >> 32);
      return true;
    }
    case ImmKind::bits64: {
      uint64_t w;
      if (!parse_int64(t, w) && !parse_double(t, w)) return false;
      if (int64_t(w) < INT32_MIN || int64_t(w) > int64_t(UINT32_MAX)) return false;
      bits = static_cast<uint32_t>(w);
      return true;
    }
  }
  return false;
}

Program assemble(std::string_view text, const std::string& path) {
  return Assembler(path).run(text);
}

Program assemble_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot read file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return assemble(ss.str(), path);
}

}  // namespace warpsim::isa
