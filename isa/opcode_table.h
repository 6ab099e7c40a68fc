// The chip ISA in one table: one row per opcode with its mnemonic, operand signature, accepted
// modifiers, execution-unit class, a one-line summary and its semantics function. Assembler,
// disassembler, encoder, emulator and the reference document (docs/isa.md) all read this table,
// so adding an instruction is one row here plus one semantics function.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "isa/instruction.h"
#include "isa/modifiers.h"
#include "isa/warp_stream.h"

namespace warpsim::isa {

struct ExecContext;
using SemanticsFn = void (*)(ExecContext&);

enum class OperandRole : uint8_t {
  dst_reg,
  src_reg,
  src_reg_or_imm,
  dst_pred,
  src_pred,
  sreg,
  addr,
  label,
  imm
};
// How many consecutive registers a register operand spans.
enum class OperandWidth : uint8_t {
  one,
  two,
  four,
  access,  // from the width modifier: max(1, bytes / 4)
  wide,    // two with .WIDE, else one
  dtype,   // two when the type modifier is 64-bit, else one
};

struct OperandSpec {
  OperandRole role = OperandRole::src_reg;
  OperandWidth width = OperandWidth::one;
  bool optional = false;  // may be omitted (an immediate that then is 0)
};

// How immediates of an instruction are written: integers, or fp32 values (an integer literal
// then means that number as a float, as in `FMUL R0, R1, 2`), or raw bits (either spelling).
enum class ImmKind : uint8_t { integer, f32, bits };

struct ModRule {
  uint32_t allowed = 0;   // bit v set: value v of the group is accepted
  uint8_t dflt = 0;       // value an absent group takes (0: none)
  bool required = false;  // the group must be written
};

struct OpcodeInfo {
  const char* mnemonic;
  const char* signature;  // operand syntax, as documented: "Rd, Ra, Rb|imm"
  const char* modifiers;  // accepted modifiers, see opcode_table.cpp
  OpClass op_class;
  ImmKind imm_kind;
  const char* summary;
  SemanticsFn exec;
  // Parsed from signature and modifiers when the table is built.
  uint8_t num_ops = 0;
  std::array<OperandSpec, kMaxOperands> ops{};
  std::array<ModRule, kNumModGroups> mods{};
  bool has_label() const;
  const ModRule& rule(ModGroup g) const { return mods[static_cast<unsigned>(g)]; }
};

const std::vector<OpcodeInfo>& opcode_table();
// Index into opcode_table() of an uppercase mnemonic; -1 when unknown.
int find_opcode(std::string_view mnemonic);
inline const OpcodeInfo& opcode_info(uint16_t opcode) { return opcode_table()[opcode]; }

// Registers spanned by operand `i` of `inst` under its modifiers (1, 2 or 4).
unsigned operand_regs(const OpcodeInfo& info, const Inst& inst, unsigned i);
// Bytes per lane of a memory instruction (0 for non-memory instructions).
unsigned access_bytes(const Inst& inst);
MemSpace mem_space(const Inst& inst);
CacheOp cache_op(const Inst& inst);

}  // namespace warpsim::isa
