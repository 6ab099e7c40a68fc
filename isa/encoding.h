// The 16-byte binary encoding of one instruction (two little-endian 64-bit words).
//
//   word 0  bits  0..9   opcode (index into the opcode table)
//           bits 10..12  guard predicate (7 = PT), bit 13 guard negated
//           bits 14..53  five 8-bit operand fields: register, predicate, special register or
//                        address base id, in signature order (RZ = 255 when unused)
//           bits 54..58  per-operand flag: negation (`!P`) on predicate sources; on `Rx|imm`
//                        operands a short immediate (signed 8 bits) held in the operand field
//           bits 59..61  1 + index of the operand that is the 32-bit immediate, 0 when none
//           bits 62..63  zero
//   word 1  bits  0..31  immediate / address offset / branch or call target byte pc
//           bits 32..63  modifier word: one field per modifier group (isa/modifiers.cpp);
//                        the high 32 bits of the immediate for MOV.64 (no modifiers)
//
// Branches (opcodes with a label operand) have no register operands, so their operand fields
// carry the reconvergence pc (bits 14..45): the binary is self-contained and the emulator
// needs no CFG analysis.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "isa/instruction.h"

namespace warpsim::isa {

using EncodedInst = std::array<uint64_t, 2>;

EncodedInst encode(const Inst& inst);
// Decodes and validates against the opcode table (opcode, operand ids, modifiers, register
// alignment). Returns false and sets `why` on an invalid encoding.
bool decode(const EncodedInst& words, Inst& out, std::string& why);

// One more than the highest general register the instruction reads or writes (0 if none).
unsigned registers_needed(const Inst& inst);

}  // namespace warpsim::isa
