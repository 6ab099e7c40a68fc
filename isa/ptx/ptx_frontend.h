// The PTX front-end: PTX text as nvcc emits it (CUDA 11-13, .version 7.x-9.x, sm_70-sm_90,
// .address_size 64) -> a chip-ISA Program. Stages, one file each: lexer -> parser (AST) ->
// module_layout (global/const data, function addresses) -> ir_builder (typed IR with virtual
// registers; scopes renamed, calls inlined) -> lower_* (chip instructions on virtual
// registers) -> regalloc (liveness, coalescing, assignment, spilling) -> list_scheduler (each
// basic block ordered for latency) -> emit (chip assembly text) -> the chip assembler. docs/ptx.md lists what is supported and the conventions.
//
// Every error is InputError(path, line, problem) with the PTX line; a construct the chip cannot
// express is reported as `unsupported instruction 'X'` (never a silently wrong translation).
#pragma once

#include <string>
#include <string_view>

#include "isa/program.h"

namespace warpsim::isa {

struct PtxOptions {
  // Schedule each basic block for latency after register allocation (isa/ptx/list_scheduler.h).
  // Off: instructions in lowering order (`warpsim ptx --no-schedule`, config `ptx.schedule`),
  // for comparison; functional results are the same either way.
  bool schedule = true;
};

Program translate_ptx(std::string_view text, const std::string& path, const PtxOptions& options = {});
Program translate_ptx_file(const std::string& path, const PtxOptions& options = {});

// The chip assembly text translate_ptx assembles (for `warpsim ptx --asm` style debugging and
// for tests that compare translations).
std::string translate_ptx_to_assembly(std::string_view text, const std::string& path,
                                      const PtxOptions& options = {});

}  // namespace warpsim::isa
