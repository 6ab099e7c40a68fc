// Maps a program's module-scope data (Program::data: PTX `.global` / `.const` variables with
// their initial bytes) into device memory before the first launch: global segments at their
// address, constant segments in the constant bank at isa::kConstBase + their offset, where
// LD.C and generic loads read them.
#pragma once

#include "isa/exec/device_memory.h"
#include "isa/program.h"

namespace warpsim::isa {

// InputError (the program's path) when two segments overlap or a segment collides with memory
// already mapped.
void map_data_segments(const Program& program, DeviceMemory& memory);

}  // namespace warpsim::isa
