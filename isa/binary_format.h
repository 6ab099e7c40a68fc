// The versioned binary program file (`warpsim asm FILE.s -o FILE.bin`). Little-endian:
//
//   magic "WSIMBIN\0" (8 bytes), u32 version (2), u32 kernel count, then per kernel:
//   str name, u32 regs, u32 static shared bytes, u32 local bytes per thread, u32 param count,
//   per param: u8 ScalarType, str name (offsets follow from the types, like `.param`),
//   u32 instruction count, 16 bytes per instruction (isa/encoding.h);
//   then u32 data segment count, per segment: str name, u8 constant, u64 address,
//   u32 alignment, u32 size, size bytes.
//   str = u32 length + bytes.
//
// Source lines are not stored, so text -> binary -> text -> binary is byte-identical.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "isa/program.h"

namespace warpsim::isa {

// 3: params may be byte arrays (structs by value): size and alignment follow each param.
// Version 2 files (scalar params only) are still read.
constexpr uint32_t kBinaryVersion = 3;

std::vector<uint8_t> write_binary(const Program& program);
// Validates everything the emulator relies on (encodings, branch targets, register counts);
// InputError(path, 0, ...) on a malformed file.
Program read_binary(const std::vector<uint8_t>& bytes, const std::string& path);

void save_binary(const Program& program, const std::string& path);
bool is_binary_program(const std::vector<uint8_t>& bytes);
// A binary program or chip assembly text, told apart by the magic.
Program load_program(const std::string& path);

}  // namespace warpsim::isa
