// Floating-point semantics (fp32, fp64, fp16, MUFU) against host references over edge cases:
// zeros of both signs, subnormals, infinities, NaN, overflow and exact ties. Directed rounding is
// checked against a reference built differently from the emulator: the round-to-nearest result
// corrected by the sign of the exact residual (TwoSum / exact fp64 products).
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

#include "tests/isa/lane_harness.h"

namespace warpsim::isa {
namespace {

using testing::d2u;
using testing::f2u;
using testing::hi;
using testing::LaneIn;
using testing::LaneOut;
using testing::lo;
using testing::pair;
using testing::run_lanes;
using testing::u2d;
using testing::u2f;

const float kInf = std::numeric_limits<float>::infinity();
const float kNaN = std::numeric_limits<float>::quiet_NaN();
const double kInfD = std::numeric_limits<double>::infinity();

const std::vector<float>& values() {
  static const std::vector<float> v = [] {
    std::vector<float> r = {0.0f,     -0.0f,    1.0f,     -1.0f,   0.5f,       1.5f,
                            3.0f,     -2.75f,   1e-40f,   -1e-40f, FLT_MIN,    -FLT_MIN,
                            FLT_MAX,  -FLT_MAX, kInf,     -kInf,   kNaN,       1.0000001f,
                            1e30f,    -1e30f,   1e-30f,   7e-39f,  16777216.0f, 0.1f,
                            1.17549421e-38f /* largest subnormal */};
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> u(-100, 100);
    for (int i = 0; i < 6; ++i) r.push_back(u(rng));
    return r;
  }();
  return v;
}

bool same(float a, float b) { return (std::isnan(a) && std::isnan(b)) || f2u(a) == f2u(b); }
bool same(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || d2u(a) == d2u(b);
}

// The result of rounding exactly `r + residual` (residual of tiny magnitude, given by its sign)
// in mode m (0 RN, 1 RZ, 2 RM, 3 RP), from the round-to-nearest result r.
template <class T>
T directed(T r, int residual_sign, int m, bool finite_operands) {
  if (std::isnan(r) || (std::isinf(r) && !finite_operands)) return r;
  if (std::isinf(r)) residual_sign = r > 0 ? -1 : 1;  // overflow: the exact value is finite
  if (residual_sign == 0) return r;
  switch (m) {
    case 1:
      if ((r > 0 && residual_sign < 0) || (r < 0 && residual_sign > 0))
        return std::nextafter(r, T(0));
      // r == 0 with a residual: the exact value is tiny, toward zero is zero of its sign.
      return r;
    case 2: return residual_sign < 0 ? std::nextafter(r, -std::numeric_limits<T>::infinity()) : r;
    case 3: return residual_sign > 0 ? std::nextafter(r, std::numeric_limits<T>::infinity()) : r;
    default: return r;
  }
}
int sign_of(double v) { return v > 0 ? 1 : v < 0 ? -1 : 0; }

// Exact residual signs of fp32 operations (all exact in fp64 except the fma, done as TwoSum).
int add_residual(float a, float b, float r) {
  if (!std::isfinite(r)) return 0;
  float bb = r - a;
  float e = (a - (r - bb)) + (b - bb);
  return sign_of(e);
}
int mul_residual(float a, float b, float r) {
  if (!std::isfinite(r)) return 0;
  return sign_of(double(a) * double(b) - double(r));
}
int fma_residual(float a, float b, float c, float r) {
  if (!std::isfinite(r)) return 0;
  double p = double(a) * double(b), s = p + c;
  double bb = s - p, e = (p - (s - bb)) + (double(c) - bb);
  return sign_of((s - double(r)) + e);
}
int div_residual(float a, float b, float r) {
  if (!std::isfinite(r) || b == 0) return 0;
  return sign_of((double(a) - double(r) * double(b)) * (b > 0 ? 1 : -1));
}
int sqrt_residual(float a, float r) {
  if (!std::isfinite(r)) return 0;
  return sign_of(double(a) - double(r) * double(r));
}

const char* const kRnd[] = {"RN", "RZ", "RM", "RP"};

// IEEE-754 6.3: an exact zero sum is +0, except rounding toward -inf, where it is -0 unless both
// addends are +0 (x + x keeps the sign of x in every mode).
template <class T>
T zero_sum(T r, T x, T y, int m) {
  if (r != 0 || m != 2) return r;
  bool both_pos_zero = x == 0 && y == 0 && !std::signbit(x) && !std::signbit(y);
  return both_pos_zero ? T(0) : -T(0);
}

std::vector<LaneIn> pair_rows(const std::vector<float>& v, bool with_c) {
  std::vector<LaneIn> rows;
  std::mt19937 rng(4);
  for (float a : v)
    for (float b : v) {
      LaneIn r;
      r.r[0] = f2u(a);
      r.r[1] = f2u(b);
      r.r[2] = with_c ? f2u(v[rng() % v.size()]) : 0;
      rows.push_back(r);
    }
  return rows;
}

TEST(Fp32Semantics, ArithmeticInEveryRoundingMode) {
  auto rows = pair_rows(values(), true);
  for (int m = 0; m < 4; ++m) {
    std::string r = kRnd[m];
    auto out = run_lanes("FADD." + r + " R16, R8, R9\n FSUB." + r + " R17, R8, R9\n FMUL." + r +
                             " R18, R8, R9\n FFMA." + r + " R19, R8, R9, R10\n FDIV." + r +
                             " R20, R8, R9",
                         rows);
    for (size_t i = 0; i < rows.size(); ++i) {
      float a = u2f(rows[i].r[0]), b = u2f(rows[i].r[1]), c = u2f(rows[i].r[2]);
      bool fin = std::isfinite(a) && std::isfinite(b);
      float s = a + b, d = a - b, p = a * b, f = std::fma(a, b, c), q = a / b;
      SCOPED_TRACE(::testing::Message() << r << " a=" << a << " b=" << b << " c=" << c);
      EXPECT_TRUE(same(u2f(out[i].r[0]), zero_sum(directed(s, add_residual(a, b, s), m, fin), a, b, m)));
      EXPECT_TRUE(same(u2f(out[i].r[1]), zero_sum(directed(d, add_residual(a, -b, d), m, fin), a, -b, m)));
      EXPECT_TRUE(same(u2f(out[i].r[2]), directed(p, mul_residual(a, b, p), m, fin)));
      int fr = fma_residual(a, b, c, f);
      float want_f = directed(f, fr, m, fin && std::isfinite(c));
      if (fr == 0) want_f = zero_sum(want_f, a * b, c, m);
      EXPECT_TRUE(same(u2f(out[i].r[3]), want_f));
      EXPECT_TRUE(same(u2f(out[i].r[4]), directed(q, div_residual(a, b, q), m, fin && b != 0)));
    }
  }
}

TEST(Fp32Semantics, DirectedRoundingKnownCases) {
  const float tiny = std::ldexp(1.0f, -30);
  auto out = run_lanes(
      "FADD.RN R16, R8, R9\n FADD.RZ R17, R8, R9\n FADD.RM R18, R8, R9\n FADD.RP R19, R8, R9\n"
      " FMUL.RN R20, R10, 2\n FMUL.RZ R21, R10, 2\n FMUL.RM R22, R10, 2\n FMUL.RP R23, R10, 2",
      {LaneIn{{f2u(1.0f), f2u(tiny), f2u(FLT_MAX)}, 0},
       LaneIn{{f2u(-1.0f), f2u(-tiny), f2u(-FLT_MAX)}, 0}});
  const float up = std::nextafter(1.0f, 2.0f);
  EXPECT_EQ(u2f(out[0].r[0]), 1.0f);
  EXPECT_EQ(u2f(out[0].r[1]), 1.0f);
  EXPECT_EQ(u2f(out[0].r[2]), 1.0f);
  EXPECT_EQ(u2f(out[0].r[3]), up);
  EXPECT_EQ(u2f(out[1].r[2]), -up);
  EXPECT_EQ(u2f(out[1].r[3]), -1.0f);
  EXPECT_EQ(u2f(out[0].r[4]), kInf);     // overflow, nearest
  EXPECT_EQ(u2f(out[0].r[5]), FLT_MAX);  // toward zero
  EXPECT_EQ(u2f(out[0].r[6]), FLT_MAX);  // down
  EXPECT_EQ(u2f(out[0].r[7]), kInf);     // up
  EXPECT_EQ(u2f(out[1].r[6]), -kInf);
  EXPECT_EQ(u2f(out[1].r[7]), -FLT_MAX);
  // x - x is +0 in every mode but RM, where it is -0.
  auto z = run_lanes("FSUB.RN R16, R8, R8\n FSUB.RM R17, R8, R8", {LaneIn{{f2u(3.0f)}, 0}});
  EXPECT_EQ(z[0].r[0], 0u);
  EXPECT_EQ(z[0].r[1], 0x80000000u);
}

TEST(Fp32Semantics, FlushToZeroAndSaturate) {
  const float denorm = 1e-40f;
  auto out = run_lanes(
      "FADD R16, R8, RZ\n FADD.FTZ R17, R8, RZ\n FMUL.FTZ R18, R9, R9\n FMUL R19, R9, R9\n"
      " FMUL.FTZ R20, R10, 1.0\n FMIN.FTZ R21, R10, 1.0\n FNEG.FTZ R22, R8\n FABS R23, R10",
      {LaneIn{{f2u(denorm), f2u(1e-20f), f2u(-denorm)}, 0}});
  EXPECT_EQ(u2f(out[0].r[0]), denorm);  // subnormals are kept by default
  EXPECT_EQ(out[0].r[1], 0u);
  EXPECT_EQ(out[0].r[2], 0u);  // a subnormal result is flushed
  EXPECT_EQ(u2f(out[0].r[3]), 1e-20f * 1e-20f);
  EXPECT_EQ(out[0].r[4], 0x80000000u);  // -subnormal * 1 -> -0: the sign is kept
  EXPECT_EQ(out[0].r[5], 0x80000000u);  // min(-0, 1)
  EXPECT_EQ(out[0].r[6], 0x80000000u);  // -(+0)
  EXPECT_EQ(u2f(out[0].r[7]), denorm);
  auto sat = run_lanes(
      "FADD.SAT R16, R8, R9\n FMUL.SAT R17, R8, -1\n FADD.SAT R18, R10, R11\n"
      " FFMA.SAT R19, R8, R9, R9\n FADD.SAT R20, R12, RZ",
      {LaneIn{{f2u(0.5f), f2u(0.75f), f2u(kInf), f2u(-kInf), f2u(-0.0f)}, 0}});
  EXPECT_EQ(u2f(sat[0].r[0]), 1.0f);
  EXPECT_EQ(sat[0].r[1], 0u);  // -0.5 -> +0
  EXPECT_EQ(sat[0].r[2], 0u);  // inf - inf = NaN -> +0
  EXPECT_EQ(u2f(sat[0].r[3]), 1.0f);
  EXPECT_EQ(sat[0].r[4], 0u);  // -0 -> +0
}

TEST(Fp32Semantics, MinMaxNaNAndZeros) {
  auto rows = pair_rows(values(), false);
  auto out = run_lanes("FMIN R16, R8, R9\n FMAX R17, R8, R9", rows);
  for (size_t i = 0; i < rows.size(); ++i) {
    float a = u2f(rows[i].r[0]), b = u2f(rows[i].r[1]);
    float mn = u2f(out[i].r[0]), mx = u2f(out[i].r[1]);
    SCOPED_TRACE(::testing::Message() << "a=" << a << " b=" << b);
    if (std::isnan(a) && std::isnan(b)) {
      EXPECT_EQ(out[i].r[0], 0x7FFFFFFFu);  // the canonical NaN
      EXPECT_EQ(out[i].r[1], 0x7FFFFFFFu);
    } else if (std::isnan(a) || std::isnan(b)) {
      float other = std::isnan(a) ? b : a;
      EXPECT_TRUE(same(mn, other));
      EXPECT_TRUE(same(mx, other));
    } else if (a == b) {
      EXPECT_TRUE(same(mn, std::signbit(a) ? a : b));  // -0 < +0
      EXPECT_TRUE(same(mx, std::signbit(a) ? b : a));
    } else {
      EXPECT_EQ(mn, std::min(a, b));
      EXPECT_EQ(mx, std::max(a, b));
    }
  }
}

TEST(Fp32Semantics, MinMaxNaNPropagating) {
  auto out = run_lanes("FMIN.NAN R16, R8, R9\n FMAX.NAN R17, R8, R9\n FMIN.NAN R18, R9, R10\n"
                       " HMIN2.NAN R19, R11, R12\n HMAX.NAN R20, R11, R12",
                       {LaneIn{{f2u(kNaN), f2u(1.0f), f2u(-2.0f), 0x3C007E00, 0x40004000}, 0}});
  EXPECT_EQ(out[0].r[0], 0x7FFFFFFFu);
  EXPECT_EQ(out[0].r[1], 0x7FFFFFFFu);
  EXPECT_EQ(u2f(out[0].r[2]), -2.0f);
  EXPECT_EQ(out[0].r[3], 0x3C007FFFu);  // low: NaN vs 2 -> NaN; high: min(1, 2) = 1
  EXPECT_EQ(out[0].r[4], 0x7FFFu);
}

TEST(Fp32Semantics, DivisionReciprocalSquareRoot) {
  std::vector<LaneIn> rows = pair_rows(values(), false);
  for (int m = 0; m < 4; ++m) {
    std::string r = kRnd[m];
    auto out = run_lanes("FRCP." + r + " R16, R8\n FSQRT." + r + " R17, R8", rows);
    for (size_t i = 0; i < rows.size(); i += values().size()) {
      float a = u2f(rows[i].r[0]);
      float rc = 1.0f / a, sq = std::sqrt(a);
      SCOPED_TRACE(::testing::Message() << r << " a=" << a);
      EXPECT_TRUE(same(u2f(out[i].r[0]),
                       directed(rc, div_residual(1.0f, a, rc), m, std::isfinite(a) && a != 0)));
      EXPECT_TRUE(same(u2f(out[i].r[1]), directed(sq, sqrt_residual(a, sq), m, std::isfinite(a))));
    }
  }
  auto special = run_lanes(
      "FDIV R16, R8, RZ\n FDIV R17, RZ, RZ\n FSQRT R18, R9\n FSQRT R19, R10\n FRCP R20, R10\n"
      " FDIV.APPROX R21, R11, R12",
      {LaneIn{{f2u(1.0f), f2u(-4.0f), f2u(-0.0f), f2u(10.0f), f2u(3.0f)}, 0}});
  EXPECT_EQ(u2f(special[0].r[0]), kInf);
  EXPECT_TRUE(std::isnan(u2f(special[0].r[1])));
  EXPECT_TRUE(std::isnan(u2f(special[0].r[2])));
  EXPECT_EQ(special[0].r[3], 0x80000000u);  // sqrt(-0) = -0
  EXPECT_EQ(u2f(special[0].r[4]), -kInf);   // 1 / -0
  EXPECT_NEAR(u2f(special[0].r[5]), 10.0f / 3.0f, 1e-6);
}

TEST(Fp32Semantics, CompareOrderedUnorderedNumNan) {
  const char* cmps[] = {"EQ",  "NE",  "LT",  "LE",  "GT",  "GE",  "EQU",
                        "NEU", "LTU", "LEU", "GTU", "GEU", "NUM", "NAN"};
  auto rows = pair_rows(values(), false);
  for (int k = 0; k < 14; ++k) {
    auto out = run_lanes(std::string("FSETP.") + cmps[k] + " P2, R8, R9\n FSETP." + cmps[k] +
                             ".OR P3, R8, R9, P1",
                         rows);
    for (size_t i = 0; i < rows.size(); ++i) {
      float a = u2f(rows[i].r[0]), b = u2f(rows[i].r[1]);
      bool u = std::isnan(a) || std::isnan(b);
      bool want = false;
      switch (k % 6 + (k >= 12 ? 100 : 0)) {
        case 0: want = a == b; break;
        case 1: want = a != b; break;
        case 2: want = a < b; break;
        case 3: want = a <= b; break;
        case 4: want = a > b; break;
        case 5: want = a >= b; break;
        default: break;
      }
      if (k < 6) want = want && !u;
      if (k >= 6 && k < 12) want = want || u;
      if (k == 12) want = !u;
      if (k == 13) want = u;
      EXPECT_EQ(bool(out[i].preds & 4u), want) << cmps[k] << " " << a << " " << b;
      EXPECT_EQ(bool(out[i].preds & 8u), want) << "P1 is false here";
    }
  }
}

TEST(Fp32Semantics, RoundToIntegral) {
  std::vector<LaneIn> rows;
  for (float v : {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 2.7f, -2.7f, 1e10f, -0.0f, kInf, kNaN,
                  8388609.0f, 0.49999997f}) {
    LaneIn r;
    r.r[0] = f2u(v);
    double d = double(v) * 3.0;
    r.r[2] = lo(d2u(d));
    r.r[3] = hi(d2u(d));
    rows.push_back(r);
  }
  auto out = run_lanes(
      "FRND.RNI R16, R8\n FRND.RZI R17, R8\n FRND.RMI R18, R8\n FRND.RPI R19, R8\n"
      " FRND.RNI.F64 R20, R10\n FRND.RMI.F64 R22, R10",
      rows);
  for (size_t i = 0; i < rows.size(); ++i) {
    float a = u2f(rows[i].r[0]);
    double d = u2d(pair(rows[i].r[2], rows[i].r[3]));
    EXPECT_TRUE(same(u2f(out[i].r[0]), std::nearbyint(a))) << a;
    EXPECT_TRUE(same(u2f(out[i].r[1]), std::trunc(a))) << a;
    EXPECT_TRUE(same(u2f(out[i].r[2]), std::floor(a))) << a;
    EXPECT_TRUE(same(u2f(out[i].r[3]), std::ceil(a))) << a;
    EXPECT_TRUE(same(u2d(pair(out[i].r[4], out[i].r[5])), std::nearbyint(d))) << d;
    EXPECT_TRUE(same(u2d(pair(out[i].r[6], out[i].r[7])), std::floor(d))) << d;
  }
  EXPECT_EQ(u2f(out[2].r[0]), 2.0f);         // ties to even
  EXPECT_EQ(out[3].r[0], 0x80000000u);       // -0.5 -> -0
}

TEST(SfuSemantics, MufuApproximatesWithinHardwareAccuracy) {
  std::vector<LaneIn> rows;
  for (float v : {0.25f, 0.5f, 1.0f, 2.0f, 3.14159265f, -1.25f, 10.0f, 100.0f, 1e-3f, -7.5f}) {
    LaneIn r;
    r.r[0] = f2u(v);
    rows.push_back(r);
  }
  auto out = run_lanes(
      "MUFU.RCP R16, R8\n MUFU.RSQ R17, R8\n MUFU.SQRT R18, R8\n MUFU.SIN R19, R8\n"
      " MUFU.COS R20, R8\n MUFU.EX2 R21, R8\n MUFU.LG2 R22, R8\n MUFU.TANH R23, R8",
      rows);
  for (size_t i = 0; i < rows.size(); ++i) {
    double a = u2f(rows[i].r[0]);
    auto near = [](double got, double want) {
      return std::isnan(want) ? std::isnan(got) : std::fabs(got - want) <= 1e-6 * std::fabs(want) + 1e-6;
    };
    EXPECT_TRUE(near(u2f(out[i].r[0]), 1.0 / a)) << a;
    EXPECT_TRUE(near(u2f(out[i].r[1]), 1.0 / std::sqrt(a))) << a;
    EXPECT_TRUE(near(u2f(out[i].r[2]), std::sqrt(a))) << a;
    EXPECT_TRUE(near(u2f(out[i].r[3]), std::sin(a))) << a;
    EXPECT_TRUE(near(u2f(out[i].r[4]), std::cos(a))) << a;
    EXPECT_TRUE(near(u2f(out[i].r[5]), std::exp2(a))) << a;
    EXPECT_TRUE(near(u2f(out[i].r[6]), std::log2(a))) << a;
    EXPECT_TRUE(near(u2f(out[i].r[7]), std::tanh(a))) << a;
  }
  auto special = run_lanes(
      "MUFU.RCP R16, R8\n MUFU.RSQ R17, R8\n MUFU.LG2 R18, R8\n MUFU.EX2 R19, R9\n"
      " MUFU.SIN R20, R10\n MUFU.RCP.FTZ R21, R11",
      {LaneIn{{f2u(0.0f), f2u(-kInf), f2u(kInf), f2u(1e-40f)}, 0}});
  EXPECT_EQ(u2f(special[0].r[0]), kInf);
  EXPECT_EQ(u2f(special[0].r[1]), kInf);
  EXPECT_EQ(u2f(special[0].r[2]), -kInf);
  EXPECT_EQ(special[0].r[3], 0u);
  EXPECT_TRUE(std::isnan(u2f(special[0].r[4])));
  EXPECT_EQ(u2f(special[0].r[5]), kInf);  // the subnormal input is flushed: 1 / +0
}

// ---- fp64

std::vector<double> values64() {
  std::vector<double> r = {0.0,      -0.0,     1.0,      -1.0,    0.5,  3.0,        1e-310,
                           -1e-310,  DBL_MIN,  DBL_MAX,  -DBL_MAX, kInfD, -kInfD,  std::nan(""),
                           1e300,    1e-300,   0.1,      -2.75,   1.0 + DBL_EPSILON};
  std::mt19937_64 rng(8);
  std::uniform_real_distribution<double> u(-1e6, 1e6);
  for (int i = 0; i < 5; ++i) r.push_back(u(rng));
  return r;
}

int add_residual(double a, double b, double r) {
  if (!std::isfinite(r)) return 0;
  double bb = r - a;
  return sign_of((a - (r - bb)) + (b - bb));
}

TEST(Fp64Semantics, ArithmeticAndRounding) {
  std::vector<LaneIn> rows;
  auto v = values64();
  std::mt19937 rng(2);
  for (double a : v)
    for (double b : v) {
      double c = v[rng() % v.size()];
      LaneIn r;
      r.r = {lo(d2u(a)), hi(d2u(a)), lo(d2u(b)), hi(d2u(b)), lo(d2u(c)), hi(d2u(c)), 0, 0};
      rows.push_back(r);
    }
  auto dd = [](const LaneOut& o, unsigned k) { return u2d(pair(o.r[k], o.r[k + 1])); };
  auto rn = run_lanes("DADD R16, R8, R10\n DMUL R18, R8, R10\n DFMA R20, R8, R10, R12\n"
                      " DDIV R22, R8, R10",
                      rows);
  auto more = run_lanes("DSUB R16, R8, R10\n DMIN R18, R8, R10\n DMAX R20, R8, R10\n"
                        " DSQRT R22, R8",
                        rows);
  for (size_t i = 0; i < rows.size(); ++i) {
    double a = u2d(pair(rows[i].r[0], rows[i].r[1])), b = u2d(pair(rows[i].r[2], rows[i].r[3]));
    double c = u2d(pair(rows[i].r[4], rows[i].r[5]));
    SCOPED_TRACE(::testing::Message() << "a=" << a << " b=" << b << " c=" << c);
    EXPECT_TRUE(same(dd(rn[i], 0), a + b));
    EXPECT_TRUE(same(dd(rn[i], 2), a * b));
    EXPECT_TRUE(same(dd(rn[i], 4), std::fma(a, b, c)));
    EXPECT_TRUE(same(dd(rn[i], 6), a / b));
    EXPECT_TRUE(same(dd(more[i], 0), a - b));
    if (!std::isnan(a) && !std::isnan(b) && a != b) {
      EXPECT_EQ(dd(more[i], 2), std::min(a, b));
      EXPECT_EQ(dd(more[i], 4), std::max(a, b));
    }
    EXPECT_TRUE(same(dd(more[i], 6), std::sqrt(a)));
  }
  for (int m = 1; m < 4; ++m) {
    std::string r = kRnd[m];
    auto out = run_lanes("DADD." + r + " R16, R8, R10\n DSUB." + r + " R18, R8, R10", rows);
    for (size_t i = 0; i < rows.size(); ++i) {
      double a = u2d(pair(rows[i].r[0], rows[i].r[1])), b = u2d(pair(rows[i].r[2], rows[i].r[3]));
      bool fin = std::isfinite(a) && std::isfinite(b);
      double s = a + b, d = a - b;
      EXPECT_TRUE(same(dd(out[i], 0), zero_sum(directed(s, add_residual(a, b, s), m, fin), a, b, m)))
          << r << " " << a << " + " << b;
      EXPECT_TRUE(same(dd(out[i], 2), zero_sum(directed(d, add_residual(a, -b, d), m, fin), a, -b, m)))
          << r << " " << a << " - " << b;
    }
  }
  auto k = run_lanes("DADD.RP R16, R8, R10\n DADD.RZ R18, R8, R10\n DMUL.RM R20, R12, 2\n"
                     " DADD R22, R8, 0.5",
                     {LaneIn{{lo(d2u(1.0)), hi(d2u(1.0)), lo(d2u(std::ldexp(1.0, -60))),
                              hi(d2u(std::ldexp(1.0, -60))), lo(d2u(DBL_MAX)), hi(d2u(DBL_MAX))},
                             0}});
  EXPECT_EQ(dd(k[0], 0), std::nextafter(1.0, 2.0));
  EXPECT_EQ(dd(k[0], 2), 1.0);
  EXPECT_EQ(dd(k[0], 4), DBL_MAX);
  EXPECT_EQ(dd(k[0], 6), 1.5);
}

TEST(Fp64Semantics, CompareAbsNegReciprocal) {
  auto rows = std::vector<LaneIn>{};
  for (double a : values64()) {
    LaneIn r;
    r.r = {lo(d2u(a)), hi(d2u(a)), lo(d2u(1.0)), hi(d2u(1.0)), 0, 0, 0, 0};
    rows.push_back(r);
  }
  auto out = run_lanes(
      "DSETP.LT P1, R8, R10\n DSETP.GEU P2, R8, R10\n DSETP.NAN P3, R8, R8\n"
      " DABS R16, R8\n DNEG R18, R8\n DRCP R20, R8",
      rows);
  for (size_t i = 0; i < rows.size(); ++i) {
    double a = u2d(pair(rows[i].r[0], rows[i].r[1]));
    EXPECT_EQ(bool(out[i].preds & 2u), a < 1.0) << a;
    EXPECT_EQ(bool(out[i].preds & 4u), std::isnan(a) || a >= 1.0) << a;
    EXPECT_EQ(bool(out[i].preds & 8u), bool(std::isnan(a))) << a;
    EXPECT_EQ(pair(out[i].r[0], out[i].r[1]), d2u(a) & ~(uint64_t(1) << 63));
    EXPECT_EQ(pair(out[i].r[2], out[i].r[3]), d2u(a) ^ (uint64_t(1) << 63));
    EXPECT_TRUE(same(u2d(pair(out[i].r[4], out[i].r[5])), 1.0 / a)) << a;
  }
}

// ---- fp16

__extension__ typedef __float128 Quad;

double half_value(uint16_t h) {
  int e = (h >> 10) & 31, m = h & 1023;
  double v = e == 0 ? std::ldexp(m, -24) : e == 31 ? (m ? NAN : INFINITY)
                                                   : std::ldexp(1024 + m, e - 25);
  return (h & 0x8000) ? -v : v;
}

// Round-to-nearest-even to a half by searching the (sorted) finite halves: independent of the
// emulator's integer rounding.
uint16_t ref_half(Quad v) {
  if (v != v) return 0x7FFF;
  bool neg = v < 0;
  Quad a = neg ? -v : v;
  uint16_t sign = neg ? 0x8000 : 0;
  if (a >= Quad(65520)) return sign | 0x7C00;  // at or past max + half an ulp (ties to even: inf)
  uint16_t lo16 = 0, hi16 = 0x7BFF;
  while (lo16 < hi16) {  // the smallest half >= a
    uint16_t mid = static_cast<uint16_t>((lo16 + hi16) / 2);
    if (Quad(half_value(mid)) < a)
      lo16 = mid + 1;
    else
      hi16 = mid;
  }
  uint16_t up = lo16;
  if (Quad(half_value(up)) == a || up == 0) return sign | up;
  uint16_t down = up - 1;
  Quad du = Quad(half_value(up)) - a, dd = a - Quad(half_value(down));
  if (du < dd) return sign | up;
  if (dd < du) return sign | down;
  return sign | ((up & 1) ? down : up);
}

const std::vector<uint16_t>& half_values() {
  static const std::vector<uint16_t> v = {0x0000, 0x8000, 0x3C00, 0xBC00, 0x3800, 0x0001, 0x8001,
                                          0x03FF, 0x0400, 0x7BFF, 0xFBFF, 0x7C00, 0xFC00, 0x7E00,
                                          0x4248, 0xC500, 0x3555, 0x1400, 0x5640, 0x3C01};
  return v;
}

TEST(Fp16Semantics, PackedAndScalarArithmeticRoundOnce) {
  std::vector<LaneIn> rows;
  const auto& hv = half_values();
  std::mt19937 rng(6);
  for (uint16_t a : hv)
    for (uint16_t b : hv) {
      uint16_t c = hv[rng() % hv.size()], a2 = hv[rng() % hv.size()], b2 = hv[rng() % hv.size()];
      LaneIn r;
      r.r[0] = a | uint32_t(a2) << 16;
      r.r[1] = b | uint32_t(b2) << 16;
      r.r[2] = c | uint32_t(c) << 16;
      rows.push_back(r);
    }
  auto out = run_lanes(
      "HADD2 R16, R8, R9\n HSUB2 R17, R8, R9\n HMUL2 R18, R8, R9\n HFMA2 R19, R8, R9, R10\n"
      " HMIN2 R20, R8, R9\n HMAX2 R21, R8, R9\n HADD R22, R8, R9\n HFMA R23, R8, R9, R10",
      rows);
  for (size_t i = 0; i < rows.size(); ++i) {
    for (unsigned half = 0; half < 2; ++half) {
      auto get = [&](uint32_t w) { return static_cast<uint16_t>(w >> (16 * half)); };
      uint16_t a = get(rows[i].r[0]), b = get(rows[i].r[1]), c = get(rows[i].r[2]);
      Quad qa = half_value(a), qb = half_value(b), qc = half_value(c);
      SCOPED_TRACE(::testing::Message() << std::hex << "a=" << a << " b=" << b << " c=" << c);
      auto check = [&](uint32_t got_word, uint16_t want) {
        uint16_t got = get(got_word);
        if ((want & 0x7C00) == 0x7C00 && (want & 0x3FF)) {
          EXPECT_EQ(got, 0x7FFF);  // the canonical NaN
        } else if (want == 0 || want == 0x8000) {
          EXPECT_EQ(got & 0x7FFF, 0);  // zeros: signs are checked below
        } else {
          EXPECT_EQ(got, want);
        }
      };
      check(out[i].r[0], ref_half(qa + qb));
      check(out[i].r[1], ref_half(qa - qb));
      check(out[i].r[2], ref_half(qa * qb));
      check(out[i].r[3], ref_half(qa * qb + qc));
      double fa = half_value(a), fb = half_value(b);
      if (!std::isnan(fa) && !std::isnan(fb) && fa != fb) {
        check(out[i].r[4], ref_half(std::min(fa, fb)));
        check(out[i].r[5], ref_half(std::max(fa, fb)));
      }
      if (half == 0) {
        check(out[i].r[6], ref_half(qa + qb));
        check(out[i].r[7], ref_half(qa * qb + qc));
        EXPECT_EQ(out[i].r[6] >> 16, 0u);  // scalar ops clear the high half
        EXPECT_EQ(out[i].r[7] >> 16, 0u);
      }
    }
  }
  // Signed zeros and the saturation / flush modifiers.
  auto z = run_lanes(
      "HADD2 R16, R8, R8\n HSUB2 R17, R9, R9\n HMUL2 R18, R8, R9\n HADD2.SAT R19, R10, RZ\n"
      " HMUL2.FTZ R20, R11, R12\n HMUL2 R21, R11, R12",
      {LaneIn{{0x80008000, 0x3C003C00, 0xBC004200, 0x00010001, 0x3C003C00}, 0}});
  EXPECT_EQ(z[0].r[0], 0x80008000u);  // -0 + -0 = -0
  EXPECT_EQ(z[0].r[1], 0u);           // 1 - 1 = +0
  EXPECT_EQ(z[0].r[2], 0x80008000u);  // -0 * 1 = -0
  EXPECT_EQ(z[0].r[3], 0x00003C00u);  // high: sat(-1) = 0, low: sat(3) = 1
  EXPECT_EQ(z[0].r[4], 0u);           // subnormal inputs flushed
  EXPECT_EQ(z[0].r[5], 0x00010001u);
}

TEST(Fp16Semantics, PackedCompare) {
  auto out = run_lanes("HSETP2.LT P1, P2, R8, R9\n HSETP2.NEU P3, P4, R8, R9",
                       {LaneIn{{0x3C00BC00, 0x3C007E00}, 0}});
  // Low halves: -1 vs NaN; high halves: 1 vs 1. Only "NEU" of the low halves holds.
  EXPECT_EQ(out[0].preds & 0x1Eu, 0x08u);
}

}  // namespace
}  // namespace warpsim::isa
