// Instruction scheduling of machine IR after register allocation: a list scheduler per basic
// block, as the back end of a production compiler for a CUDA-compatible chip does, so that
// independent work (loop counters, address arithmetic, loads) issues in the latency shadow of
// long dependent chains instead of after them (an in-order core otherwise serialises them).
//
// Legality (what tests/ptx/list_scheduler_test.cpp pins down):
//   - dependences on physical registers and predicates (read after write, write after read,
//     write after write; every word of a register group; guards are reads) keep their order;
//   - memory accesses that may alias keep their order: a store (or an ordered load: .VOLATILE,
//     .CV, .CG, which acquire loads lower to) is ordered against every access to a space it may
//     touch (generic = global, shared and local); loads may pass loads; param and constant
//     loads are read-only and move freely;
//   - labels, control flow (BRA, CALL, RET, EXIT, TRAP), barriers, atomics, MEMBAR, cross-lane
//     instructions (SHFL, VOTE, MATCH, ACTIVEMASK, HMMA), NANOSLEEP and clock reads are fences:
//     they stay where they are and nothing moves across them. A block's terminator stays last.
#pragma once

#include "isa/ptx/mir.h"
#include "isa/ptx/regalloc.h"

namespace warpsim::isa::ptx {

// Reorders the instructions of `f` (registers as assigned by `a`) within each region between
// fences, by critical path. Only the order changes: the same instructions, the same registers.
void schedule_kernel(MFunction& f, const Allocation& a);

}  // namespace warpsim::isa::ptx
