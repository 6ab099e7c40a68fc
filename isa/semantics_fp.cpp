// fp32 semantics: IEEE-754 binary32 arithmetic with the rounding mode of the .rnd modifier,
// subnormals kept unless .FTZ, .SAT clamping to [0, 1]; and the approximate multi-function
// unit (MUFU), computed with the host's fp32 libm.
#include <cmath>
#include <cstdint>

#include "isa/semantics.h"
#include "isa/semantics_float.h"

namespace warpsim::isa::sem {

namespace {

using fp::flush;

struct FpMods {
  RndMod rnd;
  bool ftz, sat;
  explicit FpMods(const Inst& in)
      : rnd(in.m<RndMod>(ModGroup::rnd)),
        ftz(in.mod[static_cast<unsigned>(ModGroup::ftz)] != 0),
        sat(in.mod[static_cast<unsigned>(ModGroup::sat)] != 0) {}
  float in(float v) const { return ftz ? flush(v) : v; }
  float out(float v) const {
    if (ftz) v = flush(v);
    return sat ? fp::saturate(v) : v;
  }
};

// d = f(a[, b[, c]]) for the executing lanes, under the instruction's rounding mode.
template <unsigned kSrcs, class F>
void fp32_op(ExecContext& x, F f) {
  FpMods m(*x.inst);
  fp::RoundingScope scope(m.rnd);
  if (!m.ftz && !m.sat) {
    for_lanes(x.mask, [&](unsigned l) {
      if constexpr (kSrcs == 1) x.setf(0, l, f(x.f(1, l)));
      if constexpr (kSrcs == 2) x.setf(0, l, f(x.f(1, l), x.f(2, l)));
      if constexpr (kSrcs == 3) x.setf(0, l, f(x.f(1, l), x.f(2, l), x.f(3, l)));
    });
    return;
  }
  for_lanes(x.mask, [&](unsigned l) {
    if constexpr (kSrcs == 1) x.setf(0, l, m.out(f(m.in(x.f(1, l)))));
    if constexpr (kSrcs == 2) x.setf(0, l, m.out(f(m.in(x.f(1, l)), m.in(x.f(2, l)))));
    if constexpr (kSrcs == 3)
      x.setf(0, l, m.out(f(m.in(x.f(1, l)), m.in(x.f(2, l)), m.in(x.f(3, l)))));
  });
}

}  // namespace

void fadd(ExecContext& x) {
  fp32_op<2>(x, [](float a, float b) { return a + b; });
}
void fsub(ExecContext& x) {
  fp32_op<2>(x, [](float a, float b) { return a - b; });
}
void fmul(ExecContext& x) {
  fp32_op<2>(x, [](float a, float b) { return a * b; });
}
void ffma(ExecContext& x) {
  fp32_op<3>(x, [](float a, float b, float c) { return std::fma(a, b, c); });
}
// .NAN (PTX min.NaN / max.NaN): a NaN operand gives the canonical NaN instead of the other one.
void fmin(ExecContext& x) {
  const float nan = fp::as_f32(fp::kCanonicalNaN32);
  if (x.inst->m<CmpOp>(ModGroup::cmp) == CmpOp::nan)
    fp32_op<2>(x, [nan](float a, float b) {
      return std::isnan(a) || std::isnan(b) ? nan : fp::min_num(a, b, nan);
    });
  else
    fp32_op<2>(x, [nan](float a, float b) { return fp::min_num(a, b, nan); });
}
void fmax(ExecContext& x) {
  const float nan = fp::as_f32(fp::kCanonicalNaN32);
  if (x.inst->m<CmpOp>(ModGroup::cmp) == CmpOp::nan)
    fp32_op<2>(x, [nan](float a, float b) {
      return std::isnan(a) || std::isnan(b) ? nan : fp::max_num(a, b, nan);
    });
  else
    fp32_op<2>(x, [nan](float a, float b) { return fp::max_num(a, b, nan); });
}
void fabs_(ExecContext& x) {
  fp32_op<1>(x, [](float a) { return fp::as_f32(fp::bits_of(a) & 0x7FFFFFFFu); });
}
void fneg(ExecContext& x) {
  fp32_op<1>(x, [](float a) { return fp::as_f32(fp::bits_of(a) ^ 0x80000000u); });
}

// .APPROX (PTX div.approx / div.full): a times the fp32 reciprocal of b, two roundings, as the
// hardware's MUFU.RCP + FMUL sequence; the IEEE modes divide correctly rounded.
void fdiv(ExecContext& x) {
  if (x.inst->m<RndMod>(ModGroup::rnd) == RndMod::approx)
    fp32_op<2>(x, [](float a, float b) { return a * (1.0f / b); });
  else
    fp32_op<2>(x, [](float a, float b) { return a / b; });
}
void frcp(ExecContext& x) {
  fp32_op<1>(x, [](float a) { return 1.0f / a; });
}
void fsqrt(ExecContext& x) {
  fp32_op<1>(x, [](float a) { return std::sqrt(a); });
}

void fsetp(ExecContext& x) {
  const Inst& in = *x.inst;
  CmpOp op = in.m<CmpOp>(ModGroup::cmp);
  bool ftz = in.mod[static_cast<unsigned>(ModGroup::ftz)] != 0;
  uint32_t r = 0;
  for_lanes(x.mask, [&](unsigned l) {
    float a = x.f(1, l), b = x.f(2, l);
    if (ftz) a = flush(a), b = flush(b);
    if (fp::compare(op, a, b)) r |= 1u << l;
  });
  x.write_pred(0, combine_predicate(in.m<BoolOp>(ModGroup::boolop), r, x.pred_mask(3)));
}

void frnd(ExecContext& x) {
  RndMod m = x.inst->m<RndMod>(ModGroup::rnd);
  if (x.inst->m<DataType>(ModGroup::type) == DataType::f64)
    for_lanes(x.mask, [&](unsigned l) { x.setd(0, l, fp::round_integral(x.d(1, l), m)); });
  else
    fp32_op<1>(x, [m](float a) { return fp::round_integral(a, m); });
}

// MUFU approximations, computed with the host's fp32 libm: typically within 1-2 ulp, better than
// the hardware's (~2^-22 relative error, 2^-20.5 absolute for SIN/COS in [-pi, pi]); special
// values (0, inf, NaN, negative inputs of RSQ/SQRT/LG2) follow IEEE as the hardware does.
void mufu(ExecContext& x) {
  switch (x.inst->m<SubOp>(ModGroup::op)) {
    case SubOp::rcp: fp32_op<1>(x, [](float a) { return 1.0f / a; }); break;
    case SubOp::rsq: fp32_op<1>(x, [](float a) { return 1.0f / std::sqrt(a); }); break;
    case SubOp::sqrt: fp32_op<1>(x, [](float a) { return std::sqrt(a); }); break;
    case SubOp::sin: fp32_op<1>(x, [](float a) { return std::sin(a); }); break;
    case SubOp::cos: fp32_op<1>(x, [](float a) { return std::cos(a); }); break;
    case SubOp::ex2: fp32_op<1>(x, [](float a) { return std::exp2(a); }); break;
    case SubOp::lg2: fp32_op<1>(x, [](float a) { return std::log2(a); }); break;
    case SubOp::tanh: fp32_op<1>(x, [](float a) { return std::tanh(a); }); break;
    default: break;
  }
}

}  // namespace warpsim::isa::sem
