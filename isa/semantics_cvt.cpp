// Conversions (CVT, and its aliases I2F / F2I) between the integer and floating-point types, as
// PTX cvt defines them:
//   int -> int     truncate or sign/zero-extend; .SAT clamps to the destination's range
//   int -> float   rounded with .RN (default) .RZ .RM .RP
//   float -> float narrowing rounded with .RN (default) .RZ .RM .RP; widening exact; with
//                  .RNI .RZI .RMI .RPI the value is first rounded to an integral value
//   float -> int   rounded to integral with .RNI .RZI (default) .RMI .RPI, then clamped to the
//                  destination's range (always); NaN gives 0
// 8- and 16-bit results are sign- or zero-extended into the 32-bit register; f16 values live in
// the low 16 bits (the high 16 bits of an f16 result are 0). .FTZ flushes f32 subnormal inputs
// and results; .SAT on a float result clamps it to [0, 1] (NaN -> 0).
#include <cmath>
#include <cstdint>

#include "isa/semantics.h"
#include "isa/semantics_float.h"

namespace warpsim::isa::sem {

namespace {

struct IntRange {
  fp::int128 lo, hi;
};
IntRange range_of(DataType t) {
  unsigned bits = type_bytes(t) * 8;
  if (is_signed_int(t))
    return {-(fp::int128(1) << (bits - 1)), (fp::int128(1) << (bits - 1)) - 1};
  return {0, (fp::int128(1) << bits) - 1};
}

// The destination register bits of integer value v (already in range or to be truncated).
uint64_t int_bits(fp::int128 v, DataType t) {
  unsigned bits = type_bytes(t) * 8;
  auto u = static_cast<uint64_t>(v);
  if (bits == 64) return u;
  uint64_t m = (uint64_t(1) << bits) - 1;
  u &= m;
  if (bits < 32 && is_signed_int(t) && (u >> (bits - 1)) & 1u) u |= ~m;  // sign-extend
  return bits < 32 ? static_cast<uint32_t>(u) : u;
}

RndMod integral(RndMod r) {
  switch (r) {
    case RndMod::rn:
    case RndMod::rni: return RndMod::rni;
    case RndMod::rm:
    case RndMod::rmi: return RndMod::rmi;
    case RndMod::rp:
    case RndMod::rpi: return RndMod::rpi;
    default: return RndMod::rzi;  // C semantics; F2I's .RZ
  }
}
bool is_integral_mode(RndMod r) {
  return r == RndMod::rni || r == RndMod::rzi || r == RndMod::rmi || r == RndMod::rpi;
}

// Float (exactly held in a double) to an integer type: round to integral, clamp, NaN -> 0.
fp::int128 float_to_int(double v, RndMod r, DataType t) {
  if (std::isnan(v)) return 0;
  v = fp::round_integral(v, integral(r));
  IntRange rg = range_of(t);
  // hi + 1 = 2^bits or 2^(bits-1) is exact as a double (hi itself may not be: 2^64 - 1).
  unsigned bits = type_bytes(t) * 8;
  double above = std::ldexp(1.0, static_cast<int>(is_signed_int(t) ? bits - 1 : bits));
  if (v >= above) return rg.hi;
  if (v <= static_cast<double>(rg.lo)) return rg.lo;
  return v < 0 ? static_cast<fp::int128>(static_cast<int64_t>(v))
               : static_cast<fp::int128>(static_cast<uint64_t>(v));
}

}  // namespace

void cvt(ExecContext& x) {
  const Inst& in = *x.inst;
  const DataType dt = in.m<DataType>(ModGroup::type), st = in.m<DataType>(ModGroup::stype);
  const RndMod r = in.m<RndMod>(ModGroup::rnd);
  const bool ftz = in.mod[static_cast<unsigned>(ModGroup::ftz)] != 0;
  const bool sat = in.mod[static_cast<unsigned>(ModGroup::sat)] != 0;
  const bool src64 = is_64bit(st);

  auto write_bits = [&](unsigned l, uint64_t bits) {
    if (is_64bit(dt))
      x.set64(0, l, bits);
    else
      x.set(0, l, static_cast<uint32_t>(bits));
  };
  auto source_int = [&](unsigned l) -> fp::int128 {
    uint64_t raw = src64 ? x.u64(1, l) : x.u(1, l);
    unsigned bits = type_bytes(st) * 8;
    if (bits < 64) raw &= (uint64_t(1) << bits) - 1;
    if (is_signed_int(st) && bits < 64 && (raw >> (bits - 1)) & 1u)
      return static_cast<fp::int128>(raw) - (fp::int128(1) << bits);
    return is_signed_int(st) ? fp::int128(int64_t(raw)) : fp::int128(raw);
  };
  auto source_float = [&](unsigned l) -> double {
    switch (st) {
      case DataType::f16: return fp::half_to_f32(static_cast<uint16_t>(x.u(1, l)));
      case DataType::f32: return ftz ? fp::flush(x.f(1, l)) : x.f(1, l);
      default: return x.d(1, l);
    }
  };
  // A float result: rounding (for the narrowing cases) happens in the host mode of the scope.
  auto write_float = [&](unsigned l, double v, RndMod mode) {
    switch (dt) {
      case DataType::f16: {
        uint16_t h = fp::f64_to_half(v, mode == RndMod::none ? RndMod::rn : mode);
        if (sat) h = std::isnan(v) || std::signbit(v) ? 0 : (h > 0x3C00u ? 0x3C00u : h);
        x.set(0, l, h);
        break;
      }
      case DataType::f32: {
        float f = static_cast<float>(v);
        if (ftz) f = fp::flush(f);
        if (sat) f = fp::saturate(f);
        x.setf(0, l, f);
        break;
      }
      default: {
        if (sat) v = !(v > 0.0) ? 0.0 : (v > 1.0 ? 1.0 : v);
        x.setd(0, l, v);
        break;
      }
    }
  };

  if (!is_float(dt) && !is_float(st)) {  // int -> int
    IntRange rg = range_of(dt);
    for_lanes(x.mask, [&](unsigned l) {
      fp::int128 v = source_int(l);
      if (sat) v = v < rg.lo ? rg.lo : (v > rg.hi ? rg.hi : v);
      write_bits(l, int_bits(v, dt));
    });
  } else if (!is_float(dt)) {  // float -> int
    for_lanes(x.mask,
              [&](unsigned l) { write_bits(l, int_bits(float_to_int(source_float(l), r, dt), dt)); });
  } else if (!is_float(st)) {  // int -> float
    fp::RoundingScope scope(r);
    for_lanes(x.mask, [&](unsigned l) {
      fp::int128 v = source_int(l);
      // f32/f64: one host conversion, rounded in the scope's mode; f16 via an exact or (beyond
      // 2^53, where every half overflows anyway) nearly exact double.
      if (dt == DataType::f16) {
        double d = v < 0 ? static_cast<double>(static_cast<int64_t>(v))
                         : static_cast<double>(static_cast<uint64_t>(v));
        write_float(l, d, r);
      } else if (dt == DataType::f32) {
        float f = v < 0 || is_signed_int(st) ? static_cast<float>(static_cast<int64_t>(v))
                                             : static_cast<float>(static_cast<uint64_t>(v));
        write_float(l, f, RndMod::none);
      } else {
        double d = v < 0 || is_signed_int(st) ? static_cast<double>(static_cast<int64_t>(v))
                                              : static_cast<double>(static_cast<uint64_t>(v));
        write_float(l, d, RndMod::none);
      }
    });
  } else {  // float -> float
    bool to_integral = is_integral_mode(r);
    fp::RoundingScope scope(to_integral ? RndMod::rn : r);
    for_lanes(x.mask, [&](unsigned l) {
      double v = source_float(l);
      if (to_integral) v = fp::round_integral(v, r);
      write_float(l, v, to_integral ? RndMod::rn : r);
    });
  }
}

}  // namespace warpsim::isa::sem
