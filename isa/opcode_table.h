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
  access,  // from the width modifier: max(1, bytes / 4); atomics: from the type
  wide,    // two with .WIDE, else one
  dtype,   // two when the type modifier is 64-bit, else one
  mul,     // two with .WIDE or a 64-bit type (products)
  stype,   // two when the source-type modifier is 64-bit
  sreg,    // two when the instruction's special register is 64-bit
};

struct OperandSpec {
  OperandRole role = OperandRole::src_reg;
  OperandWidth width = OperandWidth::one;
  // May be omitted when trailing: an immediate then is 0, a register RZ, a predicate PT.
  bool optional = false;
};

// How immediates of an instruction are written: integers, or fp32 values (an integer literal
// then means that number as a float, as in `FMUL R0, R1, 2`), or raw bits (either spelling);
// fp64 values, of which only the high 32 bits are encoded (the low 32 must be zero, as for
// SASS DADD immediates); or any 64-bit value (MOV.64: integers, doubles, `0d` patterns).
enum class ImmKind : uint8_t { integer, f32, bits, f64, bits64 };

// What an instruction does to the warp's control flow (the emulator's SIMT stack).
enum class Flow : uint8_t {
  none,           // falls through
  branch,         // BRA: lanes whose guard holds jump to the label
  call,           // CALL label: the executing lanes run the callee, then the next instruction
  call_indirect,  // CALL.IND Ra: per-lane targets, one call per distinct target
  ret,            // RET: the executing lanes return from the innermost call (or exit)
  exit,           // EXIT: the executing lanes finish
  barrier_reduce  // BAR.RED: the CTA executor combines the predicates of every arriving warp
};

struct ModRule {
  uint32_t allowed = 0;   // bit v set: value v of the group is accepted
  uint8_t dflt = 0;       // value an absent group takes (0: none)
  bool required = false;  // the group must be written
};

// Rejects modifier combinations that the groups alone cannot express (e.g. .WIDE with a 64-bit
// type): returns the problem, or nullptr when the instruction is valid.
using CheckFn = const char* (*)(const Inst&);
// The execution-unit class of an instruction whose class depends on its modifiers (fp64
// conversions run on the fp64 unit); nullptr: always OpcodeInfo::op_class.
using ClassFn = OpClass (*)(const Inst&);

struct OpcodeInfo {
  const char* mnemonic;   // may contain dots ("IADD.CC"): the longest matching prefix wins
  const char* signature;  // operand syntax, as documented: "Rd, Ra, Rb|imm"
  const char* modifiers;  // accepted modifiers, see opcode_table.cpp
  OpClass op_class;
  ImmKind imm_kind;
  const char* summary;
  SemanticsFn exec;
  Flow flow = Flow::none;
  CheckFn check = nullptr;
  ClassFn class_of = nullptr;
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
// The opcode of an uppercase instruction head with its modifiers ("IADD.CC", "SHF.L.WRAP",
// "LD.G.32"): the longest prefix of dot-separated parts that is a mnemonic. -1 when none.
// `mods_at` (optional) receives where the modifiers start: the index of the dot before them,
// or head.size() when there are none.
int find_opcode_prefix(std::string_view head, size_t* mods_at = nullptr);

// Registers spanned by operand `i` of `inst` under its modifiers (1, 2 or 4).
unsigned operand_regs(const OpcodeInfo& info, const Inst& inst, unsigned i);
// Registers of an [addr] operand's base: a pair for 64-bit (global, generic) addresses, one
// register for 32-bit offsets (shared, local, constant), none for param.
unsigned address_regs(const Inst& inst);
// Bytes per lane of a memory instruction (0 for non-memory instructions).
unsigned access_bytes(const Inst& inst);
// The space a memory instruction names; generic (.E) accesses report global here and the
// resolved space at issue.
MemSpace mem_space(const Inst& inst);
CacheOp cache_op(const Inst& inst);
// The execution-unit class of `inst` (the row's class unless its class depends on modifiers).
OpClass op_class_of(const Inst& inst);

}  // namespace warpsim::isa
