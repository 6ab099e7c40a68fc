// Execution mode: a kernel launch whose warp instructions come from the functional emulator
// (execute-at-issue, DESIGN.md §1). The kernel, the DeviceMemory and this source must outlive
// every WarpStream it opens.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "isa/exec/device_memory.h"
#include "isa/opcode_table.h"
#include "isa/program.h"
#include "isa/warp_stream.h"

namespace warpsim::isa {

// What every CTA of a launch shares, prepared once: per-instruction timing-model facts and
// semantics, so issuing an instruction does no decoding.
struct LaunchImage {
  struct Step {
    const Inst* inst;
    const OpcodeInfo* info;
    uint8_t nregs[kMaxOperands];  // registers per operand (pairs, quads)
    // Immediate operands as the row of 32-bit words a register pair would hold (low, high):
    // sign-extended integers, the high word of an fp64 immediate, MOV.64's 64-bit value.
    uint32_t imm[kMaxOperands][2];
    WarpInst timing;  // everything but active_mask and addr
  };
  const Kernel* kernel = nullptr;
  DeviceMemory* memory = nullptr;
  Dim3 grid, block;
  uint32_t shared_bytes = 0;  // static + dynamic
  uint32_t local_bytes = 0;   // per thread
  std::vector<uint8_t> params;
  std::vector<Step> steps;  // one per instruction
};

class ExecKernelSource : public KernelSource {
 public:
  // `params` is the kernel's argument buffer (see build_param_buffer). InputError for a launch
  // the kernel cannot run: empty or oversized block (> 1024 threads), empty grid, short params.
  ExecKernelSource(const Kernel& kernel, DeviceMemory& memory, Dim3 grid, Dim3 block,
                   uint32_t dynamic_shared_bytes, std::vector<uint8_t> params);

  const std::string& name() const override { return image_.kernel->name; }
  Dim3 grid() const override { return image_.grid; }
  Dim3 block() const override { return image_.block; }
  unsigned regs_per_thread() const override { return image_.kernel->regs; }
  unsigned shared_bytes_per_cta() const override { return image_.shared_bytes; }
  std::unique_ptr<WarpStream> open_cta(uint64_t cta, unsigned sm_id) override;
  // Resolves each instruction's opcode text (as the disassembly writes it) once.
  void bind_timing(const OpTimingResolver& timing) override;

 private:
  LaunchImage image_;
};

}  // namespace warpsim::isa
