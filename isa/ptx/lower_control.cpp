// Control flow, barriers, fences and hints: bra ret exit trap brkpt bar barrier membar fence
// nanosleep prefetch pmevent.
#include "isa/ptx/lowerer.h"

namespace warpsim::isa::ptx {

namespace {

bool has_any(const IrInst& in, std::initializer_list<const char*> ms) {
  for (const char* m : ms)
    if (in.has(m)) return true;
  return false;
}

}  // namespace

bool Lowerer::lower_control() {
  const std::string& op = in().op;
  if (op == "bra") {
    if (has_any(in(), {"uni"}) && nargs() != 1) fail("expects one label");
    const Value& t = arg(0);
    if (t.kind != Value::Kind::label) fail("branch target must be a label");
    emit(has("uni") ? "BRA.UNI" : "BRA", {label(t.label)});
    return true;
  }
  if (op == "ret" || op == "exit") {
    emit("EXIT", {});
    return true;
  }
  if (op == "trap" || op == "brkpt") {
    // brkpt without a debugger stops the kernel with an error, as trap does.
    emit("TRAP", {});
    return true;
  }
  if (op == "bar" || op == "barrier") {
    if (has("warp")) {
      // bar.warp.sync / __syncwarp(): lanes of a warp execute in lockstep here and reconverge
      // at immediate post-dominators, so the warp is already synchronized; keep the issue slot.
      emit("NOP", {});
      return true;
    }
    bool arrive = has("arrive");
    bool red = has("red");
    if (red) {
      // bar.red.popc.u32 d, a{, b}, {!}c  /  bar.red.and|or.pred p, a{, b}, {!}c
      std::string kind = has("popc") ? "POPC" : has("and") ? "AND" : has("or") ? "OR" : "";
      if (kind.empty()) unsupported();
      size_t n = nargs();
      if (n != 3 && n != 4) fail("expects 3 or 4 operands");
      // chip order: d, barrier, predicate, thread count
      std::vector<MOp> ops;
      if (kind == "POPC")
        ops.push_back(dst(arg(0), Type::u32));
      else
        ops.push_back(pdst(arg(0)));
      ops.push_back(src(arg(1), Type::u32));
      ops.push_back(psrc(arg(n - 1)));
      if (n == 4) ops.push_back(src(arg(2), Type::u32));
      emit("BAR.RED." + kind, std::move(ops));
      return true;
    }
    size_t n = nargs();
    if (n < 1 || n > 2) fail("expects a barrier id and an optional thread count");
    std::vector<MOp> ops{src(arg(0), Type::u32)};
    if (n == 2) ops.push_back(src(arg(1), Type::u32));
    if (arrive) {
      if (n != 2) fail("bar.arrive needs a thread count");
      emit("BAR.ARRIVE", std::move(ops));
    } else if (chip_accepts("BAR.SYNC") || !chip_accepts("BAR")) {
      emit("BAR.SYNC", std::move(ops));
    } else {
      // The first ISA revision: `BAR id`, all threads of the CTA.
      if (n != 1) unsupported("the chip barrier takes no thread count");
      emit("BAR", std::move(ops));
    }
    return true;
  }
  if (op == "membar" || op == "fence") {
    if (op == "fence" && has_any(in(), {"proxy", "mbarrier_init"})) {
      // Proxy fences order the async/tensor-memory proxies the emulator does not model.
      emit("MEMBAR.CTA", {});
      return true;
    }
    const char* level = has("cta") ? "CTA" : has("sys") ? "SYS" : "GL";
    emit(std::string("MEMBAR.") + level, {});
    return true;
  }
  if (op == "nanosleep") {
    emit("NANOSLEEP", {src(arg(0), Type::u32)});
    return true;
  }
  if (op == "prefetch" || op == "prefetchu") {
    // A cache hint with no architectural effect: nothing to execute.
    return true;
  }
  if (op == "createpolicy") {
    // L2 eviction-policy descriptors only feed .L2::cache_hint, which the translation drops.
    VReg d = dst_reg(arg(0));
    if (d != kNoReg) mov_imm(d, 0);
    return true;
  }
  if (op == "discard" || op == "applypriority") return true;  // cache-line hints
  if (op == "pmevent") {
    emit("NOP", {});
    return true;
  }
  return false;
}

}  // namespace warpsim::isa::ptx
