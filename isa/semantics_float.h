// Floating-point helpers shared by the fp16/fp32/fp64 semantics and conversions: bit casts,
// directed rounding through the host's IEEE-754 rounding modes, flush-to-zero, saturation, and
// exact IEEE binary16 arithmetic (the host has no half type).
//
// Directed rounding: x86-64 SSE arithmetic, square root and conversions honour the MXCSR
// rounding mode, so a RoundingScope switches the host mode (fesetround) around a loop over
// lanes. Operands are loaded from register rows after the switch and results stored before
// the switch back, and fesetround is an opaque call, so the compiler cannot move the arithmetic
// out of the scope. Round-to-nearest (the common case) never touches the host mode.
#pragma once

#include <cfenv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "isa/modifiers.h"

namespace warpsim::isa::fp {

// 128-bit integers for exact products (GCC/Clang extension).
__extension__ typedef __int128 int128;
__extension__ typedef unsigned __int128 uint128;

inline float as_f32(uint32_t b) {
  float f;
  std::memcpy(&f, &b, 4);
  return f;
}
inline uint32_t bits_of(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}
inline double as_f64(uint64_t b) {
  double d;
  std::memcpy(&d, &b, 8);
  return d;
}
inline uint64_t bits_of(double d) {
  uint64_t b;
  std::memcpy(&b, &d, 8);
  return b;
}

// The NaN the GPU produces when it has to make one up (min/max of two NaNs, half arithmetic).
constexpr uint32_t kCanonicalNaN32 = 0x7FFFFFFFu;
constexpr uint64_t kCanonicalNaN64 = 0x7FFFFFFFFFFFFFFFull;
constexpr uint16_t kCanonicalNaN16 = 0x7FFFu;

class RoundingScope {
 public:
  explicit RoundingScope(RndMod m) {
    int mode = FE_TONEAREST;
    // Only the IEEE modes: rounding to integral (RNI..RPI) uses trunc/floor/ceil/nearbyint in
    // round-to-nearest, whose inlined forms may do arithmetic that a directed mode would change.
    switch (m) {
      case RndMod::rz: mode = FE_TOWARDZERO; break;
      case RndMod::rm: mode = FE_DOWNWARD; break;
      case RndMod::rp: mode = FE_UPWARD; break;
      default: break;
    }
    if (mode != FE_TONEAREST) {
      std::fesetround(mode);
      active_ = true;
    }
  }
  ~RoundingScope() {
    if (active_) std::fesetround(FE_TONEAREST);
  }
  RoundingScope(const RoundingScope&) = delete;
  RoundingScope& operator=(const RoundingScope&) = delete;

 private:
  bool active_ = false;
};

// Subnormals flushed to a zero of the same sign (PTX .ftz).
inline float flush(float v) {
  uint32_t b = bits_of(v);
  return (b & 0x7F800000u) == 0 ? as_f32(b & 0x80000000u) : v;
}
// PTX .sat: clamp to [0, 1]; NaN and -0 give +0.
inline float saturate(float v) {
  if (!(v > 0.0f)) return 0.0f;
  return v > 1.0f ? 1.0f : v;
}

// Round to an integral value in the same format: nearest even, toward zero, down, up.
template <class T>
T round_integral(T v, RndMod m) {
  switch (m) {
    case RndMod::rzi: return std::trunc(v);
    case RndMod::rmi: return std::floor(v);
    case RndMod::rpi: return std::ceil(v);
    default: return std::nearbyint(v);  // the host mode is round-to-nearest-even here
  }
}

// IEEE-754 minNum/maxNum as the GPU's FMNMX: a NaN operand is ignored (the canonical NaN
// when both are NaN), and -0 orders below +0.
template <class T>
T min_num(T a, T b, T canonical_nan) {
  if (std::isnan(a)) return std::isnan(b) ? canonical_nan : b;
  if (std::isnan(b)) return a;
  if (a == b) return std::signbit(a) ? a : b;
  return a < b ? a : b;
}
template <class T>
T max_num(T a, T b, T canonical_nan) {
  if (std::isnan(a)) return std::isnan(b) ? canonical_nan : b;
  if (std::isnan(b)) return a;
  if (a == b) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

// xSETP comparisons: EQ..GE are ordered (false when an operand is NaN, NE included), their U
// variants unordered (true when an operand is NaN); NUM / NAN test for NaN operands.
template <class T>
bool compare(CmpOp op, T a, T b) {
  bool unordered = std::isnan(a) || std::isnan(b);
  switch (op) {
    case CmpOp::eq: return !unordered && a == b;
    case CmpOp::ne: return !unordered && a != b;
    case CmpOp::lt: return !unordered && a < b;
    case CmpOp::le: return !unordered && a <= b;
    case CmpOp::gt: return !unordered && a > b;
    case CmpOp::ge: return !unordered && a >= b;
    case CmpOp::equ: return unordered || a == b;
    case CmpOp::neu: return unordered || a != b;
    case CmpOp::ltu: return unordered || a < b;
    case CmpOp::leu: return unordered || a <= b;
    case CmpOp::gtu: return unordered || a > b;
    case CmpOp::geu: return unordered || a >= b;
    case CmpOp::num: return !unordered;
    case CmpOp::nan: return unordered;
    case CmpOp::none: break;
  }
  return false;
}

// ---- IEEE binary16

inline bool half_is_nan(uint16_t h) { return (h & 0x7C00u) == 0x7C00u && (h & 0x3FFu); }
inline bool half_is_inf(uint16_t h) { return (h & 0x7FFFu) == 0x7C00u; }
inline bool half_sign(uint16_t h) { return h >> 15; }
inline uint16_t half_flush(uint16_t h) { return (h & 0x7C00u) == 0 ? h & 0x8000u : h; }

// Exact: every half is a float.
inline float half_to_f32(uint16_t h) {
  uint32_t sign = uint32_t(h & 0x8000u) << 16;
  uint32_t e = (h >> 10) & 31u, m = h & 0x3FFu;
  if (e == 31) return as_f32(sign | 0x7F800000u | (m << 13) | (m ? 0x400000u : 0));
  // Every half is exact in f32: the exponent is rebiased (15 -> 127) and a subnormal's
  // mantissa normalised, in integer arithmetic (ldexp, a library call, was a tenth of a
  // tensor-core GEMM's time).
  if (e != 0) return as_f32(sign | ((e + 112u) << 23) | (m << 13));
  if (m == 0) return as_f32(sign);
  const unsigned p = 31u - unsigned(__builtin_clz(m));  // m = 2^p + ..., value m * 2^-24
  return as_f32(sign | ((p + 103u) << 23) | ((m << (23u - p)) & 0x7FFFFFu));
}

// A finite half as an exact integer multiple of 2^-24 (|value| < 2^41).
inline int64_t half_scaled(uint16_t h) {
  uint32_t e = (h >> 10) & 31u, m = h & 0x3FFu;
  int64_t mag = e == 0 ? int64_t(m) : int64_t(1024 + m) << (e - 1);
  return half_sign(h) ? -mag : mag;
}

// Rounds the exact value (-1)^neg * mag * 2^exp to a half with rounding mode `m`
// (RN/RZ/RM/RP; integral modes are not meaningful here and round to nearest).
inline uint16_t round_to_half(bool neg, uint128 mag, int exp, RndMod m) {
  uint16_t sign = neg ? 0x8000u : 0;
  if (mag == 0) return sign;
  const uint64_t mag_hi = uint64_t(mag >> 64), mag_lo = uint64_t(mag);
  const int msb = mag_hi != 0 ? 127 - __builtin_clzll(mag_hi) : 63 - __builtin_clzll(mag_lo);
  int e = msb + exp;                      // value in [2^e, 2^(e+1))
  int qexp = (e < -14 ? -14 : e) - 10;    // exponent of the result's last significand bit
  int shift = qexp - exp;
  uint128 n;
  bool up = false;
  if (shift <= 0) {
    n = mag << -shift;
  } else {
    bool above = false, tie = false, inexact = true;
    if (shift > msb + 1 || shift >= 128) {  // below half of the last place: n = 0
      n = 0;
    } else {
      const uint128 one = 1;
      uint128 rem = mag & ((one << shift) - 1), half = one << (shift - 1);
      n = mag >> shift;
      above = rem > half;
      tie = rem == half;
      inexact = rem != 0;
    }
    switch (m) {
      case RndMod::rz: up = false; break;
      case RndMod::rm: up = neg && inexact; break;
      case RndMod::rp: up = !neg && inexact; break;
      default: up = above || (tie && (n & 1u)); break;
    }
  }
  n += up ? 1 : 0;
  uint32_t bits = qexp == -24 ? uint32_t(n)                                  // subnormal
                              : (uint32_t(qexp + 25) << 10) + uint32_t(n) - 1024;  // normal
  if (bits >= 0x7C00u) {  // overflow: infinity, or the largest finite value toward zero
    bool to_inf = m == RndMod::rz ? false : m == RndMod::rm ? neg : m == RndMod::rp ? !neg : true;
    bits = to_inf ? 0x7C00u : 0x7BFFu;
  }
  return static_cast<uint16_t>(sign | bits);
}

// The sign of an exact zero result of a sum: -0 only when both addends are -0 (or, rounding
// down, when either is negative), as IEEE-754 says.
inline bool zero_sum_sign(bool a_neg, bool b_neg, bool both_zero, RndMod m) {
  if (both_zero) return m == RndMod::rm ? (a_neg || b_neg) : (a_neg && b_neg);
  return m == RndMod::rm;
}

// a + b in binary16, exact then rounded once.
inline uint16_t half_add(uint16_t a, uint16_t b, RndMod m) {
  if (half_is_nan(a) || half_is_nan(b)) return kCanonicalNaN16;
  if (half_is_inf(a) || half_is_inf(b)) {
    if (half_is_inf(a) && half_is_inf(b) && half_sign(a) != half_sign(b)) return kCanonicalNaN16;
    return half_is_inf(a) ? a : b;
  }
  int64_t A = half_scaled(a), B = half_scaled(b), S = A + B;
  if (S == 0) return zero_sum_sign(half_sign(a), half_sign(b), A == 0 && B == 0, m) ? 0x8000u : 0;
  return round_to_half(S < 0, static_cast<uint64_t>(S < 0 ? -S : S), -24, m);
}

// Correctly rounded double -> half (also exact for floats, which are doubles).
inline uint16_t f64_to_half(double v, RndMod m) {
  if (std::isnan(v)) return kCanonicalNaN16;
  bool neg = std::signbit(v);
  if (std::isinf(v)) return neg ? 0xFC00u : 0x7C00u;
  // v = mag * 2^exp from its fields (frexp and ldexp, library calls, were most of a manifest's
  // f16 buffer initialisation).
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  const int biased = int((bits >> 52) & 0x7FFu);
  const uint64_t fraction = bits & ((uint64_t(1) << 52) - 1);
  const uint64_t magnitude = bits & ~(uint64_t(1) << 63);
  if (m == RndMod::rn && magnitude >= 0x3F10000000000000ull && magnitude < 0x40EFFE0000000000ull) {
    // A normal half, to nearest even (nearly every conversion): keep 10 of the 52 fraction bits.
    // [2^-14, 65520): the smallest normal half up to where rounding reaches infinity.
    uint32_t h = (uint32_t(biased - 1008) << 10) | uint32_t(fraction >> 42);
    const uint64_t rest = fraction & ((uint64_t(1) << 42) - 1), tie = uint64_t(1) << 41;
    if (rest > tie || (rest == tie && (h & 1u))) ++h;  // a carry moves into the exponent, as it should
    return static_cast<uint16_t>((neg ? 0x8000u : 0u) | h);
  }
  if (biased == 0) return round_to_half(neg, fraction, -1074, m);  // zero or subnormal
  return round_to_half(neg, fraction | (uint64_t(1) << 52), biased - 1075, m);
}

}  // namespace warpsim::isa::fp
