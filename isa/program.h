// An assembled chip program: kernels with their params, resources and decoded code.
// Produced by the assembler (isa/assembler.h) or read from a binary (isa/binary_format.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "isa/instruction.h"
#include "isa/modifiers.h"

namespace warpsim::isa {

struct ParamDecl {
  std::string name;
  ScalarType type = ScalarType::u32;
  uint32_t offset = 0;  // in the param buffer: aligned to `align`, as CUDA lays out args
  // > 0: a byte array of this size (`type` is u8) — a struct passed by value, as nvcc declares it
  // (`.param .align 8 .b8 p[32]`).
  uint32_t array_bytes = 0;
  uint32_t align = 1;

  uint32_t bytes() const { return array_bytes > 0 ? array_bytes : scalar_type_bytes(type); }
};

struct Kernel {
  std::string name;
  std::string source_path;        // where it came from (.s or .bin), for error messages
  std::vector<ParamDecl> params;  // in declaration (argument) order
  uint32_t param_bytes = 0;       // size of the param buffer
  uint32_t shared_bytes = 0;      // static shared memory per CTA
  uint32_t local_bytes = 0;       // local memory per thread (`.local`; PTX local depots)
  uint32_t regs = 1;              // registers per thread (drives occupancy)
  std::vector<Inst> code;         // instruction i is at byte pc 16 * i
  std::vector<int> lines;         // source line of each instruction; empty when not known

  int line_of(uint32_t pc) const;  // 0 when unknown
  const ParamDecl* find_param(const std::string& param_name) const;
};

// Module-scope data (PTX `.global` / `.const` variables with their initial bytes). The front-end
// places each at a fixed device address (global) or constant-bank offset (constant); the run
// driver maps them into DeviceMemory before the first launch.
struct DataSegment {
  std::string name;
  bool constant = false;   // constant bank (LD.C) rather than global memory
  uint64_t address = 0;    // device address (global) or offset in the constant bank (constant)
  uint32_t align = 1;
  std::vector<uint8_t> bytes;  // initial contents, sized to the variable
};

struct Program {
  std::string path;
  std::vector<Kernel> kernels;
  std::vector<DataSegment> data;
  const Kernel* find(const std::string& kernel_name) const;  // nullptr when absent
};

// Appends a param at its natural alignment and updates param_bytes.
void add_param(Kernel& k, const std::string& name, ScalarType type);
// Appends a byte-array param (a struct by value) of `bytes` bytes aligned to `align` (a power of
// two) and updates param_bytes.
void add_array_param(Kernel& k, const std::string& name, uint32_t bytes, uint32_t align);

}  // namespace warpsim::isa
