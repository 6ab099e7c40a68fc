// Typed IR -> machine IR (chip instructions on virtual registers). The conventions (how 16-bit
// values, carries, vectors, generic addresses and the PTX families map onto the chip) are
// documented in docs/ptx.md.
#pragma once

#include <string>

#include "isa/ptx/ir_builder.h"
#include "isa/ptx/mir.h"
#include "isa/ptx/module_layout.h"

namespace warpsim::isa::ptx {

// InputError(path, line, "unsupported instruction 'X'") for what the chip cannot express.
MFunction lower_kernel(const BuiltKernel& kernel, const ModuleLayout& layout,
                       const std::string& path);

}  // namespace warpsim::isa::ptx
