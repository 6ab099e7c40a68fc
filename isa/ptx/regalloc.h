// Register allocation for machine IR (isa/ptx/mir.h): liveness over the control-flow graph,
// live intervals with holes, copy coalescing, then first-fit assignment in interval order onto
// R0..R254 (64-bit values in even pairs, 128-bit values in quads) and P0..P6. When registers
// run out the cheapest interval (references per length, weighted by loop depth) is evicted:
// general values spill to slots in the thread's local frame (LD.L / ST.L around each use and
// def), predicate values spill into a general register (SEL to save, ISETP to restore), and
// allocation runs again until everything fits.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "isa/ptx/mir.h"

namespace warpsim::isa::ptx {

struct Allocation {
  std::vector<int> phys;   // per vreg: first physical register / predicate; -1 when unused
  uint32_t regs = 1;       // general registers per thread (highest used + 1, at least 1)
  uint32_t local_bytes = 0;  // local frame including spill slots
  uint32_t spilled_regs = 0, spilled_preds = 0;
};

// Rewrites `f` (spill code, coalesced copies removed) and returns the assignment.
// InputError(path, ...) only if a single instruction needs more registers than exist.
Allocation allocate_registers(MFunction& f, const std::string& path);

}  // namespace warpsim::isa::ptx
