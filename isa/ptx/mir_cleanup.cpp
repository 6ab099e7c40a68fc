#include "isa/ptx/mir_cleanup.h"

#include <vector>

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
      if (m.ends_block()) reachable = false;
      out.push_back(std::move(m));
    }
    code = std::move(out);
    if (!changed) break;
  }
}

}  // namespace warpsim::isa::ptx
