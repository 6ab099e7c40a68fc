// AST -> typed IR for one kernel (isa/ptx/ir.h): resolves names through `{ }` scopes, lays
// out the kernel's params, shared and local variables, and inlines `.func` calls (direct ones,
// and indirect ones through a dispatch over the address-taken functions that match the call's
// prototype). Recursion is rejected: the chip has no call stack for PTX's ABI.
#pragma once

#include <string>
#include <vector>

#include "isa/ptx/ast.h"
#include "isa/ptx/ir.h"
#include "isa/ptx/module_layout.h"

namespace warpsim::isa::ptx {

struct KernelParam {
  std::string name;
  Type type = Type::b32;
  uint32_t offset = 0, bytes = 0, align = 1;
  bool array = false;  // `.b8 name[N]` (a struct passed by value)
};

struct BuiltKernel {
  IrKernel ir;
  std::vector<KernelParam> params;
  uint32_t param_bytes = 0;
};

BuiltKernel build_kernel(const Module& m, const ModuleLayout& layout, const Function& entry,
                         const std::string& path);

}  // namespace warpsim::isa::ptx
