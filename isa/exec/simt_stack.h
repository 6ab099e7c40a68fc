// A warp's SIMT reconvergence stack (IPDOM stack, as in GPGPU-Sim and Fung et al. 2007).
// The top entry is what the warp executes: its pc and active-lane mask. At a divergent branch
// the top becomes the reconvergence entry (pc = the branch's immediate post-dominator) and one
// entry per path is pushed; a path entry is popped when its pc reaches its reconvergence pc,
// which resumes the merged lanes below it. Exited lanes leave every entry.
//
// Calls: the calling entry becomes the continuation (pc = the instruction after the call, with
// all its lanes: lanes that did not call wait there) and a frame entry is pushed for the callee
// with the calling lanes. Divergence inside the callee stacks above the frame. RET removes the
// returning lanes from the frame and everything above it; once the frame is empty the lanes
// have all returned and the continuation resumes. An indirect call pushes one frame per distinct
// target: the target of the lowest calling lane runs first, the others follow in order of their
// lowest lane. RET outside any frame exits the lanes (a kernel's `ret`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace warpsim::isa {

class SimtStack {
 public:
  struct Entry {
    uint32_t pc, rpc, mask;
    bool frame = false;  // a callee's base entry: RET of its lanes ends here
  };
  // Reconvergence pc of a frame entry: never reached by executing, it pops when it empties.
  static constexpr uint32_t kFrameRpc = 0xFFFFFFFEu;

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
  // Lanes in `lanes` (a non-empty subset of mask()) call `target`; every lane of the top entry
  // continues at `return_pc` once they have returned.
  void call(uint32_t lanes, uint32_t target, uint32_t return_pc);
  // An indirect call: lane l (in `lanes`) calls targets[l].
  void call_indirect(uint32_t lanes, const uint32_t* targets, uint32_t return_pc);
  // Lanes in `lanes` return from the innermost call; the top entry's other lanes continue at
  // `next_pc`. Returns the lanes that had no call to return from: they exit.
  uint32_t ret(uint32_t lanes, uint32_t next_pc);

 private:
  void reconverge();
  std::vector<Entry> entries_;
};

}  // namespace warpsim::isa
