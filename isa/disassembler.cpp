#include "isa/disassembler.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>

#include "isa/opcode_table.h"

namespace warpsim::isa {

namespace {

std::string label_name(uint32_t pc) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "L_%04x", pc);
  return buf;
}

std::string int_text(int64_t v) {
  if (v > -65536 && v < 65536) return std::to_string(v);
  char buf[24];
  std::snprintf(buf, sizeof buf, "%s0x%llx", v < 0 ? "-" : "",
                static_cast<unsigned long long>(v < 0 ? -v : v));
  return buf;
}

// Shortest decimal that reads back as the same fp32 bits; the raw `0f` form otherwise (NaNs).
std::string float_text(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, 4);
  if (std::isfinite(f)) {
    for (int prec = 1; prec <= 9; ++prec) {
      char buf[48];
      std::snprintf(buf, sizeof buf, "%.*g", prec, static_cast<double>(f));
      float back = std::strtof(buf, nullptr);
      uint32_t back_bits;
      std::memcpy(&back_bits, &back, 4);
      if (back_bits == bits) return buf;
    }
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "0f%08X", bits);
  return buf;
}

// Shortest decimal that reads back as the same fp64 bits; the raw `0d` form otherwise.
std::string double_text(uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, 8);
  if (std::isfinite(d)) {
    for (int prec = 1; prec <= 17; ++prec) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.*g", prec, d);
      double back = std::strtod(buf, nullptr);
      uint64_t back_bits;
      std::memcpy(&back_bits, &back, 8);
      if (back_bits == bits) return buf;
    }
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "0d%016llX", static_cast<unsigned long long>(bits));
  return buf;
}

std::string u64_text(uint64_t v) {
  if (v < 65536) return std::to_string(v);
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

// Whether operand i is an omitted-able trailing operand at its default (RZ, PT, 0).
bool at_default(const OpcodeInfo& info, const Inst& inst, unsigned i) {
  if (!info.ops[i].optional) return false;
  const Operand& op = inst.ops[i];
  switch (op.kind) {
    case OperandKind::reg: return op.id == kRZ;
    case OperandKind::pred: return op.id == kPT && !op.neg;
    case OperandKind::imm:
      return info.ops[i].role == OperandRole::imm && !op.short_imm && inst.imm == 0;
    default: return false;
  }
}

std::string reg_text(uint8_t id) { return id == kRZ ? "RZ" : "R" + std::to_string(id); }
std::string pred_text(uint8_t id, bool neg) {
  return std::string(neg ? "!" : "") + (id == kPT ? "PT" : "P" + std::to_string(id));
}

}  // namespace

std::string opcode_text(const Inst& inst) {
  const OpcodeInfo& info = opcode_info(inst.opcode);
  std::string s = info.mnemonic;
  // Conversions have two type groups with overlapping spellings: both are always written so
  // that the assembler assigns them to the same groups again.
  bool two_types = info.rule(ModGroup::stype).allowed != 0;
  for (unsigned g = 0; g < kNumModGroups; ++g) {
    uint8_t v = inst.mod[g];
    auto group = static_cast<ModGroup>(g);
    bool force = two_types && (group == ModGroup::type || group == ModGroup::stype);
    if (v && (v != info.mods[g].dflt || force)) s += std::string(".") + mod_value_name(group, v);
  }
  return s;
}

std::string disassemble_inst(const Inst& inst, const Kernel* kernel) {
  const OpcodeInfo& info = opcode_info(inst.opcode);
  std::string s;
  if (inst.guard != kPT || inst.guard_neg) s += "@" + pred_text(inst.guard, inst.guard_neg) + " ";
  s += opcode_text(inst);
  unsigned shown = info.num_ops;
  while (shown > 0 && at_default(info, inst, shown - 1)) --shown;
  for (unsigned i = 0; i < shown; ++i) {
    const Operand& op = inst.ops[i];
    s += i == 0 ? " " : ", ";
    switch (op.kind) {
      case OperandKind::reg: s += reg_text(op.id); break;
      case OperandKind::pred: s += pred_text(op.id, op.neg); break;
      case OperandKind::sreg: s += special_reg_name(static_cast<SpecialReg>(op.id)); break;
      case OperandKind::imm:
        if (op.short_imm)
          s += std::to_string(int32_t(short_imm_value(op)));
        else if (info.imm_kind == ImmKind::f32)
          s += float_text(inst.imm);
        else if (info.imm_kind == ImmKind::f64)
          s += double_text(uint64_t(inst.imm) << 32);
        else if (info.imm_kind == ImmKind::bits64)
          s += u64_text(inst.imm | uint64_t(inst.imm_hi) << 32);
        else
          s += int_text(int64_t(int32_t(inst.imm)));
        break;
      case OperandKind::label: s += label_name(inst.imm); break;
      case OperandKind::addr: {
        auto off = int64_t(int32_t(inst.imm));
        const ParamDecl* named = nullptr;
        if (kernel && mem_space(inst) == MemSpace::param)
          for (const ParamDecl& p : kernel->params)
            if (inst.imm >= p.offset && inst.imm < p.offset + p.bytes()) named = &p;
        if (named && inst.imm == named->offset)
          s += "[" + named->name + "]";
        else if (named)
          s += "[" + named->name + "+" + std::to_string(inst.imm - named->offset) + "]";
        else if (op.id == kRZ)
          s += "[" + int_text(off) + "]";
        else if (off == 0)
          s += "[" + reg_text(op.id) + "]";
        else
          s += "[" + reg_text(op.id) + (off < 0 ? "-" : "+") + int_text(off < 0 ? -off : off) + "]";
        break;
      }
      case OperandKind::none: break;
    }
  }
  return s;
}

std::string disassemble_kernel(const Kernel& k) {
  std::set<uint32_t> targets;
  for (const Inst& inst : k.code)
    if (opcode_info(inst.opcode).has_label()) targets.insert(inst.imm);  // branches and calls
  std::string s = ".kernel " + k.name + "\n";
  for (const ParamDecl& p : k.params) {
    if (p.array_bytes > 0) {
      s += ".param .align " + std::to_string(p.align) + " u8 " + p.name + "[" +
           std::to_string(p.array_bytes) + "]\n";
    } else {
      s += ".param " + std::string(scalar_type_name(p.type)) + " " + p.name + "\n";
    }
  }
  if (k.shared_bytes) s += ".shared " + std::to_string(k.shared_bytes) + "\n";
  if (k.local_bytes) s += ".local " + std::to_string(k.local_bytes) + "\n";
  s += ".regs " + std::to_string(k.regs) + "\n";
  for (size_t i = 0; i < k.code.size(); ++i) {
    auto pc = static_cast<uint32_t>(i * kInstBytes);
    if (targets.count(pc)) s += label_name(pc) + ":\n";
    s += "  " + disassemble_inst(k.code[i], &k) + "\n";
  }
  return s;
}

std::string disassemble(const Program& program) {
  std::string s;
  for (const DataSegment& d : program.data) {
    size_t used = d.bytes.size();
    while (used > 0 && d.bytes[used - 1] == 0) --used;
    s += ".data " + std::string(d.constant ? "const " : "global ") + d.name + " " +
         u64_text(d.address) + " " + std::to_string(d.align) + " " +
         std::to_string(d.bytes.size());
    if (used) {
      s += " ";
      for (size_t i = 0; i < used; ++i) {
        char buf[3];
        std::snprintf(buf, sizeof buf, "%02x", d.bytes[i]);
        s += buf;
      }
    }
    s += "\n";
  }
  if (!program.data.empty() && !program.kernels.empty()) s += "\n";
  for (size_t i = 0; i < program.kernels.size(); ++i) {
    if (i) s += "\n";
    s += disassemble_kernel(program.kernels[i]);
  }
  return s;
}

}  // namespace warpsim::isa
