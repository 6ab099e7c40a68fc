// fp32 semantics and int<->float conversions. Arithmetic is IEEE-754 binary32 with round to
// nearest even and denormals kept, which is what the host's SSE arithmetic gives.
#include <cmath>
#include <cstdint>

#include "isa/semantics.h"

namespace warpsim::isa::sem {

namespace {

template <class F>
void binary(ExecContext& x, F f) {
  for_lanes(x.mask, [&](unsigned l) { x.setf(0, l, f(x.f(1, l), x.f(2, l))); });
}

// IEEE-754 minNum/maxNum, as the GPU's FMNMX: a quiet NaN operand is ignored, and -0 orders
// below +0.
float min_num(float a, float b) {
  if (std::isnan(a)) return b;
  if (std::isnan(b)) return a;
  if (a == b) return std::signbit(a) ? a : b;
  return a < b ? a : b;
}
float max_num(float a, float b) {
  if (std::isnan(a)) return b;
  if (std::isnan(b)) return a;
  if (a == b) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

bool compare(CmpOp op, float a, float b) {
  // Ordered comparisons: every one is false when an operand is NaN (PTX setp.{eq..ge}).
  switch (op) {
    case CmpOp::eq: return a == b;
    case CmpOp::ne: return a < b || a > b;
    case CmpOp::lt: return a < b;
    case CmpOp::le: return a <= b;
    case CmpOp::gt: return a > b;
    case CmpOp::ge: return a >= b;
    case CmpOp::none: break;
  }
  return false;
}

}  // namespace

void fadd(ExecContext& x) {
  binary(x, [](float a, float b) { return a + b; });
}
void fsub(ExecContext& x) {
  binary(x, [](float a, float b) { return a - b; });
}
void fmul(ExecContext& x) {
  binary(x, [](float a, float b) { return a * b; });
}
void ffma(ExecContext& x) {
  for_lanes(x.mask, [&](unsigned l) { x.setf(0, l, std::fma(x.f(1, l), x.f(2, l), x.f(3, l))); });
}
void fmin(ExecContext& x) { binary(x, min_num); }
void fmax(ExecContext& x) { binary(x, max_num); }

void fsetp(ExecContext& x) {
  CmpOp op = x.inst->m<CmpOp>(ModGroup::cmp);
  uint32_t r = 0;
  for_lanes(x.mask, [&](unsigned l) {
    if (compare(op, x.f(1, l), x.f(2, l))) r |= 1u << l;
  });
  x.write_pred(0, r);
}

void i2f(ExecContext& x) {
  if (x.inst->m<DataType>(ModGroup::stype) == DataType::u32)
    for_lanes(x.mask, [&](unsigned l) { x.setf(0, l, static_cast<float>(x.u(1, l))); });
  else
    for_lanes(x.mask, [&](unsigned l) { x.setf(0, l, static_cast<float>(x.s(1, l))); });
}

// Round toward zero, saturating to the destination range, NaN -> 0 (PTX cvt.rzi.{s32,u32}.f32).
// C++ leaves out-of-range float->int conversion undefined, so the bounds are checked first.
void f2i(ExecContext& x) {
  if (x.inst->m<DataType>(ModGroup::type) == DataType::u32) {
    for_lanes(x.mask, [&](unsigned l) {
      float v = x.f(1, l);
      uint32_t r = 0;
      if (std::isnan(v) || v <= 0.0f)
        r = 0;
      else if (v >= 4294967296.0f)
        r = 0xFFFFFFFFu;
      else
        r = static_cast<uint32_t>(v);
      x.set(0, l, r);
    });
  } else {
    for_lanes(x.mask, [&](unsigned l) {
      float v = x.f(1, l);
      int32_t r = 0;
      if (std::isnan(v))
        r = 0;
      else if (v >= 2147483648.0f)
        r = INT32_MAX;
      else if (v <= -2147483648.0f)
        r = INT32_MIN;
      else
        r = static_cast<int32_t>(v);
      x.set(0, l, static_cast<uint32_t>(r));
    });
  }
}

}  // namespace warpsim::isa::sem
