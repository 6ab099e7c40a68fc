// Where the chip's memory spaces live in the 64-bit device address space, in one place: the
// generic-address windows (PTX generic addressing: `cvta`, `ld`/`st` without a state space),
// the constant bank and the fixed region for module-scope variables.
//
// A generic address inside the shared window is a shared-memory offset of the issuing CTA
// (window base + offset); inside the local window it is a local-memory offset of the issuing
// thread; inside the constant window it is a constant-bank offset; anything else is global.
// The windows are 2^40 bytes each, far above any allocation DeviceMemory hands out.
#pragma once

#include <cstdint>

namespace warpsim::isa {

constexpr uint64_t kWindowBytes = uint64_t(1) << 40;
constexpr uint64_t kConstBase = 0x0000FD0000000000ull;     // constant bank: LD.C offset 0
constexpr uint64_t kSharedWindow = 0x0000FE0000000000ull;  // generic shared: + CTA offset
constexpr uint64_t kLocalWindow = 0x0000FF0000000000ull;   // generic local: + thread offset

// Module-scope `.global` variables (Program::data, constant == false) are placed by the
// front-end in [kModuleGlobalBase, kModuleGlobalBase + kModuleGlobalBytes), below the first
// address DeviceMemory::allocate returns (0x10000000), so they never collide with buffers.
constexpr uint64_t kModuleGlobalBase = 0x0000000008000000ull;
constexpr uint64_t kModuleGlobalBytes = 0x0000000008000000ull;

inline bool in_window(uint64_t addr, uint64_t base) { return addr - base < kWindowBytes; }

}  // namespace warpsim::isa
