// Reconvergence points for SIMT divergence. A warp whose lanes split at a conditional branch
// runs both paths one after the other and merges them where every path from the branch must
// pass: the branch's immediate post-dominator in the kernel's control-flow graph (the classic
// IPDOM scheme of Fung et al., MICRO 2007, which GPGPU-Sim models). Paths that end in EXIT
// or RET meet at a virtual exit node, encoded as kReconvAtExit. A call is an ordinary
// instruction here (control comes back after it), and a function body's branches reconverge
// inside it or, when its paths only meet by returning, at the virtual exit (the SIMT stack's
// call frame then merges them on return).
#pragma once

#include <cstdint>
#include <vector>

#include "isa/instruction.h"

namespace warpsim::isa {

// Immediate post-dominator of every instruction: an instruction index, or -1 for the virtual
// exit node (also for instructions from which no EXIT is reachable).
std::vector<int> immediate_post_dominators(const std::vector<Inst>& code);

// Stores each branch's reconvergence byte pc (or kReconvAtExit) in Inst::reconv.
void set_reconvergence_points(std::vector<Inst>& code);

}  // namespace warpsim::isa
