#include "isa/ptx/mir_cleanup.h"

#include <cstdint>
#include <vector>

#include "isa/ptx/chip.h"

namespace warpsim::isa::ptx {

namespace {

uint32_t target_of(const MInst& m) {
  for (const MOp& o : m.ops)
    if (o.kind == MOp::Kind::label) return static_cast<uint32_t>(o.imm);
  return 0;
}

}  // namespace

void cleanup_control_flow(MFunction& f) {
  for (int round = 0; round < 8; ++round) {
    bool changed = false;
    auto& code = f.code;
    std::vector<int> pos(f.num_labels, -1);
    for (size_t i = 0; i < code.size(); ++i)
      if (code[i].is_label) pos[code[i].label] = static_cast<int>(i);
    // The first real instruction at or after index i.
    auto next_inst = [&](size_t i) {
      while (i < code.size() && code[i].is_label) ++i;
      return i;
    };
    // Thread branches whose target is an unconditional branch.
    for (MInst& m : code) {
      if (m.is_label || !m.is_branch()) continue;
      for (int hops = 0; hops < 16; ++hops) {
        int p = pos[target_of(m)];
        if (p < 0) break;
        size_t n = next_inst(static_cast<size_t>(p));
        if (n >= code.size() || !code[n].is_branch() || code[n].guard != kNoReg || &code[n] == &m)
          break;
        uint32_t t2 = target_of(code[n]);
        if (t2 == target_of(m)) break;
        for (MOp& o : m.ops)
          if (o.kind == MOp::Kind::label) o.imm = t2;
        changed = true;
      }
    }
    std::vector<char> referenced(f.num_labels, 0);
    for (const MInst& m : code)
      if (!m.is_label)
        for (const MOp& o : m.ops)
          if (o.kind == MOp::Kind::label) referenced[o.imm] = 1;
    std::vector<MInst> out;
    out.reserve(code.size());
    bool reachable = true;
    for (size_t i = 0; i < code.size(); ++i) {
      MInst& m = code[i];
      if (m.is_label) {
        if (referenced[m.label]) reachable = true;
        if (reachable || referenced[m.label]) out.push_back(std::move(m));
        else changed = true;
        continue;
      }
      if (!reachable) {
        changed = true;
        continue;
      }
      if (m.is_branch() && m.guard == kNoReg) {
        // A jump to the next instruction (only labels in between) does nothing.
        bool to_next = false;
        for (size_t j = i + 1; j < code.size() && code[j].is_label; ++j)
          if (code[j].label == target_of(m)) to_next = true;
        if (to_next) {
          changed = true;
          continue;
        }
      }
      if (m.is_branch() && m.guard != kNoReg && i + 1 < code.size() && !code[i + 1].is_label &&
          code[i + 1].is_branch() && code[i + 1].guard == kNoReg) {
        // `@P BRA L1; BRA L2; L1:` is `@!P BRA L2; L1:`.
        bool l1_next = false;
        for (size_t j = i + 2; j < code.size() && code[j].is_label; ++j)
          if (code[j].label == target_of(m)) l1_next = true;
        if (l1_next) {
          m.guard_neg = !m.guard_neg;
          uint32_t l2 = target_of(code[i + 1]);
          for (MOp& o : m.ops)
            if (o.kind == MOp::Kind::label) o.imm = l2;
          m.opcode = "BRA";
          out.push_back(std::move(m));
          ++i;  // drop the unconditional branch
          changed = true;
          continue;
        }
      }
      if (m.ends_block()) reachable = false;
      out.push_back(std::move(m));
    }
    code = std::move(out);
    if (!changed) break;
  }
}

void fold_constants(MFunction& f) {
  size_t nv = f.vregs.size();
  std::vector<uint32_t> defs(nv, 0);
  for (const MInst& m : f.code)
    for (const MOp& o : m.ops)
      if (o.def && o.v != kNoReg && (o.kind == MOp::Kind::reg || o.kind == MOp::Kind::pred)) ++defs[o.v];
  std::vector<char> is_const(nv, 0);
  std::vector<uint64_t> value(nv, 0);
  for (const MInst& m : f.code) {
    if (m.is_label || m.guard != kNoReg || m.ops.size() != 2 || m.ops[1].kind != MOp::Kind::imm) continue;
    const MOp& d = m.ops[0];
    if (d.kind != MOp::Kind::reg || d.v == kNoReg || defs[d.v] != 1 || d.sub != 0) continue;
    unsigned w = class_words(f.vregs[d.v].cls);
    if ((m.opcode == "MOV" && w == 1 && d.words == 1) || (m.opcode == "MOV.64" && w == 2 && d.words == 2)) {
      is_const[d.v] = 1;
      value[d.v] = w == 1 ? (m.ops[1].imm & 0xFFFFFFFFu) : m.ops[1].imm;
    }
  }
  auto operand_value = [&](const MOp& o, uint64_t& v) {
    if (o.v == kNoReg || !is_const[o.v]) return false;
    unsigned w = class_words(f.vregs[o.v].cls);
    if (o.sub == 0 && o.words == w) {
      v = value[o.v];
      return true;
    }
    if (o.words == 1 && o.sub < 2) {
      v = (value[o.v] >> (32 * o.sub)) & 0xFFFFFFFFu;
      return true;
    }
    return false;
  };
  for (MInst& m : f.code) {
    if (m.is_label) continue;
    if (m.opcode == "%COPY") {
      uint64_t v;
      if (!operand_value(m.ops[1], v) || m.ops[0].words > 2) continue;
      bool wide = m.ops[0].words == 2;
      MOp src;
      src.kind = MOp::Kind::imm;
      src.imm = wide ? v : (v & 0xFFFFFFFFu);
      src.words = m.ops[0].words;
      src.wide_imm = wide;
      m.opcode = wide ? "MOV.64" : "MOV";
      m.ops[1] = src;
      continue;
    }
    const OpcodeInfo* info = chip_opcode(m.opcode);
    for (size_t i = 0; i < m.ops.size(); ++i) {
      MOp& o = m.ops[i];
      if (o.def || (o.kind != MOp::Kind::reg && o.kind != MOp::Kind::addr)) continue;
      uint64_t v;
      if (!operand_value(o, v)) continue;
      if (o.kind == MOp::Kind::addr) {
        // [const + offset] -> [absolute], when it fits the signed 32-bit offset.
        int64_t abs = static_cast<int64_t>(v) + static_cast<int64_t>(o.imm);
        if (o.words == 1) abs = static_cast<int32_t>(static_cast<uint32_t>(v) + static_cast<uint32_t>(o.imm));
        if (abs < INT32_MIN || abs > INT32_MAX) continue;
        o.v = kNoReg;
        o.sub = 0;
        o.imm = static_cast<uint64_t>(abs);
        continue;
      }
      uint64_t wmask = o.words >= 2 ? ~uint64_t(0) : 0xFFFFFFFFu;
      if ((v & wmask) == 0) {  // RZ reads zero as every width
        o.v = kNoReg;
        o.sub = 0;
        continue;
      }
      if (!info) continue;
      ImmFit fit = chip_imm_fit(*info, i, v, o.words);
      if (fit == ImmFit::none) continue;
      bool have_imm = false;
      for (size_t j = 0; j < m.ops.size(); ++j) {
        const MOp& x = m.ops[j];
        if (x.kind == MOp::Kind::addr || x.kind == MOp::Kind::label) have_imm = true;
        if (x.kind == MOp::Kind::imm &&
            !(j < info->num_ops && info->ops[j].role == OperandRole::imm) &&
            chip_imm_fit(*info, j, x.imm, x.words) != ImmFit::small)
          have_imm = true;
      }
      if (fit == ImmFit::full && have_imm) continue;
      MOp imm;
      imm.kind = MOp::Kind::imm;
      imm.imm = v & 0xFFFFFFFFu;
      imm.words = o.words;
      imm.f32 = info->imm_kind == ImmKind::f32;
      o = imm;
    }
  }
}

}  // namespace warpsim::isa::ptx
