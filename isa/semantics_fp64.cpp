// fp64 semantics on register pairs (low word first): IEEE-754 binary64 with the rounding mode
// of the .rnd modifier, subnormals kept.
#include <cmath>
#include <cstdint>

#include "isa/semantics.h"
#include "isa/semantics_float.h"

namespace warpsim::isa::sem {

namespace {

template <unsigned kSrcs, class F>
void fp64_op(ExecContext& x, F f) {
  fp::RoundingScope scope(x.inst->m<RndMod>(ModGroup::rnd));
  for_lanes(x.mask, [&](unsigned l) {
    if constexpr (kSrcs == 1) x.setd(0, l, f(x.d(1, l)));
    if constexpr (kSrcs == 2) x.setd(0, l, f(x.d(1, l), x.d(2, l)));
    if constexpr (kSrcs == 3) x.setd(0, l, f(x.d(1, l), x.d(2, l), x.d(3, l)));
  });
}

}  // namespace

void dadd(ExecContext& x) {
  fp64_op<2>(x, [](double a, double b) { return a + b; });
}
void dsub(ExecContext& x) {
  fp64_op<2>(x, [](double a, double b) { return a - b; });
}
void dmul(ExecContext& x) {
  fp64_op<2>(x, [](double a, double b) { return a * b; });
}
void dfma(ExecContext& x) {
  fp64_op<3>(x, [](double a, double b, double c) { return std::fma(a, b, c); });
}
void dmin(ExecContext& x) {
  fp64_op<2>(x, [](double a, double b) { return fp::min_num(a, b, fp::as_f64(fp::kCanonicalNaN64)); });
}
void dmax(ExecContext& x) {
  fp64_op<2>(x, [](double a, double b) { return fp::max_num(a, b, fp::as_f64(fp::kCanonicalNaN64)); });
}
void dabs(ExecContext& x) {
  for_lanes(x.mask, [&](unsigned l) { x.set64(0, l, x.u64(1, l) & ~(uint64_t(1) << 63)); });
}
void dneg(ExecContext& x) {
  for_lanes(x.mask, [&](unsigned l) { x.set64(0, l, x.u64(1, l) ^ (uint64_t(1) << 63)); });
}
void ddiv(ExecContext& x) {
  fp64_op<2>(x, [](double a, double b) { return a / b; });
}
void dsqrt(ExecContext& x) {
  fp64_op<1>(x, [](double a) { return std::sqrt(a); });
}
void drcp(ExecContext& x) {
  fp64_op<1>(x, [](double a) { return 1.0 / a; });
}

void dsetp(ExecContext& x) {
  CmpOp op = x.inst->m<CmpOp>(ModGroup::cmp);
  uint32_t r = 0;
  for_lanes(x.mask, [&](unsigned l) {
    if (fp::compare(op, x.d(1, l), x.d(2, l))) r |= 1u << l;
  });
  x.write_pred(0, combine_predicate(x.inst->m<BoolOp>(ModGroup::boolop), r, x.pred_mask(3)));
}

}  // namespace warpsim::isa::sem
