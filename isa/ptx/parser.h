// PTX text -> Module (isa/ptx/ast.h). Purely syntactic: names are resolved by the IR builder.
// Debug directives (.file, .loc, .section) and performance directives (.maxntid, .reqntid,
// .minnctapersm, .maxnreg, .pragma, ...) are read and dropped; every token keeps its line.
#pragma once

#include <string>
#include <string_view>

#include "isa/ptx/ast.h"

namespace warpsim::isa::ptx {

// InputError(path, line, problem) for malformed input.
Module parse(std::string_view text, const std::string& path);

}  // namespace warpsim::isa::ptx
