#include "isa/encoding.h"

#include <algorithm>

#include "isa/opcode_table.h"

namespace warpsim::isa {

namespace {

constexpr unsigned kOpShift = 14, kNegShift = 54, kImmIdxShift = 59;

uint32_t pack_mods(const Inst& inst) {
  uint32_t w = 0;
  for (unsigned g = 0; g < kNumModGroups; ++g)
    w |= uint32_t(inst.mod[g]) << mod_group_info(static_cast<ModGroup>(g)).shift;
  return w;
}

bool is_reg_role(OperandRole r) {
  return r == OperandRole::dst_reg || r == OperandRole::src_reg || r == OperandRole::src_reg_or_imm;
}

}  // namespace

EncodedInst encode(const Inst& inst) {
  const OpcodeInfo& info = opcode_info(inst.opcode);
  uint64_t w0 = inst.opcode & 0x3FFu;
  w0 |= uint64_t(inst.guard & 7u) << 10;
  w0 |= uint64_t(inst.guard_neg ? 1 : 0) << 13;
  if (info.has_label()) {
    w0 |= uint64_t(inst.reconv) << kOpShift;
  } else {
    for (unsigned i = 0; i < kMaxOperands; ++i) {
      const Operand& op = inst.ops[i];
      uint8_t id = i < info.num_ops ? op.id : kRZ;
      w0 |= uint64_t(id) << (kOpShift + 8 * i);
      // The negation bit marks a short immediate on register operands.
      if (op.neg || op.short_imm) w0 |= uint64_t(1) << (kNegShift + i);
      if (op.kind == OperandKind::imm && !op.short_imm &&
          info.ops[i].role == OperandRole::src_reg_or_imm)
        w0 |= uint64_t(i + 1) << kImmIdxShift;
    }
  }
  // Instructions with a 64-bit immediate take no modifiers: the modifier word holds its top.
  uint32_t top = info.imm_kind == ImmKind::bits64 ? inst.imm_hi : pack_mods(inst);
  uint64_t w1 = inst.imm | (uint64_t(top) << 32);
  return {w0, w1};
}

bool decode(const EncodedInst& words, Inst& out, std::string& why) {
  uint64_t w0 = words[0], w1 = words[1];
  Inst inst;
  inst.opcode = static_cast<uint16_t>(w0 & 0x3FFu);
  if (inst.opcode >= opcode_table().size()) {
    why = "unknown opcode " + std::to_string(inst.opcode);
    return false;
  }
  const OpcodeInfo& info = opcode_info(inst.opcode);
  inst.guard = static_cast<uint8_t>((w0 >> 10) & 7u);
  inst.guard_neg = (w0 >> 13) & 1u;
  if (w0 >> 62) {
    why = "reserved bits set";
    return false;
  }
  uint32_t mods = static_cast<uint32_t>(w1 >> 32);
  if (info.imm_kind == ImmKind::bits64) {
    inst.imm_hi = mods;
    mods = 0;
  }
  uint32_t allowed = 0;
  for (unsigned g = 0; g < kNumModGroups; ++g) {
    const ModGroupInfo& gi = mod_group_info(static_cast<ModGroup>(g));
    const ModRule& rule = info.mods[g];
    if (!rule.allowed) continue;
    allowed |= gi.mask();
    uint8_t v = static_cast<uint8_t>((mods & gi.mask()) >> gi.shift);
    if (v ? !(rule.allowed >> v & 1u) : rule.required) {
      why = std::string(info.mnemonic) + ": invalid ." + gi.name + " modifier field";
      return false;
    }
    inst.mod[g] = v;
  }
  if (mods & ~allowed) {
    why = std::string(info.mnemonic) + ": modifier bits set for a group it does not take";
    return false;
  }
  inst.imm = static_cast<uint32_t>(w1);
  unsigned imm_idx = static_cast<unsigned>((w0 >> kImmIdxShift) & 7u);
  if (info.has_label()) {
    inst.reconv = static_cast<uint32_t>(w0 >> kOpShift);
    if ((w0 >> (kOpShift + 32)) != 0) {
      why = "reserved bits set in a branch";
      return false;
    }
  } else if (imm_idx > info.num_ops ||
             (imm_idx && info.ops[imm_idx - 1].role != OperandRole::src_reg_or_imm)) {
    why = std::string(info.mnemonic) + ": invalid immediate operand index";
    return false;
  }
  for (unsigned i = 0; i < kMaxOperands; ++i) {
    uint8_t id = static_cast<uint8_t>(w0 >> (kOpShift + 8 * i));
    bool neg = (w0 >> (kNegShift + i)) & 1u;
    Operand& op = inst.ops[i];
    if (i >= info.num_ops) {
      if (!info.has_label() && (id != kRZ || neg)) {
        why = "unused operand field set";
        return false;
      }
      continue;
    }
    OperandRole role = info.ops[i].role;
    op.id = id;
    op.neg = neg;
    if (neg && role != OperandRole::src_pred && role != OperandRole::src_reg_or_imm) {
      why = std::string(info.mnemonic) + ": negation on a non-predicate operand";
      return false;
    }
    switch (role) {
      case OperandRole::dst_reg:
      case OperandRole::src_reg:
      case OperandRole::src_reg_or_imm:
        if (neg) {  // a short immediate in the operand field
          if (imm_idx == i + 1) {
            why = std::string(info.mnemonic) + ": operand is both a short and a 32-bit immediate";
            return false;
          }
          op.kind = OperandKind::imm;
          op.neg = false;
          op.short_imm = true;
          break;
        }
        op.kind = imm_idx == i + 1 ? OperandKind::imm : OperandKind::reg;
        if (op.kind == OperandKind::imm) op.id = 0;
        break;
      case OperandRole::dst_pred:
      case OperandRole::src_pred:
        op.kind = OperandKind::pred;
        if (id > kPT) {
          why = "predicate id out of range";
          return false;
        }
        break;
      case OperandRole::sreg:
        op.kind = OperandKind::sreg;
        if (id >= static_cast<unsigned>(SpecialReg::count_)) {
          why = "special register id out of range";
          return false;
        }
        break;
      case OperandRole::addr: op.kind = OperandKind::addr; break;
      case OperandRole::label:
        op.kind = OperandKind::label;
        op.id = 0;
        break;
      case OperandRole::imm:
        op.kind = OperandKind::imm;
        op.id = 0;
        break;
    }
    if (op.kind == OperandKind::reg || op.kind == OperandKind::addr) {
      unsigned n = op.kind == OperandKind::addr ? std::max(1u, address_regs(inst))
                                                : operand_regs(info, inst, i);
      if (op.kind == OperandKind::addr && address_regs(inst) == 0 && id != kRZ) {
        why = "param address with a base register";
        return false;
      }
      if (id != kRZ && (id % n != 0 || id + n - 1 >= kNumGeneralRegs)) {
        why = std::string(info.mnemonic) + ": misaligned or out-of-range register group";
        return false;
      }
    }
  }
  if (info.check) {
    if (const char* problem = info.check(inst)) {
      why = std::string(info.mnemonic) + ": " + problem;
      return false;
    }
  }
  out = inst;
  return true;
}

unsigned registers_needed(const Inst& inst) {
  const OpcodeInfo& info = opcode_info(inst.opcode);
  unsigned need = 0;
  for (unsigned i = 0; i < info.num_ops; ++i) {
    const Operand& op = inst.ops[i];
    if (op.id == kRZ) continue;
    unsigned n = 0;
    if (op.kind == OperandKind::reg && is_reg_role(info.ops[i].role))
      n = operand_regs(info, inst, i);
    else if (op.kind == OperandKind::addr)
      n = address_regs(inst);
    if (n && op.id + n > need) need = op.id + n;
  }
  return need;
}

}  // namespace warpsim::isa
