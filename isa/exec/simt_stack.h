// A warp's SIMT reconvergence stack (IPDOM stack, as in GPGPU-Sim and Fung et al. 2007).
// The top entry is what the warp executes: its pc and active-lane mask. At a divergent branch
// the top becomes the reconvergence entry (pc = the branch's immediate post-dominator) and one
// entry per path is pushed; a path entry is popped when its pc reaches its reconvergence pc,
// which resumes the merged lanes below it. Exited lanes leave every entry.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace warpsim::isa {

class SimtStack {
 public:
  struct Entry {
    uint32_t pc, rpc, mask;
  };

  // Starts at pc 0 with `lanes` active (a warp with no lanes is finished at once).
  void reset(uint32_t lanes);
  bool done() const { return entries_.empty(); }
  uint32_t pc() const { return entries_.back().pc; }
  uint32_t mask() const { return entries_.back().mask; }
  size_t depth() const { return entries_.size(); }
  const std::vector<Entry>& entries() const { return entries_; }

  // The top entry moves on to `next_pc` (any non-control instruction).
  void advance(uint32_t next_pc);
  // A branch: lanes in `taken` (a subset of mask()) go to `target`, the others to
  // `fallthrough`; if both sets are non-empty they reconverge at `rpc`.
  void branch(uint32_t taken, uint32_t target, uint32_t fallthrough, uint32_t rpc);
  // Lanes in `lanes` finish; the remaining lanes of the top entry continue at `next_pc`.
  void exit(uint32_t lanes, uint32_t next_pc);

 private:
  void reconverge();
  std::vector<Entry> entries_;
};

}  // namespace warpsim::isa
