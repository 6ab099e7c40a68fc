#include "isa/exec/cta_executor.h"

#include <sstream>
#include <stdexcept>

#include "sim/error.h"

namespace warpsim::isa {

CtaExecutor::CtaExecutor(const LaunchImage& image, uint64_t cta, unsigned sm_id)
    : image_(image), regs_per_warp_(image.kernel->regs * kWarpSize) {
  const Dim3 b = image.block, g = image.grid;
  const uint64_t threads = b.count();
  const auto nwarps = static_cast<unsigned>((threads + kWarpSize - 1) / kWarpSize);
  warps_.resize(nwarps);
  regs_.assign(size_t(nwarps) * regs_per_warp_, 0);
  shared_.assign(image.shared_bytes, 0);
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
  d.op_class = t.op_class;
  d.num_dst = t.num_dst;
  d.num_src = t.num_src;
  d.dst = t.dst;
  d.src = t.src;
  d.space = t.space;
  d.cache_op = t.cache_op;
  d.access_bytes = t.access_bytes;
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
  x.addr = wp.inst.addr.data();
  x.kernel = image_.kernel;
  // Immediates are broadcast to every lane; for a 64-bit operand the high word is the sign
  // extension, so `IADD.S64 R2, R2, -4` steps a pointer back.
  uint32_t imm[2] = {inst.imm, static_cast<int32_t>(inst.imm) < 0 ? 0xFFFFFFFFu : 0u};
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
      x.stride[i] = 0;
      x.row[i][0] = &imm[0];
      x.row[i][1] = &imm[1];
    }
  }
  if (x.mask) s.info->exec(x);

  switch (s.info->op_class) {
    case OpClass::exit: wp.stack.exit(x.exited, pc + kInstBytes); break;
    case OpClass::branch: wp.stack.branch(x.taken, inst.imm, pc + kInstBytes, inst.reconv); break;
    default: wp.stack.advance(pc + kInstBytes); break;
  }
  wp.inst.active_mask = x.mask;
  wp.inst_pc = 0xFFFFFFFFu;  // the next peek refills the static fields for the new pc
  return wp.inst;
}

uint32_t CtaExecutor::reg(unsigned w, unsigned r, unsigned lane) const {
  if (r == kRZ) return 0;
  return regs_[size_t(w) * regs_per_warp_ + size_t(r) * kWarpSize + lane];
}

bool CtaExecutor::pred(unsigned w, unsigned p, unsigned lane) const {
  return (warps_[w].preds[p] >> lane) & 1u;
}

}  // namespace warpsim::isa
