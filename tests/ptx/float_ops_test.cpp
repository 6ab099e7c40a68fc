// Floating-point PTX instructions (fp32, fp64, fp16, conversions), translated and run in the
// functional emulator, against host IEEE-754 results: every rounding mode, .ftz and .sat,
// NaN and infinities, signed zeros, subnormals, float<->int saturation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cfenv>
#include <cmath>
#include <functional>
#include <iterator>
#include <limits>
#include <random>

#include "tests/ptx/ptx_test_util.h"

namespace warpsim::isa::ptx_testing {
namespace {

const float kInf = std::numeric_limits<float>::infinity();
const float kNaN = std::numeric_limits<float>::quiet_NaN();
const float kDenorm = 1.0e-40f;

std::vector<float> special_floats() {
  return {0.0f,   -0.0f,  1.0f,     -1.0f,   0.5f,    1.5f,    2.5f,     -2.5f,   3.0f,
          1e30f,  -1e30f, 1e-30f,   kDenorm, -kDenorm, kInf,   -kInf,    kNaN,    0.1f,
          3.1f,   -7.75f, 1e10f,    -1e-5f,  65504.0f, 16777217.0f, 2147483648.0f,
          -2147483904.0f, 4294967296.0f, 0.49999997f, 1.0000001f, 1.17549435e-38f, 123456.78f};
}

std::vector<In> float_inputs(unsigned n = 96, uint64_t seed = 7) {
  std::vector<float> sp = special_floats();
  std::mt19937 rng(static_cast<uint32_t>(seed));
  std::uniform_real_distribution<float> u(-100.0f, 100.0f);
  std::vector<In> in;
  for (unsigned i = 0; i < n; ++i) {
    In r{};
    for (unsigned k = 0; k < 3; ++k) {
      float v = (i + k) % 2 == 0 ? sp[(i * 5 + k * 11) % sp.size()] : u(rng);
      r[k] = fbits(v);
    }
    in.push_back(r);
  }
  return in;
}

std::vector<In> double_inputs(unsigned n = 64) {
  std::vector<double> sp = {0.0, -0.0, 1.0, -1.0, 0.1, 1e300, -1e-300, 5e-324, 2.5, -3.5,
                            std::numeric_limits<double>::infinity(), std::nan(""), 1e16 + 1, 7.0};
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(-1e6, 1e6);
  std::vector<In> in;
  for (unsigned i = 0; i < n; ++i) {
    In r{};
    for (unsigned k = 0; k < 3; ++k) r[k] = dbits((i + k) % 2 == 0 ? sp[(i * 3 + k * 5) % sp.size()] : u(rng));
    in.push_back(r);
  }
  return in;
}

int mode_of(const std::string& rnd) {
  if (rnd == "rz") return FE_TOWARDZERO;
  if (rnd == "rm") return FE_DOWNWARD;
  if (rnd == "rp") return FE_UPWARD;
  return FE_TONEAREST;
}

// Results equal as bits, or both NaN.
bool same_f32(uint32_t a, uint32_t b) { return a == b || (std::isnan(bitsf(a)) && std::isnan(bitsf(b))); }
bool same_f64(uint64_t a, uint64_t b) { return a == b || (std::isnan(bitsd(a)) && std::isnan(bitsd(b))); }

float flush(float x) { return std::fpclassify(x) == FP_SUBNORMAL ? std::copysign(0.0f, x) : x; }
// .sat clamps to [+0, 1]: NaN and -0 give +0.
float saturate(float x) { return std::isnan(x) || x <= 0.0f ? 0.0f : x > 1.0f ? 1.0f : x; }

void check_f32(const std::string& ops, const std::vector<In>& in,
               const std::function<float(float, float, float)>& f) {
  auto out = run_op(32, ops, in);
  for (size_t i = 0; i < in.size(); ++i) {
    uint32_t want = fbits(f(bitsf(in[i][0]), bitsf(in[i][1]), bitsf(in[i][2])));
    EXPECT_TRUE(same_f32(static_cast<uint32_t>(out[i][0]), want))
        << ops << " a=" << bitsf(in[i][0]) << " b=" << bitsf(in[i][1]) << " c=" << bitsf(in[i][2])
        << " got " << bitsf(out[i][0]) << " want " << bitsf(want);
  }
}

void check_f64(const std::string& ops, const std::vector<In>& in,
               const std::function<double(double, double, double)>& f) {
  auto out = run_op(64, ops, in);
  for (size_t i = 0; i < in.size(); ++i) {
    uint64_t want = dbits(f(bitsd(in[i][0]), bitsd(in[i][1]), bitsd(in[i][2])));
    EXPECT_TRUE(same_f64(out[i][0], want)) << ops << " a=" << bitsd(in[i][0]) << " b=" << bitsd(in[i][1])
                                           << " got " << bitsd(out[i][0]) << " want " << bitsd(want);
  }
}

// f(a, b, c) evaluated on the host in rounding mode `rnd` (operands through volatiles so that
// nothing is folded at compile time).
template <class T, class F>
T in_mode(const std::string& rnd, F f) {
  int old = std::fegetround();
  std::fesetround(mode_of(rnd));
  volatile T r = f();
  std::fesetround(old);
  return r;
}

TEST(PtxFloat, ArithmeticInEveryRoundingMode) {
  auto in = float_inputs();
  for (std::string rnd : {"rn", "rz", "rm", "rp"}) {
    check_f32("add." + rnd + ".f32 %d, %a, %b;", in, [&](float a, float b, float) {
      return in_mode<float>(rnd, [&] { volatile float x = a, y = b; return x + y; });
    });
    check_f32("sub." + rnd + ".f32 %d, %a, %b;", in, [&](float a, float b, float) {
      return in_mode<float>(rnd, [&] { volatile float x = a, y = b; return x - y; });
    });
    check_f32("mul." + rnd + ".f32 %d, %a, %b;", in, [&](float a, float b, float) {
      return in_mode<float>(rnd, [&] { volatile float x = a, y = b; return x * y; });
    });
    check_f32("fma." + rnd + ".f32 %d, %a, %b, %c;", in, [&](float a, float b, float c) {
      return in_mode<float>(rnd, [&] { volatile float x = a, y = b, z = c; return std::fma(x, y, z); });
    });
    check_f32("div." + rnd + ".f32 %d, %a, %b;", in, [&](float a, float b, float) {
      return in_mode<float>(rnd, [&] { volatile float x = a, y = b; return x / y; });
    });
    check_f32("sqrt." + rnd + ".f32 %d, %a;", in, [&](float a, float, float) {
      return in_mode<float>(rnd, [&] { volatile float x = a; return std::sqrt(x); });
    });
    check_f32("rcp." + rnd + ".f32 %d, %a;", in, [&](float a, float, float) {
      return in_mode<float>(rnd, [&] { volatile float x = a; return 1.0f / x; });
    });
  }
  // No rounding modifier: round to nearest even; mad.f32 is fma.
  check_f32("add.f32 %d, %a, %b;", in, [](float a, float b, float) { volatile float x = a, y = b; return x + y; });
  check_f32("mad.rn.f32 %d, %a, %b, %c;", in, [](float a, float b, float c) { return std::fma(a, b, c); });
  check_f32("div.full.f32 %d, %a, %b;", in, [](float a, float b, float) { volatile float x = a, y = b; return x / y; });
  check_f32("add.f32 %d, %a, 0f3F800000;", in, [](float a, float, float) { volatile float x = a; return x + 1.0f; });
  check_f32("mul.f32 %d, %a, 0.5;", in, [](float a, float, float) { volatile float x = a; return x * 0.5f; });
}

TEST(PtxFloat, FlushToZeroAndSaturation) {
  auto in = float_inputs();
  check_f32("add.ftz.f32 %d, %a, %b;", in, [](float a, float b, float) {
    volatile float x = flush(a), y = flush(b);
    return flush(x + y);
  });
  check_f32("mul.rn.ftz.sat.f32 %d, %a, %b;", in, [](float a, float b, float) {
    volatile float x = flush(a), y = flush(b);
    return saturate(flush(x * y));
  });
  check_f32("fma.rn.sat.f32 %d, %a, %b, %c;", in, [](float a, float b, float c) {
    return saturate(std::fma(a, b, c));
  });
  check_f32("cvt.sat.f32.f32 %d, %a;", in, [](float a, float, float) { return saturate(a); });
  check_f32("cvt.ftz.f32.f32 %d, %a;", in, [](float a, float, float) { return flush(a); });
}

TEST(PtxFloat, ApproximateFunctionsAreClose) {
  std::vector<In> in;
  for (float v : {0.1f, 0.5f, 1.0f, 1.5f, 2.0f, 3.0f, 10.0f, 100.0f, 0.01f, 7.5f, 1e-3f, 30.0f})
    in.push_back({fbits(v), fbits(v * 0.37f + 0.2f), 0, 0});
  struct F {
    const char* op;
    std::function<double(double, double)> f;
  };
  std::vector<F> fs = {
      {"rcp.approx.f32 %d, %a;", [](double a, double) { return 1 / a; }},
      {"rcp.approx.ftz.f32 %d, %a;", [](double a, double) { return 1 / a; }},
      {"sqrt.approx.f32 %d, %a;", [](double a, double) { return std::sqrt(a); }},
      {"rsqrt.approx.f32 %d, %a;", [](double a, double) { return 1 / std::sqrt(a); }},
      {"rsqrt.approx.ftz.f32 %d, %a;", [](double a, double) { return 1 / std::sqrt(a); }},
      {"ex2.approx.f32 %d, %a;", [](double a, double) { return std::exp2(a); }},
      {"ex2.approx.ftz.f32 %d, %a;", [](double a, double) { return std::exp2(a); }},
      {"lg2.approx.f32 %d, %a;", [](double a, double) { return std::log2(a); }},
      {"sin.approx.f32 %d, %a;", [](double a, double) { return std::sin(a); }},
      {"cos.approx.ftz.f32 %d, %a;", [](double a, double) { return std::cos(a); }},
      {"tanh.approx.f32 %d, %a;", [](double a, double) { return std::tanh(a); }},
      {"div.approx.f32 %d, %a, %b;", [](double a, double b) { return a / b; }},
      {"div.approx.ftz.f32 %d, %a, %b;", [](double a, double b) { return a / b; }},
  };
  for (const F& f : fs) {
    auto out = run_op(32, f.op, in);
    for (size_t i = 0; i < in.size(); ++i) {
      double a = bitsf(in[i][0]), b = bitsf(in[i][1]);
      double want = f.f(a, b), got = bitsf(out[i][0]);
      EXPECT_NEAR(got, want, 2e-6 * std::max(1.0, std::fabs(want))) << f.op << " a=" << a;
    }
  }
}

TEST(PtxFloat, MinMaxAbsNegCopysignWithNaN) {
  auto in = float_inputs();
  auto fmin_ptx = [](float a, float b, float) {
    if (std::isnan(a) && std::isnan(b)) return kNaN;
    if (std::isnan(a)) return b;
    if (std::isnan(b)) return a;
    if (a == 0 && b == 0) return std::signbit(a) ? a : b;
    return a < b ? a : b;
  };
  auto fmax_ptx = [](float a, float b, float) {
    if (std::isnan(a) && std::isnan(b)) return kNaN;
    if (std::isnan(a)) return b;
    if (std::isnan(b)) return a;
    if (a == 0 && b == 0) return std::signbit(a) ? b : a;
    return a > b ? a : b;
  };
  check_f32("min.f32 %d, %a, %b;", in, fmin_ptx);
  check_f32("max.f32 %d, %a, %b;", in, fmax_ptx);
  check_f32("min.NaN.f32 %d, %a, %b;", in, [&](float a, float b, float c) {
    return std::isnan(a) || std::isnan(b) ? bitsf(0x7FFFFFFFu) : fmin_ptx(a, b, c);
  });
  check_f32("max.NaN.f32 %d, %a, %b;", in, [&](float a, float b, float c) {
    return std::isnan(a) || std::isnan(b) ? bitsf(0x7FFFFFFFu) : fmax_ptx(a, b, c);
  });
  check_f32("abs.f32 %d, %a;", in, [](float a, float, float) { return std::fabs(a); });
  check_f32("neg.f32 %d, %a;", in, [](float a, float, float) { return -a; });
  check_f32("copysign.f32 %d, %a, %b;", in, [](float a, float b, float) { return std::copysign(b, a); });
  auto din = double_inputs();
  check_f64("copysign.f64 %d, %a, %b;", din, [](double a, double b, double) { return std::copysign(b, a); });
  check_f64("abs.f64 %d, %a;", din, [](double a, double, double) { return std::fabs(a); });
  check_f64("neg.f64 %d, %a;", din, [](double a, double, double) { return -a; });
  check_f64("min.f64 %d, %a, %b;", din, [](double a, double b, double) {
    if (std::isnan(a)) return b;
    if (std::isnan(b)) return a;
    if (a == 0 && b == 0) return std::signbit(a) ? a : b;
    return a < b ? a : b;
  });
}

TEST(PtxFloat, TestpClassifiesEveryKind) {
  std::vector<In> in;
  for (float v : special_floats()) in.push_back({fbits(v), 0, 0, 0});
  struct C {
    const char* cls;
    std::function<bool(double)> f;
  };
  std::vector<C> cs = {
      {"finite", [](double x) { return std::isfinite(x); }},
      {"infinite", [](double x) { return std::isinf(x); }},
      {"number", [](double x) { return !std::isnan(x); }},
      {"notanumber", [](double x) { return std::isnan(x); }},
  };
  cs.push_back({"normal", [](double x) { return std::isnormal(static_cast<float>(x)); }});
  for (const C& c : cs) {
    auto out = run_op(32, std::string("testp.") + c.cls + ".f32 %p, %a;", in);
    for (size_t i = 0; i < in.size(); ++i)
      EXPECT_EQ(out[i][1] & 1, uint64_t(c.f(bitsf(in[i][0])))) << c.cls << " " << bitsf(in[i][0]);
  }
  auto out = run_op(32, "testp.subnormal.f32 %p, %a;", in);
  for (size_t i = 0; i < in.size(); ++i)
    EXPECT_EQ(out[i][1] & 1, uint64_t(std::fpclassify(bitsf(in[i][0])) == FP_SUBNORMAL)) << bitsf(in[i][0]);
  auto din = double_inputs();
  cs.back().f = [](double x) { return std::isnormal(x); };
  for (const C& c : cs) {
    auto o = run_op(64, std::string("testp.") + c.cls + ".f64 %p, %a;", din);
    for (size_t i = 0; i < din.size(); ++i)
      EXPECT_EQ(o[i][1] & 1, uint64_t(c.f(bitsd(din[i][0])))) << c.cls << " " << bitsd(din[i][0]);
  }
  auto o = run_op(64, "testp.subnormal.f64 %p, %a;", din);
  for (size_t i = 0; i < din.size(); ++i)
    EXPECT_EQ(o[i][1] & 1, uint64_t(std::fpclassify(bitsd(din[i][0])) == FP_SUBNORMAL)) << bitsd(din[i][0]);
}

TEST(PtxFloat, ComparisonsOrderedAndUnordered) {
  auto in = float_inputs();
  struct Cmp {
    const char* name;
    std::function<bool(double, double)> f;
  };
  auto un = [](double a, double b) { return std::isnan(a) || std::isnan(b); };
  std::vector<Cmp> cmps = {
      {"eq", [](double a, double b) { return a == b; }},
      {"ne", [=](double a, double b) { return a != b && !un(a, b); }},
      {"lt", [](double a, double b) { return a < b; }},
      {"le", [](double a, double b) { return a <= b; }},
      {"gt", [](double a, double b) { return a > b; }},
      {"ge", [](double a, double b) { return a >= b; }},
      {"equ", [=](double a, double b) { return a == b || un(a, b); }},
      {"neu", [](double a, double b) { return a != b; }},
      {"ltu", [=](double a, double b) { return a < b || un(a, b); }},
      {"leu", [=](double a, double b) { return a <= b || un(a, b); }},
      {"gtu", [=](double a, double b) { return a > b || un(a, b); }},
      {"geu", [=](double a, double b) { return a >= b || un(a, b); }},
      {"num", [=](double a, double b) { return !un(a, b); }},
      {"nan", [=](double a, double b) { return un(a, b); }},
  };
  auto din = double_inputs();
  for (const Cmp& c : cmps) {
    auto out = run_op(32, std::string("setp.") + c.name + ".f32 %p|%q, %a, %b;", in);
    for (size_t i = 0; i < in.size(); ++i) {
      bool r = c.f(bitsf(in[i][0]), bitsf(in[i][1]));
      EXPECT_EQ(out[i][1], uint64_t(r | (!r) << 1)) << c.name << " " << bitsf(in[i][0]) << " " << bitsf(in[i][1]);
    }
    auto o = run_op(64, std::string("setp.") + c.name + ".f64 %p, %a, %b;", din);
    for (size_t i = 0; i < din.size(); ++i)
      EXPECT_EQ(o[i][1] & 1, uint64_t(c.f(bitsd(din[i][0]), bitsd(din[i][1])))) << c.name;
  }
  check_f32("set.gtu.f32.f32 %d, %a, %b;", in, [](float a, float b, float) {
    return (a > b || std::isnan(a) || std::isnan(b)) ? 1.0f : 0.0f;
  });
  auto out = run_op(32, "slct.f32.f32 %d, %a, %b, %c;", in);
  for (size_t i = 0; i < in.size(); ++i)
    EXPECT_EQ(out[i][0], bitsf(in[i][2]) >= 0.0f ? in[i][0] : in[i][1]);
}

TEST(PtxFloat, DoublePrecisionArithmetic) {
  auto in = double_inputs();
  for (std::string rnd : {"rn", "rz", "rm", "rp"}) {
    check_f64("add." + rnd + ".f64 %d, %a, %b;", in, [&](double a, double b, double) {
      return in_mode<double>(rnd, [&] { volatile double x = a, y = b; return x + y; });
    });
    check_f64("mul." + rnd + ".f64 %d, %a, %b;", in, [&](double a, double b, double) {
      return in_mode<double>(rnd, [&] { volatile double x = a, y = b; return x * y; });
    });
    check_f64("fma." + rnd + ".f64 %d, %a, %b, %c;", in, [&](double a, double b, double c) {
      return in_mode<double>(rnd, [&] { volatile double x = a, y = b, z = c; return std::fma(x, y, z); });
    });
    check_f64("div." + rnd + ".f64 %d, %a, %b;", in, [&](double a, double b, double) {
      return in_mode<double>(rnd, [&] { volatile double x = a, y = b; return x / y; });
    });
    check_f64("sqrt." + rnd + ".f64 %d, %a;", in, [&](double a, double, double) {
      return in_mode<double>(rnd, [&] { volatile double x = a; return std::sqrt(x); });
    });
  }
  check_f64("sub.f64 %d, %a, %b;", in, [](double a, double b, double) { volatile double x = a, y = b; return x - y; });
  check_f64("rcp.rn.f64 %d, %a;", in, [](double a, double, double) { volatile double x = a; return 1.0 / x; });
  check_f64("add.f64 %d, %a, 0d3FF0000000000000;", in, [](double a, double, double) { volatile double x = a; return x + 1.0; });
  check_f64("mul.f64 %d, %a, 0d3FB999999999999A;", in, [](double a, double, double) { volatile double x = a; return x * 0.1; });
  check_f64("max.f64 %d, %a, %b;", in, [](double a, double b, double) {
    if (std::isnan(a)) return b;
    if (std::isnan(b)) return a;
    if (a == 0 && b == 0) return std::signbit(a) ? b : a;
    return a > b ? a : b;
  });
}

// ---- conversions

template <class I>
uint64_t sat_int(double v, int mode) {
  if (std::isnan(v)) return 0;
  double r = mode == FE_TONEAREST ? std::nearbyint(v)
             : mode == FE_TOWARDZERO ? std::trunc(v)
             : mode == FE_DOWNWARD   ? std::floor(v)
                                     : std::ceil(v);
  if (r <= static_cast<double>(std::numeric_limits<I>::min())) return static_cast<uint64_t>(static_cast<int64_t>(std::numeric_limits<I>::min()));
  if (r >= static_cast<double>(std::numeric_limits<I>::max()))
    return static_cast<uint64_t>(std::numeric_limits<I>::max());
  return static_cast<uint64_t>(static_cast<I>(r));
}

TEST(PtxFloat, FloatToIntegerRoundsAndSaturates) {
  auto in = float_inputs();
  struct R {
    const char* m;
    int mode;
  };
  for (R r : {R{"rni", FE_TONEAREST}, R{"rzi", FE_TOWARDZERO}, R{"rmi", FE_DOWNWARD}, R{"rpi", FE_UPWARD}}) {
    auto run = [&](const std::string& ty, unsigned bits, const std::function<uint64_t(double)>& f) {
      std::string ops = std::string("cvt.") + r.m + "." + ty + ".f32 " + (bits == 64 ? "%x64" : "%x") + ", %a;\n" +
                        (bits == 64 ? "mov.b64 {%d, %y}, %x64;\nst.global.u32 [%outp+4], %y;" : "mov.b32 %d, %x;");
      auto out = run_op(32, ops, in, "\t.reg .b64 %x64;\n");
      uint64_t m = bits == 64 ? ~uint64_t(0) : 0xFFFFFFFFull;
      for (size_t i = 0; i < in.size(); ++i)
        EXPECT_EQ(out[i][0] & m, f(bitsf(in[i][0])) & m) << "cvt." << r.m << "." << ty << " " << bitsf(in[i][0]);
    };
    run("s32", 32, [&](double v) { return sat_int<int32_t>(v, r.mode); });
    run("u32", 32, [&](double v) { return sat_int<uint32_t>(v, r.mode); });
    run("s64", 64, [&](double v) { return sat_int<int64_t>(v, r.mode); });
    run("u64", 64, [&](double v) { return sat_int<uint64_t>(v, r.mode); });
    run("s16", 32, [&](double v) { return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int16_t>(sat_int<int16_t>(v, r.mode)))) & 0xFFFFFFFF; });
    run("u8", 32, [&](double v) { return sat_int<uint8_t>(v, r.mode); });
  }
  // f64 -> s32 and float rounding to integral values.
  auto din = double_inputs();
  auto out = run_op(64, "cvt.rzi.s32.f64 %x, %a;\ncvt.u64.u32 %d, %x;", din);
  for (size_t i = 0; i < din.size(); ++i)
    EXPECT_EQ(out[i][0] & 0xFFFFFFFF, sat_int<int32_t>(bitsd(din[i][0]), FE_TOWARDZERO) & 0xFFFFFFFF);
  check_f32("cvt.rni.f32.f32 %d, %a;", in, [](float a, float, float) { return std::nearbyint(a); });
  check_f32("cvt.rzi.f32.f32 %d, %a;", in, [](float a, float, float) { return std::trunc(a); });
  check_f32("cvt.rmi.f32.f32 %d, %a;", in, [](float a, float, float) { return std::floor(a); });
  check_f32("cvt.rpi.f32.f32 %d, %a;", in, [](float a, float, float) { return std::ceil(a); });
  check_f64("cvt.rmi.f64.f64 %d, %a;", din, [](double a, double, double) { return std::floor(a); });
}

TEST(PtxFloat, IntegerToFloatAndFloatWidths) {
  std::vector<In> in;
  std::mt19937_64 rng(11);
  for (uint64_t v : {0ull, 1ull, 0xFFFFFFFFull, 0x80000000ull, 16777217ull, 0x7FFFFFFFull, 0xFFFFFFFFFFFFFFFFull,
                     0x8000000000000000ull, 0x20000000000001ull, 12345ull})
    in.push_back({v, 0, 0, 0});
  for (int i = 0; i < 22; ++i) in.push_back({rng(), 0, 0, 0});
  for (std::string rnd : {"rn", "rz", "rm", "rp"}) {
    auto run = [&](const std::string& ops, const std::function<uint32_t(uint64_t)>& f) {
      auto out = run_op(64, ops, in);
      for (size_t i = 0; i < in.size(); ++i)
        EXPECT_EQ(static_cast<uint32_t>(out[i][0]), f(in[i][0])) << ops << " " << std::hex << in[i][0];
    };
    run("cvt." + rnd + ".f32.s64 %x, %a;\ncvt.u64.u32 %d, %x;", [&](uint64_t v) {
      return fbits(in_mode<float>(rnd, [&] { volatile int64_t x = static_cast<int64_t>(v); return static_cast<float>(x); }));
    });
    run("cvt." + rnd + ".f32.u64 %x, %a;\ncvt.u64.u32 %d, %x;", [&](uint64_t v) {
      return fbits(in_mode<float>(rnd, [&] { volatile uint64_t x = v; return static_cast<float>(x); }));
    });
    run("cvt.u32.u64 %y, %a;\ncvt." + rnd + ".f32.s32 %x, %y;\ncvt.u64.u32 %d, %x;", [&](uint64_t v) {
      return fbits(in_mode<float>(rnd, [&] { volatile int32_t x = static_cast<int32_t>(v); return static_cast<float>(x); }));
    });
    run("cvt.u32.u64 %y, %a;\ncvt." + rnd + ".f32.u32 %x, %y;\ncvt.u64.u32 %d, %x;", [&](uint64_t v) {
      return fbits(in_mode<float>(rnd, [&] { volatile uint32_t x = static_cast<uint32_t>(v); return static_cast<float>(x); }));
    });
    run("cvt.u16.u64 %h, %a;\ncvt." + rnd + ".f32.s16 %x, %h;\ncvt.u64.u32 %d, %x;", [&](uint64_t v) {
      return fbits(static_cast<float>(static_cast<int16_t>(v)));
    });
  }
  auto out = run_op(64, "cvt.rn.f64.s64 %d, %a;", in);
  for (size_t i = 0; i < in.size(); ++i)
    EXPECT_EQ(out[i][0], dbits(static_cast<double>(static_cast<int64_t>(in[i][0]))));
  // f32 <-> f64.
  auto fin = float_inputs();
  auto o2 = run_op(32, "cvt.f64.f32 %x64, %a;\ncvt.rn.f32.f64 %d, %x64;", fin, "\t.reg .b64 %x64;\n");
  for (size_t i = 0; i < fin.size(); ++i) EXPECT_TRUE(same_f32(static_cast<uint32_t>(o2[i][0]), static_cast<uint32_t>(fin[i][0])));
  auto din = double_inputs();
  for (std::string rnd : {"rn", "rz", "rm", "rp"}) {
    auto o = run_op(64, "cvt." + rnd + ".f32.f64 %x, %a;\ncvt.u64.u32 %d, %x;", din);
    for (size_t i = 0; i < din.size(); ++i) {
      float want = in_mode<float>(rnd, [&] { volatile double x = bitsd(din[i][0]); return static_cast<float>(x); });
      EXPECT_TRUE(same_f32(static_cast<uint32_t>(o[i][0]), fbits(want))) << rnd << " " << bitsd(din[i][0]);
    }
  }
}

TEST(PtxFloat, IntegerConversionsExtendAndSaturate) {
  std::vector<In> in;
  for (uint64_t v : {0ull, 1ull, 0x7Full, 0x80ull, 0xFFull, 0x7FFFull, 0x8000ull, 0xFFFFull, 0x7FFFFFFFull,
                     0x80000000ull, 0xFFFFFFFFull, 0x100000000ull, 0xFFFFFFFFFFFFFFFFull, 0x123456789ABCDEFull,
                     0xFFFFFFFF80000000ull, 300ull})
    in.push_back({v, 0, 0, 0});
  auto run = [&](const std::string& ops, const std::function<uint64_t(uint64_t)>& f) {
    auto out = run_op(64, ops, in);
    for (size_t i = 0; i < in.size(); ++i)
      EXPECT_EQ(out[i][0], f(in[i][0])) << ops << " " << std::hex << in[i][0];
  };
  run("cvt.u32.u64 %x, %a;\ncvt.s64.s32 %d, %x;", [](uint64_t v) { return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v))); });
  run("cvt.u32.u64 %x, %a;\ncvt.u64.u32 %d, %x;", [](uint64_t v) { return v & 0xFFFFFFFF; });
  run("cvt.u16.u64 %h, %a;\ncvt.s64.s16 %d, %h;", [](uint64_t v) { return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int16_t>(v))); });
  run("cvt.u16.u64 %h, %a;\ncvt.u64.u16 %d, %h;", [](uint64_t v) { return v & 0xFFFF; });
  run("cvt.u32.u64 %x, %a;\ncvt.s8.s32 %y, %x;\ncvt.s64.s32 %d, %y;", [](uint64_t v) { return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int8_t>(v))); });
  run("cvt.u32.u64 %x, %a;\ncvt.u8.u32 %y, %x;\ncvt.u64.u32 %d, %y;", [](uint64_t v) { return v & 0xFF; });
  run("cvt.u32.u64 %x, %a;\ncvt.sat.u8.s32 %y, %x;\ncvt.u64.u32 %d, %y;", [](uint64_t v) {
    int32_t x = static_cast<int32_t>(v);
    return static_cast<uint64_t>(x < 0 ? 0 : x > 255 ? 255 : x);
  });
  run("cvt.u32.u64 %x, %a;\ncvt.sat.s16.u32 %y, %x;\ncvt.s64.s32 %d, %y;", [](uint64_t v) {
    uint32_t x = static_cast<uint32_t>(v);
    return static_cast<uint64_t>(x > 32767 ? 32767 : x);
  });
  run("cvt.u32.u64 %x, %a;\ncvt.sat.u32.s32 %y, %x;\ncvt.u64.u32 %d, %y;", [](uint64_t v) {
    int32_t x = static_cast<int32_t>(v);
    return static_cast<uint64_t>(x < 0 ? 0 : x);
  });
  run("cvt.u32.u64 %x, %a;\ncvt.sat.s32.u32 %y, %x;\ncvt.u64.u32 %d, %y;", [](uint64_t v) {
    uint32_t x = static_cast<uint32_t>(v);
    return static_cast<uint64_t>(x > 0x7FFFFFFFu ? 0x7FFFFFFFu : x);
  });
  run("cvt.s32.s64 %x, %a;\ncvt.s64.s32 %d, %x;", [](uint64_t v) { return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v))); });
}

// ---- half precision

uint16_t to_half(float f) {
  uint32_t x = fbits(f);
  uint32_t sign = (x >> 16) & 0x8000;
  int32_t exp = static_cast<int32_t>((x >> 23) & 0xFF) - 127 + 15;
  uint32_t mant = x & 0x7FFFFF;
  if (((x >> 23) & 0xFF) == 0xFF) return static_cast<uint16_t>(sign | 0x7C00 | (mant ? 0x200 : 0));
  if (exp >= 31) return static_cast<uint16_t>(sign | 0x7C00);
  if (exp <= 0) {
    if (exp < -10) return static_cast<uint16_t>(sign);
    mant |= 0x800000;
    uint32_t shift = static_cast<uint32_t>(14 - exp);
    uint32_t h = mant >> shift, rem = mant & ((1u << shift) - 1), half = 1u << (shift - 1);
    if (rem > half || (rem == half && (h & 1))) ++h;
    return static_cast<uint16_t>(sign | h);
  }
  uint32_t h = static_cast<uint32_t>(exp) << 10 | (mant >> 13);
  uint32_t rem = mant & 0x1FFF;
  if (rem > 0x1000 || (rem == 0x1000 && (h & 1))) ++h;
  return static_cast<uint16_t>(sign | h);
}

float from_half(uint16_t h) {
  uint32_t sign = (h & 0x8000u) << 16, exp = (h >> 10) & 0x1F, mant = h & 0x3FF;
  if (exp == 0x1F) return bitsf(sign | 0x7F800000 | (mant << 13));
  if (exp == 0) return (sign ? -1.0f : 1.0f) * std::ldexp(static_cast<float>(mant), -24);
  return bitsf(sign | ((exp - 15 + 127) << 23) | (mant << 13));
}

TEST(PtxHalf, ScalarAndPackedArithmetic) {
  std::vector<In> in;
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> u(-8.0f, 8.0f);
  for (int i = 0; i < 64; ++i) {
    uint32_t a = to_half(u(rng)) | static_cast<uint32_t>(to_half(u(rng))) << 16;
    uint32_t b = to_half(u(rng)) | static_cast<uint32_t>(to_half(u(rng))) << 16;
    uint32_t c = to_half(u(rng)) | static_cast<uint32_t>(to_half(u(rng))) << 16;
    in.push_back({a, b, c, 0});
  }
  auto half_op = [](uint32_t a, uint32_t b, uint32_t c, int op, unsigned k) {
    double x = from_half(static_cast<uint16_t>(a >> (16 * k))), y = from_half(static_cast<uint16_t>(b >> (16 * k))),
           z = from_half(static_cast<uint16_t>(c >> (16 * k)));
    double r = op == 0 ? x + y : op == 1 ? x * y : op == 2 ? std::fma(x, y, z) : op == 3 ? std::min(x, y) : x - y;
    return to_half(static_cast<float>(r));
  };
  const char* names[] = {"add", "mul", "fma.rn", "min", "sub"};
  for (int op = 0; op < 5; ++op) {
    std::string args = op == 2 ? "%d, %a, %b, %c;" : "%d, %a, %b;";
    auto out = run_op(32, std::string(names[op]) + ".f16x2 " + args, in);
    for (size_t i = 0; i < in.size(); ++i) {
      uint32_t want = half_op(static_cast<uint32_t>(in[i][0]), static_cast<uint32_t>(in[i][1]),
                              static_cast<uint32_t>(in[i][2]), op, 0) |
                      static_cast<uint32_t>(half_op(static_cast<uint32_t>(in[i][0]), static_cast<uint32_t>(in[i][1]),
                                                    static_cast<uint32_t>(in[i][2]), op, 1))
                          << 16;
      EXPECT_EQ(static_cast<uint32_t>(out[i][0]), want) << names[op] << ".f16x2 " << std::hex << in[i][0] << " " << in[i][1];
    }
    std::string sargs = op == 2 ? "%l, %h, %l, %l;" : "%l, %h, %l;";
    auto o16 = run_op(32, "mov.b32 {%h, %l}, %a;\n" + std::string(names[op]) + ".f16 " + sargs + "\ncvt.u32.u16 %d, %l;", in);
    for (size_t i = 0; i < in.size(); ++i) {
      uint32_t a = static_cast<uint32_t>(in[i][0]);
      uint32_t lo = a >> 16, hi = a & 0xFFFF;  // %h = low half of %a, %l = high half
      EXPECT_EQ(static_cast<uint32_t>(o16[i][0]) & 0xFFFF, half_op(hi, lo, lo, op, 0)) << names[op] << ".f16";
    }
  }
  auto out = run_op(32, "neg.f16x2 %d, %a;", in);
  for (size_t i = 0; i < in.size(); ++i) EXPECT_EQ(out[i][0], in[i][0] ^ 0x80008000u);
  out = run_op(32, "abs.bf16x2 %d, %a;", in);
  for (size_t i = 0; i < in.size(); ++i) EXPECT_EQ(out[i][0], in[i][0] & 0x7FFF7FFFu);
  // Comparisons of both halves at once.
  out = run_op(32, "setp.lt.f16x2 %p|%q, %a, %b;", in);
  for (size_t i = 0; i < in.size(); ++i) {
    bool lo = from_half(static_cast<uint16_t>(in[i][0])) < from_half(static_cast<uint16_t>(in[i][1]));
    bool hi = from_half(static_cast<uint16_t>(in[i][0] >> 16)) < from_half(static_cast<uint16_t>(in[i][1] >> 16));
    EXPECT_EQ(out[i][1], uint64_t(lo | hi << 1));
  }
  out = run_op(32, "mov.b32 {%h, %l}, %a;\nmov.b32 {%n, %x}, %b;\nsetp.ge.f16 %p, %h, %l;", in, "");
  (void)out;
}

TEST(PtxHalf, Conversions) {
  auto fin = float_inputs();
  auto out = run_op(32, "cvt.rn.f16.f32 %h, %a;\ncvt.f32.f16 %d, %h;", fin);
  for (size_t i = 0; i < fin.size(); ++i) {
    float want = from_half(to_half(bitsf(fin[i][0])));
    EXPECT_TRUE(same_f32(static_cast<uint32_t>(out[i][0]), fbits(want))) << bitsf(fin[i][0]);
  }
  out = run_op(32, "cvt.rn.f16x2.f32 %d, %a, %b;", fin);
  for (size_t i = 0; i < fin.size(); ++i) {
    uint32_t want = to_half(bitsf(fin[i][1])) | static_cast<uint32_t>(to_half(bitsf(fin[i][0]))) << 16;
    uint32_t got = static_cast<uint32_t>(out[i][0]);
    bool nan_ok = std::isnan(bitsf(fin[i][0])) || std::isnan(bitsf(fin[i][1]));
    if (!nan_ok) {
      EXPECT_EQ(got, want) << bitsf(fin[i][0]) << " " << bitsf(fin[i][1]);
    }
  }
  // bf16: f32 -> bf16 rounds to nearest even on the bits, bf16 -> f32 is exact.
  out = run_op(32, "cvt.rn.bf16.f32 %h, %a;\ncvt.f32.bf16 %d, %h;", fin);
  for (size_t i = 0; i < fin.size(); ++i) {
    uint32_t x = static_cast<uint32_t>(fin[i][0]);
    if (std::isnan(bitsf(x))) {
      EXPECT_TRUE(std::isnan(bitsf(out[i][0])));
      continue;
    }
    uint32_t r = ((x + 0x7FFF + ((x >> 16) & 1)) >> 16) << 16;
    EXPECT_EQ(static_cast<uint32_t>(out[i][0]), r) << bitsf(x);
  }
  // Integers to and from f16.
  std::vector<In> ints;
  for (int v : {0, 1, -1, 7, 2048, 2049, 65504, 70000, -70000, 100})
    ints.push_back({static_cast<uint32_t>(v), 0, 0, 0});
  out = run_op(32, "cvt.rn.f16.s32 %h, %a;\ncvt.rzi.s32.f16 %d, %h;", ints);
  for (size_t i = 0; i < ints.size(); ++i) {
    float h = from_half(to_half(static_cast<float>(static_cast<int32_t>(ints[i][0]))));
    int32_t want = std::isinf(h) ? (h > 0 ? INT32_MAX : INT32_MIN) : static_cast<int32_t>(h);
    EXPECT_EQ(static_cast<int32_t>(out[i][0]), want) << static_cast<int32_t>(ints[i][0]);
  }
}

// Reference roundings by choosing between the two neighbours in double arithmetic (independent
// of the bit tricks the translation uses): `keep` low bits are dropped from the f32 pattern.
// Returns the rounded f32 pattern; ties go to even (bf16) or away from zero (tf32).
uint32_t round_f32_bits(uint32_t x, unsigned keep_bits, bool ties_away) {
  if ((x & 0x7FFFFFFFu) == 0x7F800000u) return x;  // infinities stay
  uint32_t step = 1u << keep_bits;
  uint32_t lo = x & ~(step - 1), hi = lo + step;  // toward zero, and one place up in magnitude
  double v = std::fabs(static_cast<double>(bitsf(x)));
  double vlo = std::fabs(static_cast<double>(bitsf(lo)));
  // The place above the largest finite value is 2^128 (the pattern is inf).
  double vhi = (hi & 0x7FFFFFFFu) == 0x7F800000u ? std::ldexp(1.0, 128)
                                                 : std::fabs(static_cast<double>(bitsf(hi)));
  if (v - vlo < vhi - v) return lo;
  if (v - vlo > vhi - v) return hi;
  return ties_away || (lo & step) ? hi : lo;
}

std::vector<In> rounding_inputs() {
  std::vector<In> in = float_inputs(64, 11);
  // Ties and near-ties for bf16 (bit 15) and tf32 (bit 12), at both parities, subnormal, the top
  // of the range, and NaNs whose payload is only in the dropped bits.
  const uint32_t edge[] = {0x3F808000u, 0x3F818000u, 0xBF808000u, 0x3F807FFFu, 0x3F801000u,
                           0x3F803000u, 0xBF801000u, 0x3F800FFFu, 0x00008000u, 0x00018000u,
                           0x00001000u, 0x80003000u, 0x7F7F8000u, 0x7F7F7FFFu, 0x7F7FF000u,
                           0x7F7FEFFFu, 0xFF7FFFFFu, 0x7F800001u, 0xFF800001u, 0x7FC00000u,
                           0x7F800000u, 0xFF800000u, 0x80000000u, 0x00000001u};
  for (size_t i = 0; i < std::size(edge); ++i)
    in.push_back({edge[i], edge[(i + 7) % std::size(edge)], 0, 0});
  return in;
}

TEST(PtxHalf, Bf16x2AndTf32Conversions) {
  auto in = rounding_inputs();
  auto is_nan = [](uint32_t x) { return (x & 0x7FFFFFFFu) > 0x7F800000u; };
  // bf16 of x: NaN stays NaN with its sign, quiet; else nearest even.
  auto bf16 = [&](uint32_t x) -> uint32_t {
    if (is_nan(x)) return (x >> 16) | 0x40;
    return round_f32_bits(x, 16, false) >> 16;
  };
  auto out = run_op(32, "cvt.rn.bf16x2.f32 %d, %a, %b;", in);
  for (size_t i = 0; i < in.size(); ++i) {
    uint32_t a = static_cast<uint32_t>(in[i][0]), b = static_cast<uint32_t>(in[i][1]);
    EXPECT_EQ(static_cast<uint32_t>(out[i][0]), bf16(a) << 16 | bf16(b))
        << std::hex << a << " " << b;
  }
  // The scalar form agrees with the packed one.
  out = run_op(32, "cvt.rn.bf16.f32 %h, %a;\ncvt.f32.bf16 %d, %h;", in);
  for (size_t i = 0; i < in.size(); ++i)
    EXPECT_EQ(static_cast<uint32_t>(out[i][0]), bf16(static_cast<uint32_t>(in[i][0])) << 16)
        << std::hex << in[i][0];
  out = run_op(32, "cvt.rna.tf32.f32 %d, %a;", in);
  for (size_t i = 0; i < in.size(); ++i) {
    uint32_t a = static_cast<uint32_t>(in[i][0]);
    uint32_t want = is_nan(a) ? (a & 0xFFFFE000u) | 0x00400000u : round_f32_bits(a, 13, true);
    EXPECT_EQ(static_cast<uint32_t>(out[i][0]), want) << std::hex << a;
    EXPECT_EQ(static_cast<uint32_t>(out[i][0]) & 0x1FFFu, 0u);
  }
  // Spot checks: a tf32 tie rounds away from zero, a bf16 tie to even, the largest values to inf.
  out = run_op(32, "cvt.rna.tf32.f32 %d, %a;",
               {{0x3F801000u, 0, 0, 0}, {0xBF801000u, 0, 0, 0}, {0x7F7FF000u, 0, 0, 0}});
  EXPECT_EQ(out[0][0], 0x3F802000u);
  EXPECT_EQ(out[1][0], 0xBF802000u);
  EXPECT_EQ(out[2][0], 0x7F800000u);
  out = run_op(32, "cvt.rn.bf16x2.f32 %d, %a, %b;",
               {{0x3F808000u, 0x3F818000u, 0, 0}, {0x7F7F8000u, 0x7F800001u, 0, 0}});
  EXPECT_EQ(out[0][0], 0x3F803F82u);
  EXPECT_EQ(out[1][0], 0x7F807FC0u);
}

TEST(PtxHalf, UnsupportedTf32AndBf16ConversionsAreRefused) {
  for (const char* op : {"cvt.rn.tf32.f32 %d, %a;", "cvt.rz.tf32.f32 %d, %a;",
                         "cvt.rna.satfinite.tf32.f32 %d, %a;", "cvt.rn.relu.bf16x2.f32 %d, %a, %b;",
                         "cvt.rz.bf16x2.f32 %d, %a, %b;", "cvt.rna.f16.f32 %h, %a;"}) {
    std::string ptx =
        lanes_kernel("\t.reg .b32 %a, %b, %d;\n\t.reg .b16 %h;\n", std::string("\t") + op + "\n");
    std::string msg;
    int line = 1 + static_cast<int>(std::count(ptx.begin(), ptx.begin() + ptx.find(op), '\n'));
    EXPECT_EQ(error_line(ptx, &msg), line) << op << ": " << msg;
    EXPECT_NE(msg.find("unsupported instruction"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace warpsim::isa::ptx_testing
