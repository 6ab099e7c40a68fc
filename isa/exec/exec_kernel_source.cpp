#include "isa/exec/exec_kernel_source.h"

#include <algorithm>
#include <stdexcept>

#include "isa/disassembler.h"
#include "isa/exec/cta_executor.h"
#include "isa/semantics.h"
#include "sim/error.h"

namespace warpsim::isa {

namespace {

// The register ids the scoreboard tracks for one instruction (RZ and PT are never tracked:
// they carry no dependence).
void timing_fields(const Inst& inst, const OpcodeInfo& info, const uint8_t* nregs, WarpInst& t) {
  auto add = [&](bool dst, uint16_t id) {
    if (dst) {
      if (t.num_dst == t.dst.size()) throw std::logic_error("WarpInst::dst too small");
      t.dst[t.num_dst++] = id;
    } else {
      if (t.num_src == t.src.size()) throw std::logic_error("WarpInst::src too small");
      t.src[t.num_src++] = id;
    }
  };
  if (inst.guard != kPT) add(false, static_cast<uint16_t>(kPredBase + inst.guard));
  for (unsigned i = 0; i < info.num_ops; ++i) {
    const Operand& op = inst.ops[i];
    OperandRole role = info.ops[i].role;
    if ((op.kind == OperandKind::reg || op.kind == OperandKind::addr) && op.id != kRZ) {
      for (unsigned j = 0; j < nregs[i]; ++j)
        add(role == OperandRole::dst_reg, static_cast<uint16_t>(op.id + j));
    } else if (op.kind == OperandKind::pred && op.id != kPT) {
      add(role == OperandRole::dst_pred, static_cast<uint16_t>(kPredBase + op.id));
    }
  }
  t.opcode = inst.opcode;
  t.op_class = op_class_of(inst);
  t.space = mem_space(inst);
  t.cache_op = cache_op(inst);
  t.access_bytes = static_cast<uint8_t>(t.space == MemSpace::none ? 0 : access_bytes(inst));
  auto value = [&](int op) -> uint32_t {  // an immediate operand; 0 for a register: known at issue
    const Operand& o = inst.ops[op];
    if (o.kind != OperandKind::imm) return 0;
    return o.short_imm ? short_imm_value(o) : inst.imm;
  };
  const std::string_view mnemonic = info.mnemonic;
  if (mnemonic == "LDGSTS" || mnemonic == "LDGSTS.ZFILL") {
    t.async = AsyncOp::copy;
  } else if (mnemonic == "LDGDEPBAR") {
    t.async = AsyncOp::commit;
  } else if (mnemonic == "DEPBAR.LE") {
    t.async = AsyncOp::wait;
    t.async_groups = static_cast<uint8_t>(std::min<uint32_t>(value(0), 255));
  }
  if (info.op_class == OpClass::barrier) {  // known before issue when given as immediates
    BarrierForm f = barrier_form(inst);
    uint32_t id = f.id_op < 0 ? inst.imm : value(f.id_op);
    uint32_t count = f.count_op < 0 ? 0 : value(f.count_op);
    t.barrier_id = static_cast<uint8_t>(id & 15u);
    t.barrier_threads = static_cast<uint16_t>(std::min<uint32_t>(count, 0xFFFFu));
    t.barrier_arrive_only = f.arrive_only;
  }
}

// The words an immediate operand broadcasts (see LaunchImage::Step::imm).
void immediate_words(const Inst& inst, const OpcodeInfo& info, unsigned i, uint32_t* w) {
  const Operand& op = inst.ops[i];
  uint32_t v = op.short_imm ? short_imm_value(op) : inst.imm;
  if (!op.short_imm && info.imm_kind == ImmKind::f64) {
    w[0] = 0;
    w[1] = v;
  } else if (!op.short_imm && info.imm_kind == ImmKind::bits64) {
    w[0] = v;
    w[1] = inst.imm_hi;
  } else {
    w[0] = v;
    w[1] = static_cast<int32_t>(v) < 0 ? 0xFFFFFFFFu : 0u;
  }
}

}  // namespace

ExecKernelSource::ExecKernelSource(const Kernel& kernel, DeviceMemory& memory, Dim3 grid,
                                   Dim3 block, uint32_t dynamic_shared_bytes,
                                   std::vector<uint8_t> params) {
  auto bad = [&](const std::string& what) {
    throw InputError(kernel.source_path, 0, "launch of kernel " + kernel.name + ": " + what);
  };
  if (block.count() == 0 || block.count() > 1024)
    bad("block has " + std::to_string(block.count()) + " threads (1..1024)");
  if (grid.count() == 0) bad("empty grid");
  if (params.size() < kernel.param_bytes)
    bad("param buffer has " + std::to_string(params.size()) + " bytes, the kernel's params need " +
        std::to_string(kernel.param_bytes));
  if (uint64_t(kernel.shared_bytes) + dynamic_shared_bytes > (uint64_t(1) << 30))
    bad("shared memory too large");
  image_.kernel = &kernel;
  image_.memory = &memory;
  image_.grid = grid;
  image_.block = block;
  image_.shared_bytes = kernel.shared_bytes + dynamic_shared_bytes;
  image_.local_bytes = kernel.local_bytes;
  image_.params = std::move(params);
  image_.steps.resize(kernel.code.size());
  for (size_t i = 0; i < kernel.code.size(); ++i) {
    LaunchImage::Step& s = image_.steps[i];
    s.inst = &kernel.code[i];
    s.info = &opcode_info(s.inst->opcode);
    for (unsigned k = 0; k < kMaxOperands; ++k) {
      const Operand& op = s.inst->ops[k];
      s.nregs[k] = 0;
      s.imm[k][0] = s.imm[k][1] = 0;
      if (k >= s.info->num_ops) continue;
      if (op.kind == OperandKind::reg || op.kind == OperandKind::imm)
        s.nregs[k] = static_cast<uint8_t>(operand_regs(*s.info, *s.inst, k));
      else if (op.kind == OperandKind::addr)
        s.nregs[k] = static_cast<uint8_t>(std::max(1u, address_regs(*s.inst)));
      if (op.kind == OperandKind::imm) immediate_words(*s.inst, *s.info, k, s.imm[k]);
    }
    s.timing.pc = static_cast<uint32_t>(i * kInstBytes);
    timing_fields(*s.inst, *s.info, s.nregs, s.timing);
  }
}

void ExecKernelSource::bind_timing(const OpTimingResolver& timing) {
  for (LaunchImage::Step& s : image_.steps) s.timing.timing = timing.resolve(opcode_text(*s.inst), s.timing.op_class);
}

std::unique_ptr<WarpStream> ExecKernelSource::open_cta(uint64_t cta, unsigned sm_id) {
  if (cta >= image_.grid.count())
    throw std::out_of_range("open_cta: CTA " + std::to_string(cta) + " is outside the grid");
  return std::make_unique<CtaExecutor>(image_, cta, sm_id);
}

}  // namespace warpsim::isa
