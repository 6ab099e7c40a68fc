// What the chip ISA offers, read from its opcode table, so that lowering and legalization
// follow the table instead of hard-coding it: dotted mnemonics (IADD.CC, BAR.SYNC), accepted
// modifiers, operand roles and immediate rules.
#pragma once

#include <string>

#include "isa/opcode_table.h"

namespace warpsim::isa::ptx {

// The table row for "MNEMONIC[.MOD]...", found by the longest dotted prefix that names an
// opcode (as the assembler does); nullptr when the chip has no such instruction.
const OpcodeInfo* chip_opcode(const std::string& opcode);

// True when the chip has `mnemonic` (possibly dotted) and, if given, accepts modifier
// `value` ("S64", "AND"). Lowering prefers a direct chip form when the ISA offers one.
bool chip_accepts(const char* mnemonic, const char* value = nullptr);

// How operand i of an instruction could hold immediate `value` (spanning `words` registers):
// `full` in the one 32-bit immediate field (sign-extended for 64-bit operands), `small` as an
// extra -128..127 integer where the assembler takes those, else `none`.
enum class ImmFit { none, full, small };
ImmFit chip_imm_fit(const OpcodeInfo& info, size_t i, uint64_t value, unsigned words);

// Whether the assembler takes extra small immediates (-128..127) in `Rx|imm` operands beyond
// the one 32-bit immediate (probed once by assembling such an instruction).
bool chip_short_immediates();

}  // namespace warpsim::isa::ptx
