// Machine IR with allocated registers -> chip assembly text (the syntax of docs/isa.md), one
// kernel at a time, with the PTX source line of every text line so that errors the chip
// assembler reports can be mapped back to the PTX.
#pragma once

#include <string>
#include <vector>

#include "isa/ptx/mir.h"
#include "isa/ptx/regalloc.h"

namespace warpsim::isa::ptx {

struct KernelText {
  std::string text;
  std::vector<int> ptx_lines;  // PTX line of each text line (index 0 = text line 1)
};

// Appends `.kernel`, `.shared`, `.regs` and the instructions of `f` to `out`.
void emit_kernel(const MFunction& f, const Allocation& a, uint32_t shared_bytes, KernelText& out);

}  // namespace warpsim::isa::ptx
