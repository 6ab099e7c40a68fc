// One CTA in execution mode: its warps' registers, predicates and SIMT stacks, its shared memory
// and its threads' local memory. Executes a warp's next instruction when the timing model
// issues it. The timing model holds warps at barriers; BAR.RED's result is computed here when
// the last expected warp arrives, before any of the waiting warps can issue again.
#pragma once

#include <cstdint>
#include <vector>

#include "isa/exec/exec_kernel_source.h"
#include "isa/exec/simt_stack.h"
#include "isa/semantics.h"

namespace warpsim::isa {

class CtaExecutor : public WarpStream {
 public:
  CtaExecutor(const LaunchImage& image, uint64_t cta, unsigned sm_id);

  unsigned num_warps() const override { return static_cast<unsigned>(warps_.size()); }
  const WarpInst* peek(unsigned w) override;
  const WarpInst& issue(unsigned w, uint64_t cycle) override;

  // Inspection for tests and debugging: lane `lane` of register `reg` (RZ reads 0), predicate.
  uint32_t reg(unsigned w, unsigned reg, unsigned lane) const;
  bool pred(unsigned w, unsigned p, unsigned lane) const;
  const SimtStack& stack(unsigned w) const { return warps_[w].stack; }
  const std::vector<uint8_t>& shared_memory() const { return shared_; }

 private:
  // A BAR.RED in progress on one barrier id: the predicates of the warps that arrived so far.
  struct Reduction {
    struct Waiter {
      unsigned warp;
      uint8_t dst;  // register (BAR.RED.POPC) or predicate (BAR.RED.AND/OR) written at the end
      bool pred;
      uint32_t lanes;
    };
    unsigned arrived = 0;
    unsigned expected_warps = 0;  // 0: every warp that has not exited
    uint32_t popc = 0;
    bool all = true, any = false;
    SubOp op = SubOp::none;
    std::vector<Waiter> waiters;
  };
  void arrive_reduction(unsigned w, const ExecContext& x);
  void complete_reductions();
  struct Warp {
    SimtStack stack;
    uint32_t preds[8] = {0, 0, 0, 0, 0, 0, 0, 0xFFFFFFFFu};
    WarpEnv env;
    WarpInst inst;
    uint32_t inst_pc = 0xFFFFFFFFu;  // pc whose static fields `inst` holds
  };
  const LaunchImage::Step& step(Warp& wp);
  void fill(Warp& wp, const LaunchImage::Step& s, uint32_t pc);

  const LaunchImage& image_;
  std::vector<Warp> warps_;
  std::vector<uint32_t> regs_;  // [warp][register][lane]
  std::vector<uint8_t> shared_;
  std::vector<uint8_t> local_;  // [warp][lane][local_bytes]
  uint64_t first_thread_;       // global linear index of the CTA's thread 0
  std::vector<Reduction> reductions_;  // per barrier id, created by the first BAR.RED
  uint32_t zero_row_[kWarpSize] = {};
  uint32_t sink_row_[kWarpSize] = {};
  unsigned regs_per_warp_;  // words
};

}  // namespace warpsim::isa
