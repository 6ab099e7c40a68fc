// Chip assembly text from a Program. The text re-assembles to the identical binary: branch
// targets get generated labels (L_<pc>), every modifier that differs from its default is
// written, and reconvergence points are recomputed by the assembler as they were originally.
#pragma once

#include <string>

#include "isa/program.h"

namespace warpsim::isa {

std::string disassemble(const Program& program);
std::string disassemble_kernel(const Kernel& kernel);
// One instruction without its label. `kernel` (may be null) supplies param names for LD.P.
std::string disassemble_inst(const Inst& inst, const Kernel* kernel = nullptr);
// The mnemonic with the modifiers the disassembly writes ("MUFU.SIN", "IMAD.WIDE"): no guard, no
// operands.
std::string opcode_text(const Inst& inst);

}  // namespace warpsim::isa
