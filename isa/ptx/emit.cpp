#include "isa/ptx/emit.h"

#include <cstdio>

#include "isa/opcode_table.h"
#include "isa/ptx/chip.h"

namespace warpsim::isa::ptx {

namespace {

class Emitter {
 public:
  Emitter(const MFunction& f, const Allocation& a, KernelText& out) : f_(f), a_(a), out_(out) {}

  void line(const std::string& s, int ptx_line) {
    out_.text += s;
    out_.text += '\n';
    out_.ptx_lines.push_back(ptx_line);
  }

  std::string reg(VReg v, unsigned sub) const {
    if (v == kNoReg) return "RZ";
    return "R" + std::to_string(a_.phys[v] + static_cast<int>(sub));
  }
  std::string pred(VReg v, bool neg) const {
    std::string s = neg ? "!" : "";
    if (v == kNoReg) return s + "PT";
    return s + "P" + std::to_string(a_.phys[v]);
  }

  std::string op(const MOp& o, ImmKind kind) const {
    switch (o.kind) {
      case MOp::Kind::reg: return reg(o.v, o.sub);
      case MOp::Kind::pred: return pred(o.v, o.neg && !o.def);
      case MOp::Kind::imm: {
        uint32_t bits = static_cast<uint32_t>(o.imm);
        char buf[32];
        if (o.wide_imm) {
          std::snprintf(buf, sizeof buf, "0x%llX", static_cast<unsigned long long>(o.imm));
        } else if (o.f32 || kind == ImmKind::f32) {
          std::snprintf(buf, sizeof buf, "0f%08X", bits);
        } else if (kind == ImmKind::bits) {
          std::snprintf(buf, sizeof buf, "0x%X", bits);
        } else if (bits & 0x80000000u) {
          std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(static_cast<int32_t>(bits)));
        } else {
          std::snprintf(buf, sizeof buf, "%u", bits);
        }
        return buf;
      }
      case MOp::Kind::text: return o.text;
      case MOp::Kind::addr: {
        int64_t off = static_cast<int64_t>(o.imm);
        if (o.v == kNoReg && o.text.empty()) return "[" + std::to_string(off) + "]";
        std::string s = "[" + (o.text.empty() ? reg(o.v, o.sub) : o.text);
        if (off > 0) s += "+" + std::to_string(off);
        if (off < 0) s += "-" + std::to_string(-off);
        return s + "]";
      }
      case MOp::Kind::label: return "L" + std::to_string(o.imm);
    }
    return "?";
  }

  void inst(const MInst& m) {
    if (m.is_label) {
      line("L" + std::to_string(m.label) + ":", m.line);
      return;
    }
    std::string g;
    if (m.guard != kNoReg) g = "@" + pred(m.guard, m.guard_neg) + " ";
    if (m.opcode == "%COPY") {
      const MOp& d = m.ops[0];
      const MOp& s = m.ops[1];
      if (reg(d.v, d.sub) == reg(s.v, s.sub)) return;
      static const bool kMov64 = chip_accepts("MOV.64");
      for (unsigned w = 0; w < d.words;) {
        if (kMov64 && d.words - w >= 2) {
          line("  " + g + "MOV.64 " + reg(d.v, d.sub + w) + ", " + reg(s.v, s.sub + w), m.line);
          w += 2;
        } else {
          line("  " + g + "MOV " + reg(d.v, d.sub + w) + ", " + reg(s.v, s.sub + w), m.line);
          ++w;
        }
      }
      return;
    }
    const OpcodeInfo* info = chip_opcode(m.opcode);
    ImmKind kind = info ? info->imm_kind : ImmKind::integer;
    if (m.opcode == "MOV" && m.ops.size() == 2 && m.ops[1].kind == MOp::Kind::reg &&
        op(m.ops[0], kind) == op(m.ops[1], kind))
      return;  // a copy onto itself
    std::string s = "  " + g + m.opcode;
    for (size_t i = 0; i < m.ops.size(); ++i) s += (i ? ", " : " ") + op(m.ops[i], kind);
    line(s, m.line);
  }

  const MFunction& f_;
  const Allocation& a_;
  KernelText& out_;
};

}  // namespace

void emit_kernel(const MFunction& f, const Allocation& a, uint32_t shared_bytes, KernelText& out) {
  Emitter e(f, a, out);
  int first = f.code.empty() ? 0 : f.code.front().line;
  e.line(".kernel " + f.name, first);
  if (shared_bytes) e.line(".shared " + std::to_string(shared_bytes), first);
  if (a.local_bytes) e.line(".local " + std::to_string(a.local_bytes), first);
  e.line(".regs " + std::to_string(a.regs), first);
  for (const MInst& m : f.code) e.inst(m);
}

}  // namespace warpsim::isa::ptx
