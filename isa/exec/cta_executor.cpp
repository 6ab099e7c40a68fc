#include "isa/exec/cta_executor.h"

#include <sstream>
#include <stdexcept>

#include "isa/address_space.h"
#include "sim/error.h"

namespace warpsim::isa {

CtaExecutor::CtaExecutor(const LaunchImage& image, uint64_t cta, unsigned sm_id)
    : image_(image),
      first_thread_(cta * image.block.count()),
      regs_per_warp_(image.kernel->regs * kWarpSize) {
  const Dim3 b = image.block, g = image.grid;
  const uint64_t threads = b.count();
  const auto nwarps = static_cast<unsigned>((threads + kWarpSize - 1) / kWarpSize);
  warps_.resize(nwarps);
  regs_.assign(size_t(nwarps) * regs_per_warp_, 0);
  shared_.assign(image.shared_bytes, 0);
  local_.assign(size_t(nwarps) * kWarpSize * image.local_bytes, 0);
  const uint32_t ctaid[3] = {static_cast<uint32_t>(cta % g.x),
                             static_cast<uint32_t>(cta / g.x % g.y),
                             static_cast<uint32_t>(cta / (uint64_t(g.x) * g.y))};
  for (unsigned w = 0; w < nwarps; ++w) {
    Warp& wp = warps_[w];
    WarpEnv& e = wp.env;
    uint32_t lanes = 0;
    for (unsigned l = 0; l < kWarpSize; ++l) {
      uint64_t t = uint64_t(w) * kWarpSize + l;
      if (t >= threads) break;  // a partial last warp: its missing lanes never run
      lanes |= 1u << l;
      e.tid_x[l] = static_cast<uint32_t>(t % b.x);
      e.tid_y[l] = static_cast<uint32_t>(t / b.x % b.y);
      e.tid_z[l] = static_cast<uint32_t>(t / (uint64_t(b.x) * b.y));
    }
    e.ntid[0] = b.x, e.ntid[1] = b.y, e.ntid[2] = b.z;
    e.nctaid[0] = g.x, e.nctaid[1] = g.y, e.nctaid[2] = g.z;
    for (int k = 0; k < 3; ++k) e.ctaid[k] = ctaid[k];
    e.warpid = w;
    e.smid = sm_id;
    wp.stack.reset(lanes);
  }
}

const LaunchImage::Step& CtaExecutor::step(Warp& wp) {
  uint32_t pc = wp.stack.pc();
  size_t i = pc / kInstBytes;
  if (pc % kInstBytes || i >= image_.steps.size()) {
    std::ostringstream os;
    os << "kernel " << image_.kernel->name << ": control reached pc 0x" << std::hex << pc
       << ", outside the kernel's code";
    throw InputError(image_.kernel->source_path, 0, os.str());
  }
  return image_.steps[i];
}

void CtaExecutor::fill(Warp& wp, const LaunchImage::Step& s, uint32_t pc) {
  if (wp.inst_pc == pc) return;
  const WarpInst& t = s.timing;
  WarpInst& d = wp.inst;
  d.pc = t.pc;
  d.opcode = t.opcode;
  d.timing = t.timing;
  d.op_class = t.op_class;
  d.num_dst = t.num_dst;
  d.num_src = t.num_src;
  d.dst = t.dst;
  d.src = t.src;
  d.space = t.space;
  d.cache_op = t.cache_op;
  d.access_bytes = t.access_bytes;
  d.barrier_id = t.barrier_id;
  d.barrier_threads = t.barrier_threads;
  d.barrier_arrive_only = t.barrier_arrive_only;
  wp.inst_pc = pc;
}

const WarpInst* CtaExecutor::peek(unsigned w) {
  Warp& wp = warps_[w];
  if (wp.stack.done()) return nullptr;
  const LaunchImage::Step& s = step(wp);
  fill(wp, s, wp.stack.pc());
  wp.inst.active_mask = wp.stack.mask();
  return &wp.inst;
}

const WarpInst& CtaExecutor::issue(unsigned w, uint64_t cycle) {
  Warp& wp = warps_[w];
  if (wp.stack.done()) throw std::logic_error("CtaExecutor::issue: warp has exited");
  const uint32_t pc = wp.stack.pc();
  const LaunchImage::Step& s = step(wp);
  fill(wp, s, pc);
  const Inst& inst = *s.inst;
  uint32_t guard = wp.preds[inst.guard];
  if (inst.guard_neg) guard = ~guard;

  ExecContext x;
  x.inst = &inst;
  x.pc = pc;
  x.mask = wp.stack.mask() & guard;
  x.preds = wp.preds;
  x.env = &wp.env;
  x.cycle = cycle;
  x.global = image_.memory;
  x.shared = shared_.data();
  x.shared_bytes = static_cast<uint32_t>(shared_.size());
  x.param = image_.params.data();
  x.param_bytes = static_cast<uint32_t>(image_.params.size());
  x.local_bytes = image_.local_bytes;
  x.local = local_.data() + size_t(w) * kWarpSize * image_.local_bytes;
  x.local_timing_base =
      kLocalWindow + (first_thread_ + uint64_t(w) * kWarpSize) * image_.local_bytes;
  x.out = &wp.inst;
  x.kernel = image_.kernel;
  uint32_t* warp_regs = regs_.data() + size_t(w) * regs_per_warp_;
  for (unsigned i = 0; i < s.info->num_ops; ++i) {
    const Operand& op = inst.ops[i];
    if (op.kind == OperandKind::reg || op.kind == OperandKind::addr) {
      x.stride[i] = 1;
      bool dst = s.info->ops[i].role == OperandRole::dst_reg;
      for (unsigned j = 0; j < s.nregs[i]; ++j)
        x.row[i][j] = op.id == kRZ ? (dst ? sink_row_ : zero_row_)
                                   : warp_regs + size_t(op.id + j) * kWarpSize;
    } else if (op.kind == OperandKind::imm) {
      // Broadcast (stride 0); semantics never write source rows.
      x.stride[i] = 0;
      x.row[i][0] = const_cast<uint32_t*>(&s.imm[i][0]);
      x.row[i][1] = const_cast<uint32_t*>(&s.imm[i][1]);
    }
  }
  if (x.mask) s.info->exec(x);

  const uint32_t next = pc + kInstBytes;
  switch (s.info->flow) {
    case Flow::exit: wp.stack.exit(x.exited, next); break;
    case Flow::branch: wp.stack.branch(x.taken, inst.imm, next, inst.reconv); break;
    case Flow::call:
      if (x.mask)
        wp.stack.call(x.mask, inst.imm, next);
      else
        wp.stack.advance(next);
      break;
    case Flow::call_indirect:
      if (x.mask) {
        uint32_t targets[kWarpSize];
        for_lanes(x.mask, [&](unsigned l) { targets[l] = x.u(0, l); });
        wp.stack.call_indirect(x.mask, targets, next);
      } else {
        wp.stack.advance(next);
      }
      break;
    case Flow::ret: wp.stack.ret(x.mask, next); break;
    case Flow::barrier_reduce:
      wp.stack.advance(next);
      arrive_reduction(w, x);
      break;
    case Flow::none: wp.stack.advance(next); break;
  }
  // A warp that finishes may complete a BAR.RED that waits for every non-exited warp.
  if (wp.stack.done() && !reductions_.empty()) complete_reductions();
  wp.inst.active_mask = x.mask;
  wp.inst_pc = 0xFFFFFFFFu;  // the next peek refills the static fields for the new pc
  return wp.inst;
}

void CtaExecutor::arrive_reduction(unsigned w, const ExecContext& x) {
  if (reductions_.empty()) {
    reductions_.resize(16);
    for (Reduction& r : reductions_) r.waiters.reserve(warps_.size());
  }
  const WarpInst& wi = warps_[w].inst;
  Reduction& r = reductions_[wi.barrier_id & 15u];
  uint32_t p = x.pred_mask(2) & x.mask;
  r.popc += static_cast<uint32_t>(__builtin_popcount(p));
  r.all = r.all && p == x.mask;
  r.any = r.any || p != 0;
  r.op = x.inst->m<SubOp>(ModGroup::op);
  r.expected_warps = (wi.barrier_threads + kWarpSize - 1) / kWarpSize;
  const Operand& dst = x.inst->ops[0];
  r.waiters.push_back({w, dst.id, dst.kind == OperandKind::pred, x.mask});
  ++r.arrived;
  complete_reductions();
}

void CtaExecutor::complete_reductions() {
  unsigned live = 0;
  for (const Warp& wp : warps_) live += wp.stack.done() ? 0 : 1;
  for (Reduction& r : reductions_) {
    if (r.arrived == 0 || r.arrived < (r.expected_warps ? r.expected_warps : live)) continue;
    bool value = r.op == SubOp::or_ ? r.any : r.all;
    for (const Reduction::Waiter& wt : r.waiters) {
      if (wt.pred) {
        if (wt.dst == kPT) continue;
        uint32_t& p = warps_[wt.warp].preds[wt.dst];
        p = (p & ~wt.lanes) | (value ? wt.lanes : 0u);
      } else if (wt.dst != kRZ) {
        uint32_t* row = regs_.data() + size_t(wt.warp) * regs_per_warp_ + size_t(wt.dst) * kWarpSize;
        for_lanes(wt.lanes, [&](unsigned l) { row[l] = r.popc; });
      }
    }
    r.arrived = 0;
    r.popc = 0;
    r.all = true;
    r.any = false;
    r.waiters.clear();
  }
}

uint32_t CtaExecutor::reg(unsigned w, unsigned r, unsigned lane) const {
  if (r == kRZ) return 0;
  return regs_[size_t(w) * regs_per_warp_ + size_t(r) * kWarpSize + lane];
}

bool CtaExecutor::pred(unsigned w, unsigned p, unsigned lane) const {
  return (warps_[w].preds[p] >> lane) & 1u;
}

}  // namespace warpsim::isa
