// The binary16 conversions every f16 instruction, tensor-core operand and f16 buffer goes
// through, against references built with the C library's frexp/ldexp (exact for these values)
// instead of the emulator's bit manipulation.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>

#include "isa/semantics_float.h"

namespace warpsim::isa {
namespace {

uint32_t bits_of(float f) {
  uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}

// The value of a finite half from its fields, by ldexp.
float reference_half_value(uint16_t h) {
  const int e = (h >> 10) & 31, m = h & 0x3FF;
  const float mag = e == 0 ? std::ldexp(float(m), -24) : std::ldexp(float(1024 + m), e - 25);
  return (h & 0x8000u) ? -mag : mag;
}

// Round v to a half through frexp/ldexp's (mantissa, exponent) and the shared rounding step.
uint16_t reference_to_half(double v, RndMod m) {
  if (std::isnan(v)) return fp::kCanonicalNaN16;
  const bool neg = std::signbit(v);
  if (std::isinf(v)) return neg ? 0xFC00u : 0x7C00u;
  int e = 0;
  const double frac = std::frexp(std::fabs(v), &e);
  return fp::round_to_half(neg, static_cast<uint64_t>(std::ldexp(frac, 53)), e - 53, m);
}

TEST(HalfConversion, EveryHalfWidensExactly) {
  for (uint32_t h = 0; h < 0x10000; ++h) {
    const float f = fp::half_to_f32(uint16_t(h));
    const int e = (h >> 10) & 31;
    if (e == 31) {
      EXPECT_EQ(std::isnan(f), (h & 0x3FF) != 0) << std::hex << h;
      continue;
    }
    ASSERT_EQ(bits_of(f), bits_of(reference_half_value(uint16_t(h)))) << std::hex << h;
    // And back: every half survives the round trip, -0 and subnormals included.
    ASSERT_EQ(fp::f64_to_half(f, RndMod::rn), h) << std::hex << h;
  }
}

TEST(HalfConversion, NarrowingRoundsAsTheReferenceInEveryMode) {
  const RndMod modes[] = {RndMod::rn, RndMod::rz, RndMod::rm, RndMod::rp};
  auto check = [&](double v) {
    for (RndMod m : modes) ASSERT_EQ(fp::f64_to_half(v, m), reference_to_half(v, m)) << std::hexfloat << v;
  };
  // Around every rounding boundary: each half, the midpoints to its neighbours, one ulp of a
  // double either side of them; then overflow, subnormal doubles and random doubles.
  for (uint32_t h = 0; h < 0x7C00; ++h) {
    const double a = reference_half_value(uint16_t(h)), b = reference_half_value(uint16_t(h + 1));
    for (double v : {a, (a + b) / 2}) {
      for (double w : {v, std::nextafter(v, 0.0), std::nextafter(v, 1e300)}) {
        check(w);
        check(-w);
      }
    }
  }
  for (double v : {0.0, -0.0, 65504.0, 65519.99, 65520.0, 1e300, 5e-324, 2.2250738585072009e-308, 0x1p-25, 0x1.8p-25}) {
    check(v);
    check(-v);
  }
  std::mt19937_64 rng(7);
  for (int i = 0; i < 200000; ++i) {
    const uint64_t x = rng();
    double d;
    std::memcpy(&d, &x, sizeof d);
    check(d);
    const uint64_t near = (x & 0x800FFFFFFFFFFFFFull) | (uint64_t(990 + (x >> 52) % 50) << 52);  // 2^-33 .. 2^16
    std::memcpy(&d, &near, sizeof d);
    check(d);
  }
}

}  // namespace
}  // namespace warpsim::isa
