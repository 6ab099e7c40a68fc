// The ISA reference document (docs/isa.md), generated from the opcode table so that the
// document cannot drift from what the assembler accepts.
#pragma once

#include <string>

namespace warpsim::isa {

std::string isa_reference_markdown();

}  // namespace warpsim::isa
