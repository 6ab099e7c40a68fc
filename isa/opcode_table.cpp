#include "isa/opcode_table.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "isa/semantics.h"

namespace warpsim::isa {

namespace {

using OC = OpClass;
using IK = ImmKind;

// Signature syntax: comma-separated operands. Rd = destination register, Ra/Rb/Rc = source
// registers, `|imm` = may be an immediate instead, `:2` / `:4` = register pair / quad,
// `:w` = as many registers as the access width, `:W` = a pair with .WIDE, `:t` = a pair for a
// 64-bit type; Pd / Pa / Pb = predicates (sources may be negated, `!P0`); SR = special
// register; [addr] = address; label = branch target; imm = immediate (`imm?` = optional, 0).
//
// Modifier syntax: space-separated `group=V|V|V` clauses; `V*` marks the value an absent group
// takes; a group without a default must be written, unless declared `group?=` (absent = none).
const std::vector<OpcodeInfo>& rows() {
  static const std::vector<OpcodeInfo> kRows = {
      // mnemonic, signature, modifiers, unit, immediates, summary, semantics
      {"IADD", "Rd:t, Ra:t, Rb:t|imm", "type=S32*|U32|S64|U64", OC::int_alu, IK::integer,
       "d = a + b, wrapping; .S64/.U64 add register pairs (64-bit address arithmetic)", sem::iadd},
      {"ISUB", "Rd:t, Ra:t, Rb:t|imm", "type=S32*|U32|S64|U64", OC::int_alu, IK::integer,
       "d = a - b, wrapping", sem::isub},
      {"IMUL", "Rd, Ra, Rb|imm", "type=S32*|U32", OC::int_mul, IK::integer,
       "d = low 32 bits of a * b", sem::imul},
      {"IMAD", "Rd:W, Ra, Rb|imm, Rc:W", "wide?=WIDE type=S32*|U32", OC::int_mul, IK::integer,
       "d = a * b + c, low 32 bits; .WIDE: 64-bit pair d = a * b (32x32 -> 64, signed unless "
       ".U32) + pair c",
       sem::imad},
      {"IMIN", "Rd, Ra, Rb|imm", "type=S32*|U32", OC::int_alu, IK::integer, "d = min(a, b)",
       sem::imin},
      {"IMAX", "Rd, Ra, Rb|imm", "type=S32*|U32", OC::int_alu, IK::integer, "d = max(a, b)",
       sem::imax},
      {"SHL", "Rd, Ra, Rb|imm", "", OC::int_alu, IK::integer,
       "d = a << b; shift counts >= 32 give 0", sem::shl},
      {"SHR", "Rd, Ra, Rb|imm", "type=U32*|S32", OC::int_alu, IK::integer,
       "d = a >> b, logical (.U32) or arithmetic (.S32); counts >= 32 act as 32 (0 or sign fill)",
       sem::shr},
      {"AND", "Rd, Ra, Rb|imm", "", OC::int_alu, IK::integer, "d = a & b", sem::and_},
      {"OR", "Rd, Ra, Rb|imm", "", OC::int_alu, IK::integer, "d = a | b", sem::or_},
      {"XOR", "Rd, Ra, Rb|imm", "", OC::int_alu, IK::integer, "d = a ^ b", sem::xor_},
      {"NOT", "Rd, Ra|imm", "", OC::int_alu, IK::integer, "d = ~a", sem::not_},
      {"ISETP", "Pd, Ra, Rb|imm", "cmp=EQ|NE|LT|LE|GT|GE type=S32*|U32", OC::int_alu, IK::integer,
       "Pd = a cmp b, signed or unsigned", sem::isetp},
      {"FADD", "Rd, Ra, Rb|imm", "", OC::fp32, IK::f32, "d = a + b (fp32, round to nearest)",
       sem::fadd},
      {"FSUB", "Rd, Ra, Rb|imm", "", OC::fp32, IK::f32, "d = a - b (fp32)", sem::fsub},
      {"FMUL", "Rd, Ra, Rb|imm", "", OC::fp32, IK::f32, "d = a * b (fp32)", sem::fmul},
      {"FFMA", "Rd, Ra, Rb|imm, Rc", "", OC::fp32, IK::f32, "d = a * b + c, fused (one rounding)",
       sem::ffma},
      {"FMIN", "Rd, Ra, Rb|imm", "", OC::fp32, IK::f32,
       "d = min(a, b); a NaN operand yields the other one (NaN only if both are)", sem::fmin},
      {"FMAX", "Rd, Ra, Rb|imm", "", OC::fp32, IK::f32,
       "d = max(a, b); a NaN operand yields the other one (NaN only if both are)", sem::fmax},
      {"FSETP", "Pd, Ra, Rb|imm", "cmp=EQ|NE|LT|LE|GT|GE", OC::fp32, IK::f32,
       "Pd = a cmp b, ordered: false when either operand is NaN (NE included)", sem::fsetp},
      // Conversions issue at quarter rate on Volta (CUDA C Programming Guide, arithmetic
      // instruction throughput: 16 conversions/clock/SM), the multi-function unit's rate.
      {"I2F", "Rd, Ra", "rnd=RN* type=F32* stype=S32*|U32", OC::sfu, IK::integer,
       "d = (float)a, a signed or unsigned 32-bit integer, round to nearest even", sem::i2f},
      {"F2I", "Rd, Ra", "rnd=RZ* type=S32*|U32 stype=F32*", OC::sfu, IK::integer,
       "d = (int)a, round toward zero; saturates to the type's range, NaN gives 0", sem::f2i},
      {"MOV", "Rd, Ra|imm", "", OC::int_alu, IK::bits,
       "d = a; an immediate may be an integer or an fp32 literal (its bits)", sem::mov},
      {"S2R", "Rd, SR", "", OC::misc, IK::integer, "d = special register", sem::s2r},
      {"SEL", "Rd, Ra, Rb|imm, Pa", "", OC::int_alu, IK::integer, "d = Pa ? a : b", sem::sel},
      {"PLOP", "Pd, Pa, Pb", "boolop=AND|OR|XOR", OC::int_alu, IK::integer,
       "Pd = Pa op Pb (sources may be negated)", sem::plop},
      {"PNOT", "Pd, Pa", "", OC::int_alu, IK::integer, "Pd = !Pa", sem::pnot},
      {"LD", "Rd:w, [addr]", "space=G|S|P cache?=CA|CG|CS|CV|LU|NC width=U8|S8|U16|S16|32|64|128",
       OC::load, IK::integer,
       "d = memory[addr]; U8..S16 zero/sign-extend to 32 bits; 64/128 fill a pair/quad", sem::ld},
      {"ST", "[addr], Ra:w", "space=G|S cache?=CA|CG|CS|CV|LU|NC width=U8|U16|32|64|128", OC::store,
       IK::integer, "memory[addr] = a; U8/U16 store the low bits", sem::st},
      {"BRA", "label", "", OC::branch, IK::integer,
       "jump; lanes whose guard is false fall through and reconverge at the branch's "
       "immediate post-dominator",
       sem::bra},
      {"BAR", "imm?", "", OC::barrier, IK::integer,
       "CTA-wide barrier (id imm, 0 when omitted): the warp waits until every non-exited warp "
       "of its CTA arrives",
       sem::bar},
      {"EXIT", "", "", OC::exit, IK::integer, "the executing lanes finish", sem::exit},
      {"NOP", "", "", OC::misc, IK::integer, "no operation", sem::nop},
  };
  return kRows;
}

[[noreturn]] void table_error(const OpcodeInfo& r, const std::string& what) {
  throw std::logic_error(std::string("opcode table row ") + r.mnemonic + ": " + what);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else if (c != ' ' || sep != ',') {
      cur += c;
    }
  }
  if (!cur.empty() || !out.empty()) out.push_back(cur);
  return out;
}

void parse_signature(OpcodeInfo& r) {
  std::string sig = r.signature;
  if (sig.empty()) return;
  for (const std::string& tok : split(sig, ',')) {
    if (r.num_ops == kMaxOperands) table_error(r, "too many operands");
    OperandSpec spec;
    std::string t = tok, width;
    size_t colon = t.find(':');
    size_t bar = t.find('|');
    bool or_imm = bar != std::string::npos;
    if (colon != std::string::npos)
      width = t.substr(colon + 1, or_imm ? bar - colon - 1 : std::string::npos);
    std::string head = t.substr(0, std::min(colon, bar));
    if (head.size() == 2 && head[0] == 'R') {
      spec.role = head[1] == 'd' ? OperandRole::dst_reg
                  : or_imm       ? OperandRole::src_reg_or_imm
                                 : OperandRole::src_reg;
    } else if (head.size() == 2 && head[0] == 'P') {
      spec.role = head[1] == 'd' ? OperandRole::dst_pred : OperandRole::src_pred;
    } else if (head == "SR") {
      spec.role = OperandRole::sreg;
    } else if (head == "[addr]") {
      spec.role = OperandRole::addr;
    } else if (head == "label") {
      spec.role = OperandRole::label;
    } else if (head == "imm" || head == "imm?") {
      spec.role = OperandRole::imm;
      spec.optional = head == "imm?";
    } else {
      table_error(r, "bad operand '" + tok + "'");
    }
    if (width.empty())
      spec.width = OperandWidth::one;
    else if (width == "2")
      spec.width = OperandWidth::two;
    else if (width == "4")
      spec.width = OperandWidth::four;
    else if (width == "w")
      spec.width = OperandWidth::access;
    else if (width == "W")
      spec.width = OperandWidth::wide;
    else if (width == "t")
      spec.width = OperandWidth::dtype;
    else
      table_error(r, "bad operand width '" + tok + "'");
    r.ops[r.num_ops++] = spec;
  }
}

void parse_modifiers(OpcodeInfo& r) {
  for (const std::string& clause : split(r.modifiers, ' ')) {
    if (clause.empty()) continue;
    size_t eq = clause.find('=');
    if (eq == std::string::npos) table_error(r, "bad modifier clause '" + clause + "'");
    std::string gname = clause.substr(0, eq);
    bool optional = !gname.empty() && gname.back() == '?';
    if (optional) gname.pop_back();
    int group = -1;
    for (unsigned g = 0; g < kNumModGroups; ++g)
      if (gname == mod_group_info(static_cast<ModGroup>(g)).name) group = static_cast<int>(g);
    if (group < 0) table_error(r, "unknown modifier group '" + gname + "'");
    ModRule& rule = r.mods[static_cast<unsigned>(group)];
    for (std::string v : split(clause.substr(eq + 1), '|')) {
      bool dflt = !v.empty() && v.back() == '*';
      if (dflt) v.pop_back();
      uint8_t value = find_mod_value(static_cast<ModGroup>(group), v);
      if (value == 0) table_error(r, "unknown modifier '" + v + "' in group " + gname);
      rule.allowed |= 1u << value;
      if (dflt) rule.dflt = value;
    }
    rule.required = !optional && rule.dflt == 0;
  }
}

std::vector<OpcodeInfo> build() {
  std::vector<OpcodeInfo> t = rows();
  if (t.size() > 1024) throw std::logic_error("opcode table exceeds the 10-bit opcode field");
  for (OpcodeInfo& r : t) {
    parse_signature(r);
    parse_modifiers(r);
  }
  return t;
}

}  // namespace

bool OpcodeInfo::has_label() const {
  for (unsigned i = 0; i < num_ops; ++i)
    if (ops[i].role == OperandRole::label) return true;
  return false;
}

const std::vector<OpcodeInfo>& opcode_table() {
  static const std::vector<OpcodeInfo> kTable = build();
  return kTable;
}

int find_opcode(std::string_view mnemonic) {
  static const std::unordered_map<std::string_view, int> kIndex = [] {
    std::unordered_map<std::string_view, int> m;
    const auto& t = opcode_table();
    for (size_t i = 0; i < t.size(); ++i) m.emplace(t[i].mnemonic, static_cast<int>(i));
    return m;
  }();
  auto it = kIndex.find(mnemonic);
  return it == kIndex.end() ? -1 : it->second;
}

unsigned operand_regs(const OpcodeInfo& info, const Inst& inst, unsigned i) {
  switch (info.ops[i].width) {
    case OperandWidth::one: return 1;
    case OperandWidth::two: return 2;
    case OperandWidth::four: return 4;
    case OperandWidth::access: {
      unsigned b = width_bytes(inst.m<WidthMod>(ModGroup::width));
      return b <= 4 ? 1 : b / 4;
    }
    case OperandWidth::wide: return inst.mod[static_cast<unsigned>(ModGroup::wide)] ? 2 : 1;
    case OperandWidth::dtype: {
      DataType d = inst.m<DataType>(ModGroup::type);
      return d == DataType::u64 || d == DataType::s64 || d == DataType::f64 || d == DataType::b64
                 ? 2
                 : 1;
    }
  }
  return 1;
}

unsigned access_bytes(const Inst& inst) { return width_bytes(inst.m<WidthMod>(ModGroup::width)); }

MemSpace mem_space(const Inst& inst) {
  switch (inst.m<SpaceMod>(ModGroup::space)) {
    case SpaceMod::g: return MemSpace::global;
    case SpaceMod::s: return MemSpace::shared;
    case SpaceMod::l: return MemSpace::local;
    case SpaceMod::c: return MemSpace::constant;
    case SpaceMod::p: return MemSpace::param;
    case SpaceMod::none: break;
  }
  return MemSpace::none;
}

CacheOp cache_op(const Inst& inst) {
  return static_cast<CacheOp>(inst.mod[static_cast<unsigned>(ModGroup::cache)]);
}

}  // namespace warpsim::isa
