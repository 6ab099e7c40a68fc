// Machine IR: chip instructions (mnemonic + modifiers, as the assembler spells them) over
// virtual registers. Lowering produces it, the register allocator rewrites its registers and
// adds spill code, and the emitter prints it as chip assembly. Every register operand says
// whether it is read or written, so liveness needs no knowledge of the opcode table.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "isa/ptx/ir.h"

namespace warpsim::isa::ptx {

struct MOp {
  enum class Kind : uint8_t {
    reg,    // general register group: words [sub, sub+words) of vreg v; v == kNoReg: RZ
    pred,   // predicate; v == kNoReg: PT
    imm,    // immediate: imm holds the bits (32-bit pattern after legalization)
    text,   // printed as is (special register names)
    addr,   // [v.sub + imm]; v == kNoReg: [imm]
    label,  // branch target: label id in imm
  };
  Kind kind = Kind::reg;
  VReg v = kNoReg;
  uint8_t sub = 0, words = 1;
  bool def = false;    // written by the instruction
  bool neg = false;    // `!P` source
  bool undef = false;  // a partial def that starts a new value (the other words are dead)
  bool f32 = false;    // immediate of an fp32 operation (printed as a 0f bit pattern)
  bool wide_imm = false;  // a 64-bit immediate (MOV.64)
  uint64_t imm = 0;
  std::string text;
};

struct MInst {
  std::string opcode;  // "IADD.S64"; empty for a label
  bool is_label = false;
  uint32_t label = 0;
  VReg guard = kNoReg;  // predicate vreg, kNoReg: unguarded
  bool guard_neg = false;
  std::vector<MOp> ops;
  int line = 0;
  // Reads other lanes' registers (SHFL, HMMA, MATCH): its results must not share a register
  // with any of its sources, since a lane may write before another lane has read.
  bool early_clobber = false;

  std::string mnemonic() const { return opcode.substr(0, opcode.find('.')); }
  bool is_branch() const { return mnemonic() == "BRA"; }
  // Control never falls through (unguarded EXIT/TRAP/RET or BRA).
  bool ends_block() const {
    std::string m = mnemonic();
    return guard == kNoReg && (m == "BRA" || m == "EXIT" || m == "TRAP" || m == "RET");
  }
  bool leaves() const {  // execution of the executing lanes ends here
    std::string m = mnemonic();
    return m == "EXIT" || m == "TRAP" || m == "RET";
  }
};

struct MFunction {
  std::string name;
  std::vector<VRegInfo> vregs;
  std::vector<MInst> code;
  uint32_t num_labels = 0;
  uint32_t local_bytes = 0;  // PTX local frame; the allocator appends spill slots

  VReg new_vreg(RegClass c) {
    VRegInfo info;
    info.cls = c;
    vregs.push_back(info);
    return static_cast<VReg>(vregs.size() - 1);
  }
};

}  // namespace warpsim::isa::ptx
