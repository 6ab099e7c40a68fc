// Moves, selects, special-register reads and predicate logic.
#include <cstdint>

#include "isa/semantics.h"

namespace warpsim::isa::sem {

void mov(ExecContext& x) {
  for_lanes(x.mask, [&](unsigned l) { x.set(0, l, x.u(1, l)); });
}

void mov64(ExecContext& x) {
  for_lanes(x.mask, [&](unsigned l) { x.set64(0, l, x.u64(1, l)); });
}

void s2r(ExecContext& x) {
  const WarpEnv& e = *x.env;
  auto sr = static_cast<SpecialReg>(x.inst->ops[1].id);
  auto all = [&](uint32_t v) { for_lanes(x.mask, [&](unsigned l) { x.set(0, l, v); }); };
  auto per_lane = [&](auto f) { for_lanes(x.mask, [&](unsigned l) { x.set(0, l, f(l)); }); };
  // The global timer counts nanoseconds; the core clock is taken as a nominal 1 GHz.
  const uint64_t ns = x.cycle;
  switch (sr) {
    case SpecialReg::tid_x: per_lane([&](unsigned l) { return e.tid_x[l]; }); break;
    case SpecialReg::tid_y: per_lane([&](unsigned l) { return e.tid_y[l]; }); break;
    case SpecialReg::tid_z: per_lane([&](unsigned l) { return e.tid_z[l]; }); break;
    case SpecialReg::ntid_x: all(e.ntid[0]); break;
    case SpecialReg::ntid_y: all(e.ntid[1]); break;
    case SpecialReg::ntid_z: all(e.ntid[2]); break;
    case SpecialReg::ctaid_x: all(e.ctaid[0]); break;
    case SpecialReg::ctaid_y: all(e.ctaid[1]); break;
    case SpecialReg::ctaid_z: all(e.ctaid[2]); break;
    case SpecialReg::nctaid_x: all(e.nctaid[0]); break;
    case SpecialReg::nctaid_y: all(e.nctaid[1]); break;
    case SpecialReg::nctaid_z: all(e.nctaid[2]); break;
    case SpecialReg::laneid: per_lane([](unsigned l) { return l; }); break;
    case SpecialReg::warpid: all(e.warpid); break;
    case SpecialReg::smid: all(e.smid); break;
    case SpecialReg::clocklo: all(static_cast<uint32_t>(x.cycle)); break;
    case SpecialReg::clockhi: all(static_cast<uint32_t>(x.cycle >> 32)); break;
    case SpecialReg::lanemask_eq: per_lane([](unsigned l) { return 1u << l; }); break;
    case SpecialReg::lanemask_lt: per_lane([](unsigned l) { return (1u << l) - 1; }); break;
    case SpecialReg::lanemask_le:
      per_lane([](unsigned l) { return static_cast<uint32_t>((uint64_t(2) << l) - 1); });
      break;
    case SpecialReg::lanemask_gt:
      per_lane([](unsigned l) { return ~static_cast<uint32_t>((uint64_t(2) << l) - 1); });
      break;
    case SpecialReg::lanemask_ge: per_lane([](unsigned l) { return ~((1u << l) - 1); }); break;
    case SpecialReg::clock64:
      for_lanes(x.mask, [&](unsigned l) { x.set64(0, l, x.cycle); });
      break;
    case SpecialReg::globaltimer:
      for_lanes(x.mask, [&](unsigned l) { x.set64(0, l, ns); });
      break;
    case SpecialReg::globaltimer_lo: all(static_cast<uint32_t>(ns)); break;
    case SpecialReg::globaltimer_hi: all(static_cast<uint32_t>(ns >> 32)); break;
    case SpecialReg::count_: break;
  }
}

void sel(ExecContext& x) {
  uint32_t p = x.pred_mask(3);
  if (is_64bit(x.inst->m<DataType>(ModGroup::type)))
    for_lanes(x.mask,
              [&](unsigned l) { x.set64(0, l, (p >> l) & 1 ? x.u64(1, l) : x.u64(2, l)); });
  else
    for_lanes(x.mask, [&](unsigned l) { x.set(0, l, (p >> l) & 1 ? x.u(1, l) : x.u(2, l)); });
}

void plop(ExecContext& x) {
  uint32_t a = x.pred_mask(1), b = x.pred_mask(2);
  switch (x.inst->m<BoolOp>(ModGroup::boolop)) {
    case BoolOp::and_: x.write_pred(0, a & b); break;
    case BoolOp::or_: x.write_pred(0, a | b); break;
    case BoolOp::xor_: x.write_pred(0, a ^ b); break;
    case BoolOp::none: break;
  }
}

void pnot(ExecContext& x) { x.write_pred(0, ~x.pred_mask(1)); }

}  // namespace warpsim::isa::sem
