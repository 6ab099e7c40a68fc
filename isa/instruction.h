// A decoded chip instruction: what the assembler produces, the encoder packs into 16 bytes and
// the emulator executes. Field meanings are fixed by the opcode's table row (isa/opcode_table.h).
#pragma once

#include <array>
#include <cstdint>

#include "isa/modifiers.h"

namespace warpsim::isa {

constexpr unsigned kInstBytes = 16;
constexpr unsigned kMaxOperands = 5;
constexpr uint8_t kNumGeneralRegs = 255;  // R0..R254
constexpr uint8_t kRZ = 255;              // reads 0, writes are discarded
constexpr uint8_t kNumPreds = 7;          // P0..P6
constexpr uint8_t kPT = 7;                // always true, writes are discarded
// Reconvergence pc of a branch whose paths only meet at the kernel's exit.
constexpr uint32_t kReconvAtExit = 0xFFFFFFFFu;

enum class SpecialReg : uint8_t {
  tid_x,
  tid_y,
  tid_z,
  ntid_x,
  ntid_y,
  ntid_z,
  ctaid_x,
  ctaid_y,
  ctaid_z,
  nctaid_x,
  nctaid_y,
  nctaid_z,
  laneid,
  warpid,
  smid,
  clocklo,
  clockhi,
  lanemask_eq,  // lane masks relative to the reading lane (PTX %lanemask_*)
  lanemask_lt,
  lanemask_le,
  lanemask_gt,
  lanemask_ge,
  clock64,         // 64-bit cycle counter: a register pair
  globaltimer,     // 64-bit nanosecond timer (cycle count at a nominal 1 GHz): a register pair
  globaltimer_lo,  // its low and high 32 bits
  globaltimer_hi,
  count_
};
// True for the special registers that fill a register pair.
inline bool special_reg_is_64bit(SpecialReg r) {
  return r == SpecialReg::clock64 || r == SpecialReg::globaltimer;
}
const char* special_reg_name(SpecialReg r);  // "SR_TID.X"

enum class OperandKind : uint8_t {
  none,
  reg,    // general register (or the first of a pair/quad)
  pred,   // predicate register, possibly negated as a source
  imm,    // immediate: in Inst::imm, or a short one in Operand::id (Operand::short_imm)
  sreg,   // special register
  addr,   // [base + Inst::imm]; base is a register (pair for global) or RZ for none
  label,  // branch target: byte pc in Inst::imm
};

struct Operand {
  OperandKind kind = OperandKind::none;
  uint8_t id = 0;    // register, predicate, special register or address base
  bool neg = false;  // `!P` for predicate sources
  // An immediate held in `id` as a signed 8-bit value (-128..127) instead of Inst::imm, so that
  // an instruction can take more than one immediate (`SHFL.BFLY R1, PT, R2, 16, 31`,
  // `ATOM.G.ADD R1, [R2+8], 1`). Only integer immediates of `Rx|imm` operands can be short.
  bool short_imm = false;
};
inline uint32_t short_imm_value(const Operand& op) {
  return static_cast<uint32_t>(int32_t(int8_t(op.id)));
}

struct Inst {
  uint16_t opcode = 0;
  uint8_t guard = kPT;  // guard predicate; lanes where it is false do nothing
  bool guard_neg = false;
  std::array<uint8_t, kNumModGroups> mod{};  // value per group, 0 = absent
  std::array<Operand, kMaxOperands> ops{};   // in the row's signature order
  uint32_t imm = 0;     // the 32-bit immediate, address offset, or branch / call target pc
  uint32_t imm_hi = 0;  // high 32 bits of a 64-bit immediate (MOV.64), 0 otherwise
  uint32_t reconv = kReconvAtExit;  // branches: immediate post-dominator's byte pc

  template <class E>
  E m(ModGroup g) const {
    return static_cast<E>(mod[static_cast<unsigned>(g)]);
  }
  bool operator==(const Inst& o) const {
    return opcode == o.opcode && guard == o.guard && guard_neg == o.guard_neg && mod == o.mod &&
           ops_equal(o) && imm == o.imm && imm_hi == o.imm_hi && reconv == o.reconv;
  }
  bool operator!=(const Inst& o) const { return !(*this == o); }

 private:
  bool ops_equal(const Inst& o) const {
    for (unsigned i = 0; i < kMaxOperands; ++i)
      if (ops[i].kind != o.ops[i].kind || ops[i].id != o.ops[i].id ||
          ops[i].neg != o.ops[i].neg || ops[i].short_imm != o.ops[i].short_imm)
        return false;
    return true;
  }
};

}  // namespace warpsim::isa
