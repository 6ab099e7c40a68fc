// Control and synchronisation. Branches, calls and exits only report which lanes act; the
// emulator's SIMT stack (isa/exec/simt_stack.h) turns that into divergence, calls and
// reconvergence, and the timing model holds warps at barriers (the barrier's id and thread
// count are reported in the WarpInst).
#include <algorithm>
#include <sstream>

#include "isa/opcode_table.h"
#include "isa/program.h"
#include "isa/semantics.h"
#include "sim/error.h"

namespace warpsim::isa {

void ExecContext::error(const std::string& what) const {
  std::ostringstream os;
  os << "kernel " << kernel->name << ", pc 0x" << std::hex << pc << std::dec << ": " << what;
  throw InputError(kernel->source_path, kernel->line_of(pc), os.str());
}

namespace sem {

void bra(ExecContext& x) { x.taken = x.mask; }
void exit(ExecContext& x) { x.exited = x.mask; }
void nop(ExecContext&) {}
void trap(ExecContext& x) { x.error("trap"); }

namespace {
void set_barrier(ExecContext& x, BarrierForm f) {
  WarpInst& w = *x.out;
  uint32_t id = f.id_op < 0 ? x.inst->imm : x.first_lane_value(static_cast<unsigned>(f.id_op));
  uint32_t count = f.count_op < 0 ? 0 : x.first_lane_value(static_cast<unsigned>(f.count_op));
  w.barrier_id = static_cast<uint8_t>(id & 15u);
  w.barrier_threads = static_cast<uint16_t>(std::min<uint32_t>(count, 0xFFFFu));
  w.barrier_arrive_only = f.arrive_only;
}
}  // namespace

// The id and thread count are taken from the first executing lane (the hardware requires them
// to be warp-uniform).
void bar(ExecContext& x) { set_barrier(x, {-1, -1, false}); }
void bar_sync(ExecContext& x) { set_barrier(x, {0, 1, false}); }
void bar_arrive(ExecContext& x) { set_barrier(x, {0, 1, true}); }
void bar_red(ExecContext& x) { set_barrier(x, {1, 3, false}); }

}  // namespace sem

BarrierForm barrier_form(const Inst& inst) {
  SemanticsFn f = opcode_info(inst.opcode).exec;
  if (f == sem::bar_sync) return {0, 1, false};
  if (f == sem::bar_arrive) return {0, 1, true};
  if (f == sem::bar_red) return {1, 3, false};
  return {-1, -1, false};
}

}  // namespace warpsim::isa
