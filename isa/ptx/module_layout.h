// Module-scope layout: where every `.global` and `.const` variable lives (with its initial
// bytes, as Program::data segments), which symbol names what, and the address tags of
// functions used as values (function pointers).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "isa/address_space.h"
#include "isa/program.h"
#include "isa/ptx/ast.h"

namespace warpsim::isa::ptx {

// Module `.global` variables are placed in the ISA's module-data window (isa/address_space.h),
// each at a 256-byte aligned address so that overruns of one variable do not silently reach
// the next. `.const` variables are offsets in the constant bank (64 KiB, as CUDA's bank 0).
constexpr uint64_t kGlobalDataBase = kModuleGlobalBase;
constexpr uint64_t kGlobalDataLimit = kModuleGlobalBase + kModuleGlobalBytes;
constexpr uint32_t kConstBankBytes = 64 * 1024;
// A function used as a value (an initializer `{f, g}` or `mov.u64 %rd, f`) gets the tag
// kFunctionAddressBase + 16 * (its index among the address-taken functions). Indirect calls
// compare the pointer with these tags; no memory is mapped there, so loading through a
// function pointer faults.
constexpr uint64_t kFunctionAddressBase = 0x00007F0000000000ull;

struct ModuleLayout {
  // By name: index into Module::globals, and the definition (or declaration) of a function.
  std::unordered_map<std::string, int> global_index;
  std::unordered_map<std::string, int> function_index;
  std::vector<uint64_t> global_address;  // per Module::globals entry (global/const); 0 otherwise
  std::vector<uint64_t> function_address;  // per Module::functions entry; 0: not address-taken
  std::vector<int> address_taken;          // function indices, in module order
  std::vector<DataSegment> data;
};

// InputError for bad initializers, unknown names in initializers, duplicate definitions and
// data that does not fit its window.
ModuleLayout layout_module(const Module& m, const std::string& path);

}  // namespace warpsim::isa::ptx
