// The chip assembler: text (.s) -> Program. Syntax is documented in docs/isa.md (generated
// from isa/isa_doc.cpp). Every malformed line is reported as InputError(path, line, problem).
#pragma once

#include <string>
#include <string_view>

#include "isa/opcode_table.h"
#include "isa/program.h"

namespace warpsim::isa {

// Assembles `text`; `path` is used for error messages and recorded in the kernels.
Program assemble(std::string_view text, const std::string& path);
// Reads and assembles a file (InputError if it cannot be read).
Program assemble_file(const std::string& path);

// Parses one immediate as the assembler does for an instruction whose immediates are of
// `kind`. False when malformed or out of the 32-bit range.
bool parse_immediate(std::string_view text, ImmKind kind, uint32_t& bits);

}  // namespace warpsim::isa
