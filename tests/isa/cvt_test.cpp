// CVT between every pair of types, against C++ conversions on the host (PTX cvt semantics:
// integer truncation or saturation, float-to-integer rounding to integral and clamping with NaN
// -> 0, rounding modes for narrowing and integer-to-float conversions).
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>

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

__extension__ typedef __int128 I128;

struct IntType {
  const char* name;
  unsigned bits;
  bool sgn;
};
const IntType kInts[] = {{"U8", 8, false},   {"S8", 8, true},   {"U16", 16, false},
                         {"S16", 16, true},  {"U32", 32, false}, {"S32", 32, true},
                         {"U64", 64, false}, {"S64", 64, true}};

// The value of a source register (pair) as the integer type `t`.
I128 int_value(uint64_t raw, const IntType& t) {
  if (t.bits < 64) raw &= (uint64_t(1) << t.bits) - 1;
  if (t.sgn) {
    switch (t.bits) {
      case 8: return int8_t(raw);
      case 16: return int16_t(raw);
      case 32: return int32_t(raw);
      default: return int64_t(raw);
    }
  }
  return raw;
}
I128 min_of(const IntType& t) { return t.sgn ? -(I128(1) << (t.bits - 1)) : 0; }
I128 max_of(const IntType& t) { return t.sgn ? (I128(1) << (t.bits - 1)) - 1 : (I128(1) << t.bits) - 1; }
// The destination register bits of value v of type t: wrapped modulo 2^bits, 8/16-bit values
// sign- or zero-extended to 32 bits.
uint64_t int_bits(I128 v, const IntType& t) {
  auto u = static_cast<uint64_t>(v);
  switch (t.bits) {
    case 8: return t.sgn ? uint32_t(int32_t(int8_t(u))) : uint32_t(uint8_t(u));
    case 16: return t.sgn ? uint32_t(int32_t(int16_t(u))) : uint32_t(uint16_t(u));
    case 32: return uint32_t(u);
    default: return u;
  }
}
uint64_t result(const LaneOut& o, unsigned bits) {
  return bits == 64 ? pair(o.r[0], o.r[1]) : o.r[0];
}

TEST(Conversions, IntegerToIntegerTruncateOrSaturate) {
  const uint64_t raw[] = {0,          1,          0x7F,       0x80,       0xFF,
                          0x7FFF,     0x8000,     0xFFFF,     0x12345,    0x7FFFFFFF,
                          0x80000000, 0xFFFFFFFF, 0x100000000, 0x7FFFFFFFFFFFFFFF,
                          0x8000000000000000, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFF80,
                          0x123456789ABCDEF0};
  std::vector<LaneIn> rows;
  for (uint64_t v : raw) {
    LaneIn r;
    r.r = {lo(v), hi(v), 0, 0, 0, 0, 0, 0};
    rows.push_back(r);
  }
  for (const IntType& d : kInts)
    for (const IntType& s : kInts) {
      std::string reg = d.bits == 64 ? "R16" : "R16";
      auto wrap = run_lanes(std::string("CVT.") + d.name + "." + s.name + " R16, R8", rows);
      auto sat = run_lanes(std::string("CVT.SAT.") + d.name + "." + s.name + " R16, R8", rows);
      for (size_t i = 0; i < rows.size(); ++i) {
        I128 v = int_value(raw[i], s);
        I128 c = v < min_of(d) ? min_of(d) : v > max_of(d) ? max_of(d) : v;
        SCOPED_TRACE(::testing::Message() << d.name << " <- " << s.name << " 0x" << std::hex
                                          << raw[i]);
        EXPECT_EQ(result(wrap[i], d.bits), int_bits(v, d));
        EXPECT_EQ(result(sat[i], d.bits), int_bits(c, d));
      }
    }
}

TEST(Conversions, FloatToIntegerRoundsThenClamps) {
  const double vals[] = {0.0,  -0.0, 0.5,   1.5,    2.5,   -0.5,    -1.5,   -2.5,  2.7,   -2.7,
                         100.9, -129.0, 255.5, 256.0, 65535.4, 1e10, -1e10, 3e9,   -3e9,
                         9.3e18, 1.9e19, -9.3e18, 1e30, INFINITY, -INFINITY, NAN};
  const char* modes[] = {"RNI", "RZI", "RMI", "RPI"};
  for (const char* src : {"F32", "F64"}) {
    std::vector<LaneIn> rows;
    for (double v : vals) {
      LaneIn r;
      if (src[1] == '3') {
        r.r[0] = f2u(float(v));
      } else {
        r.r[0] = lo(d2u(v));
        r.r[1] = hi(d2u(v));
      }
      rows.push_back(r);
    }
    for (int m = 0; m < 4; ++m)
      for (const IntType& d : kInts) {
        auto out = run_lanes(std::string("CVT.") + modes[m] + "." + d.name + "." + src + " R16, R8",
                             rows);
        for (size_t i = 0; i < rows.size(); ++i) {
          double v = src[1] == '3' ? double(float(vals[i])) : vals[i];
          double r = m == 0 ? std::nearbyint(v) : m == 1 ? std::trunc(v) : m == 2 ? std::floor(v)
                                                                               : std::ceil(v);
          I128 want;
          if (std::isnan(v))
            want = 0;
          else if (r >= std::ldexp(1.0, int(d.sgn ? d.bits - 1 : d.bits)))
            want = max_of(d);
          else if (r <= double(min_of(d)))
            want = min_of(d);
          else
            want = r < 0 ? I128(int64_t(r)) : I128(uint64_t(r));
          EXPECT_EQ(result(out[i], d.bits), int_bits(want, d))
              << modes[m] << "." << d.name << "." << src << " " << v;
        }
      }
  }
  // F2I is CVT.RZI.S32.F32 (and .U32); the default rounding of CVT float -> int is RZI.
  auto out = run_lanes("F2I R16, R8\n F2I.U32 R17, R8\n CVT.S32.F32 R18, R8",
                       {LaneIn{{f2u(-2.7f)}, 0}});
  EXPECT_EQ(out[0].r[0], uint32_t(-2));
  EXPECT_EQ(out[0].r[1], 0u);
  EXPECT_EQ(out[0].r[2], uint32_t(-2));
  // f16 sources: 0x4170 = 2.71875, 0xFC00 = -inf.
  auto h = run_lanes("CVT.RNI.S32.F16 R16, R8\n CVT.RZI.S8.F16 R17, R9\n CVT.RPI.U16.F16 R18, R8",
                     {LaneIn{{0x4170, 0xFC00}, 0}});
  EXPECT_EQ(h[0].r[0], 3u);
  EXPECT_EQ(h[0].r[1], uint32_t(-128));
  EXPECT_EQ(h[0].r[2], 3u);
}

TEST(Conversions, IntegerToFloatRounding) {
  const uint64_t raw[] = {0, 1, 16777217, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x20000001,
                          0x7FFFFFFFFFFFFFFF, 0x8000000000000001, 0xFFFFFFFFFFFFFFFF,
                          0x0020000000000001, 0xFFFFFFFFFF000001};
  std::vector<LaneIn> rows;
  for (uint64_t v : raw) {
    LaneIn r;
    r.r = {lo(v), hi(v), 0, 0, 0, 0, 0, 0};
    rows.push_back(r);
  }
  auto out = run_lanes(
      "CVT.F32.S32 R16, R8\n CVT.F32.U32 R17, R8\n CVT.F32.S64 R18, R8\n CVT.F32.U64 R19, R8\n"
      " CVT.F64.S64 R20, R8\n CVT.F64.U64 R22, R8",
      rows);
  for (size_t i = 0; i < rows.size(); ++i) {
    uint64_t v = raw[i];
    EXPECT_EQ(u2f(out[i].r[0]), float(int32_t(lo(v)))) << v;
    EXPECT_EQ(u2f(out[i].r[1]), float(lo(v))) << v;
    EXPECT_EQ(u2f(out[i].r[2]), float(int64_t(v))) << v;
    EXPECT_EQ(u2f(out[i].r[3]), float(v)) << v;
    EXPECT_EQ(u2d(pair(out[i].r[4], out[i].r[5])), double(int64_t(v))) << v;
    EXPECT_EQ(u2d(pair(out[i].r[6], out[i].r[7])), double(v)) << v;
  }
  // Directed: 16777217 lies between 16777216 and 16777218.
  auto d = run_lanes(
      "CVT.RN.F32.S32 R16, R8\n CVT.RZ.F32.S32 R17, R8\n CVT.RM.F32.S32 R18, R8\n"
      " CVT.RP.F32.S32 R19, R8\n CVT.RZ.F32.S32 R20, R9\n CVT.RP.F32.S32 R21, R9\n"
      " CVT.RZ.F32.U64 R22, R10",
      {LaneIn{{16777217, uint32_t(-16777217), 0xFFFFFFFF, 0xFFFFFFFF}, 0}});
  EXPECT_EQ(u2f(d[0].r[0]), 16777216.0f);
  EXPECT_EQ(u2f(d[0].r[1]), 16777216.0f);
  EXPECT_EQ(u2f(d[0].r[2]), 16777216.0f);
  EXPECT_EQ(u2f(d[0].r[3]), 16777218.0f);
  EXPECT_EQ(u2f(d[0].r[4]), -16777216.0f);
  EXPECT_EQ(u2f(d[0].r[5]), -16777216.0f);
  EXPECT_EQ(d[0].r[6], 0x5F7FFFFFu);  // 2^64 - 1 toward zero: the largest float below 2^64
  // To f16: 65519 rounds to 65504, 65520 overflows to inf unless rounding toward zero.
  auto h = run_lanes(
      "CVT.F16.S32 R16, R8\n CVT.F16.S32 R17, R9\n CVT.RZ.F16.S32 R18, R9\n CVT.F16.U32 R19, R10",
      {LaneIn{{65519, 65520, 3}, 0}});
  EXPECT_EQ(h[0].r[0], 0x7BFFu);
  EXPECT_EQ(h[0].r[1], 0x7C00u);
  EXPECT_EQ(h[0].r[2], 0x7BFFu);
  EXPECT_EQ(h[0].r[3], 0x4200u);
}

TEST(Conversions, FloatToFloat) {
  // f64 -> f32 in every mode, against the residual-corrected nearest result.
  const double vals[] = {1.0 + std::ldexp(1.0, -30), -(1.0 + std::ldexp(1.0, -30)), 0.1, 1e39,
                         -1e39, 1e-46, 3.0, NAN, INFINITY, -0.0, 1.0000000596046448};
  std::vector<LaneIn> rows;
  for (double v : vals) {
    LaneIn r;
    r.r = {lo(d2u(v)), hi(d2u(v)), 0, 0, 0, 0, 0, 0};
    rows.push_back(r);
  }
  auto out = run_lanes(
      "CVT.F32.F64 R16, R8\n CVT.RZ.F32.F64 R17, R8\n CVT.RM.F32.F64 R18, R8\n"
      " CVT.RP.F32.F64 R19, R8",
      rows);
  for (size_t i = 0; i < rows.size(); ++i) {
    double v = vals[i];
    float rn = float(v);
    if (std::isnan(v)) {
      for (int k = 0; k < 4; ++k) EXPECT_TRUE(std::isnan(u2f(out[i].r[k])));
      continue;
    }
    float below = double(rn) > v ? std::nextafter(rn, -INFINITY) : rn;
    float above = double(rn) < v ? std::nextafter(rn, INFINITY) : rn;
    if (std::isinf(rn) && std::isfinite(v)) {  // overflow
      below = v > 0 ? FLT_MAX : -INFINITY;
      above = v > 0 ? INFINITY : -FLT_MAX;
    }
    SCOPED_TRACE(::testing::Message() << "v=" << v);
    EXPECT_EQ(f2u(u2f(out[i].r[0])), f2u(rn));
    EXPECT_EQ(f2u(u2f(out[i].r[1])), f2u(v >= 0 ? below : above));
    EXPECT_EQ(f2u(u2f(out[i].r[2])), f2u(below));
    EXPECT_EQ(f2u(u2f(out[i].r[3])), f2u(above));
  }
  // f32 -> f16 and back; f16 subnormals; NaN; ties to even.
  auto h = run_lanes(
      "CVT.F16.F32 R16, R8\n CVT.RZ.F16.F32 R17, R9\n CVT.F16.F32 R18, R9\n"
      " CVT.F32.F16 R19, R10\n CVT.F64.F16 R20, R11\n CVT.F16.F32 R22, R13\n CVT.F16.F64 R23, R14",
      {LaneIn{{f2u(1.0f + 1.0f / 2048.0f), f2u(70000.0f), 0x0001, 0xFE00, f2u(NAN),
               f2u(1.0f + 3.0f / 2048.0f), lo(d2u(5.9604644775390625e-08)),
               hi(d2u(5.9604644775390625e-08))},
              0}});
  EXPECT_EQ(h[0].r[0], 0x3C00u);  // 1 + half an ulp: tie to even (down)
  EXPECT_EQ(h[0].r[1], 0x7BFFu);
  EXPECT_EQ(h[0].r[2], 0x7C00u);
  EXPECT_EQ(u2f(h[0].r[3]), std::ldexp(1.0f, -24));
  EXPECT_TRUE(std::isnan(u2d(pair(h[0].r[4], h[0].r[5]))));
  EXPECT_EQ(h[0].r[6], 0x3C02u);  // 1 + 1.5 ulp: tie to even (up)
  EXPECT_EQ(h[0].r[7], 0x0001u);  // 2^-24: the smallest subnormal
  // Same-type conversions with integral rounding; FTZ and SAT.
  auto s = run_lanes(
      "CVT.RNI.F32.F32 R16, R8\n CVT.RMI.F64.F64 R18, R10\n CVT.FTZ.F32.F32 R20, R12\n"
      " CVT.SAT.F32.F64 R21, R10\n CVT.F64.F32 R22, R13",
      {LaneIn{{f2u(2.5f), 0, lo(d2u(-0.25)), hi(d2u(-0.25)), f2u(1e-40f), f2u(0.1f)}, 0}});
  EXPECT_EQ(u2f(s[0].r[0]), 2.0f);
  EXPECT_EQ(u2d(pair(s[0].r[2], s[0].r[3])), -1.0);
  EXPECT_EQ(s[0].r[4], 0u);
  EXPECT_EQ(s[0].r[5], 0u);  // -0.25 saturates to +0
  EXPECT_EQ(u2d(pair(s[0].r[6], s[0].r[7])), double(0.1f));
}

}  // namespace
}  // namespace warpsim::isa
