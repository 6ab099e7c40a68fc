// fp16 semantics: IEEE binary16 arithmetic computed exactly in integers and rounded once (the
// host has no half type), packed pairs (HADD2: element 0 in the low 16 bits) and scalars in
// the low 16 bits. (The tensor-core HMMA/IMMA are in semantics_tensor.cpp.)
#include <cmath>
#include <cstdint>

#include "isa/semantics.h"
#include "isa/semantics_float.h"

namespace warpsim::isa::sem {

namespace {

using fp::half_is_inf;
using fp::half_is_nan;
using fp::half_scaled;
using fp::half_sign;
using fp::kCanonicalNaN16;
using fp::round_to_half;

using fp::zero_sum_sign;

uint16_t h_add(uint16_t a, uint16_t b, RndMod m) { return fp::half_add(a, b, m); }

uint16_t h_mul(uint16_t a, uint16_t b, RndMod m) {
  if (half_is_nan(a) || half_is_nan(b)) return kCanonicalNaN16;
  bool neg = half_sign(a) != half_sign(b);
  if (half_is_inf(a) || half_is_inf(b)) {
    if ((a & 0x7FFFu) == 0 || (b & 0x7FFFu) == 0) return kCanonicalNaN16;  // inf * 0
    return neg ? 0xFC00u : 0x7C00u;
  }
  fp::int128 P = fp::int128(half_scaled(a)) * half_scaled(b);
  if (P == 0) return neg ? 0x8000u : 0;
  return round_to_half(neg, static_cast<fp::uint128>(P < 0 ? -P : P), -48, m);
}

uint16_t h_fma(uint16_t a, uint16_t b, uint16_t c, RndMod m) {
  if (half_is_nan(a) || half_is_nan(b) || half_is_nan(c)) return kCanonicalNaN16;
  bool pneg = half_sign(a) != half_sign(b);
  if (half_is_inf(a) || half_is_inf(b)) {
    if ((a & 0x7FFFu) == 0 || (b & 0x7FFFu) == 0) return kCanonicalNaN16;
    if (half_is_inf(c) && half_sign(c) != pneg) return kCanonicalNaN16;
    return pneg ? 0xFC00u : 0x7C00u;
  }
  if (half_is_inf(c)) return c;
  fp::int128 P = fp::int128(half_scaled(a)) * half_scaled(b);
  fp::int128 C = fp::int128(half_scaled(c)) * (int64_t(1) << 24);
  fp::int128 S = P + C;
  if (S == 0) return zero_sum_sign(pneg, half_sign(c), P == 0 && C == 0, m) ? 0x8000u : 0;
  return round_to_half(S < 0, static_cast<fp::uint128>(S < 0 ? -S : S), -48, m);
}

uint16_t h_min(uint16_t a, uint16_t b) {
  if (half_is_nan(a) && half_is_nan(b)) return kCanonicalNaN16;
  return fp::f64_to_half(fp::min_num(fp::half_to_f32(a), fp::half_to_f32(b), 0.0f), RndMod::rn);
}
uint16_t h_max(uint16_t a, uint16_t b) {
  if (half_is_nan(a) && half_is_nan(b)) return kCanonicalNaN16;
  return fp::f64_to_half(fp::max_num(fp::half_to_f32(a), fp::half_to_f32(b), 0.0f), RndMod::rn);
}

uint16_t h_saturate(uint16_t h) {
  if (half_is_nan(h) || half_sign(h)) return 0;
  return h > 0x3C00u ? 0x3C00u : h;
}

struct HalfMods {
  RndMod rnd;
  bool ftz, sat;
  explicit HalfMods(const Inst& in)
      : rnd(RndMod::rn),
        ftz(in.mod[static_cast<unsigned>(ModGroup::ftz)] != 0),
        sat(in.mod[static_cast<unsigned>(ModGroup::sat)] != 0) {}
  uint16_t in(uint32_t v) const {
    auto h = static_cast<uint16_t>(v);
    return ftz ? fp::half_flush(h) : h;
  }
  uint16_t out(uint16_t h) const {
    if (ftz) h = fp::half_flush(h);
    return sat ? h_saturate(h) : h;
  }
};

// Packed (kPacked: both halves) or scalar (low half, high half of d = 0) application of f to
// the halves of kSrcs sources.
template <unsigned kSrcs, bool kPacked, class F>
void half_op(ExecContext& x, F f) {
  HalfMods m(*x.inst);
  auto one = [&](unsigned l, unsigned shift) -> uint32_t {
    uint16_t a = m.in(x.u(1, l) >> shift);
    uint16_t r;
    if constexpr (kSrcs == 2) r = f(a, m.in(x.u(2, l) >> shift), m.rnd);
    if constexpr (kSrcs == 3) r = f(a, m.in(x.u(2, l) >> shift), m.in(x.u(3, l) >> shift), m.rnd);
    return m.out(r);
  };
  for_lanes(x.mask, [&](unsigned l) {
    uint32_t lo = one(l, 0);
    x.set(0, l, kPacked ? lo | (one(l, 16) << 16) : lo);
  });
}

auto sub = [](uint16_t a, uint16_t b, RndMod m) { return h_add(a, b ^ 0x8000u, m); };
auto mn = [](uint16_t a, uint16_t b, RndMod) { return h_min(a, b); };
auto mx = [](uint16_t a, uint16_t b, RndMod) { return h_max(a, b); };
// PTX min.NaN / max.NaN: a NaN operand gives the canonical NaN.
auto mn_nan = [](uint16_t a, uint16_t b, RndMod) {
  return half_is_nan(a) || half_is_nan(b) ? kCanonicalNaN16 : h_min(a, b);
};
auto mx_nan = [](uint16_t a, uint16_t b, RndMod) {
  return half_is_nan(a) || half_is_nan(b) ? kCanonicalNaN16 : h_max(a, b);
};
bool propagates_nan(const ExecContext& x) { return x.inst->m<CmpOp>(ModGroup::cmp) == CmpOp::nan; }

}  // namespace

void hadd2(ExecContext& x) { half_op<2, true>(x, h_add); }
void hsub2(ExecContext& x) { half_op<2, true>(x, sub); }
void hmul2(ExecContext& x) { half_op<2, true>(x, h_mul); }
void hfma2(ExecContext& x) { half_op<3, true>(x, h_fma); }
void hmin2(ExecContext& x) {
  propagates_nan(x) ? half_op<2, true>(x, mn_nan) : half_op<2, true>(x, mn);
}
void hmax2(ExecContext& x) {
  propagates_nan(x) ? half_op<2, true>(x, mx_nan) : half_op<2, true>(x, mx);
}
void hadd(ExecContext& x) { half_op<2, false>(x, h_add); }
void hsub(ExecContext& x) { half_op<2, false>(x, sub); }
void hmul(ExecContext& x) { half_op<2, false>(x, h_mul); }
void hfma(ExecContext& x) { half_op<3, false>(x, h_fma); }
void hmin(ExecContext& x) {
  propagates_nan(x) ? half_op<2, false>(x, mn_nan) : half_op<2, false>(x, mn);
}
void hmax(ExecContext& x) {
  propagates_nan(x) ? half_op<2, false>(x, mx_nan) : half_op<2, false>(x, mx);
}

void hsetp2(ExecContext& x) {
  CmpOp op = x.inst->m<CmpOp>(ModGroup::cmp);
  HalfMods m(*x.inst);
  uint32_t lo = 0, hi = 0;
  for_lanes(x.mask, [&](unsigned l) {
    uint32_t a = x.u(2, l), b = x.u(3, l);
    if (fp::compare(op, fp::half_to_f32(m.in(a)), fp::half_to_f32(m.in(b)))) lo |= 1u << l;
    if (fp::compare(op, fp::half_to_f32(m.in(a >> 16)), fp::half_to_f32(m.in(b >> 16))))
      hi |= 1u << l;
  });
  x.write_pred(0, lo);
  x.write_pred(1, hi);
}

}  // namespace warpsim::isa::sem
