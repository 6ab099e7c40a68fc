// Integer semantics. Arithmetic wraps (two's complement) as the hardware's ALUs do; the corner
// cases C leaves undefined (shifts >= the width, division by zero, MIN / -1) have the results
// PTX specifies or the hardware gives, documented in the opcode table.
#include <cstdint>

#include "isa/opcode_table.h"
#include "isa/semantics.h"
#include "isa/semantics_float.h"

namespace warpsim::isa::sem {

namespace {

DataType type_of(const ExecContext& x) { return x.inst->m<DataType>(ModGroup::type); }
bool is64(const ExecContext& x) { return is_64bit(type_of(x)); }
bool is_signed(const ExecContext& x) { return is_signed_int(type_of(x)); }

// d = f(a, b) on 32-bit values or (64-bit type) on register pairs.
template <class F32, class F64>
void binary(ExecContext& x, F32 f32, F64 f64) {
  if (is64(x))
    for_lanes(x.mask, [&](unsigned l) { x.set64(0, l, f64(x.u64(1, l), x.u64(2, l))); });
  else
    for_lanes(x.mask, [&](unsigned l) { x.set(0, l, f32(x.u(1, l), x.u(2, l))); });
}
template <class F>
void binary_same(ExecContext& x, F f) {
  binary(x, [&](uint32_t a, uint32_t b) { return static_cast<uint32_t>(f(uint64_t(a), b)); },
         [&](uint64_t a, uint64_t b) { return f(a, b); });
}
template <class F32, class F64>
void unary(ExecContext& x, F32 f32, F64 f64) {
  if (is64(x))
    for_lanes(x.mask, [&](unsigned l) { x.set64(0, l, f64(x.u64(1, l))); });
  else
    for_lanes(x.mask, [&](unsigned l) { x.set(0, l, f32(x.u(1, l))); });
}

uint32_t lane_bit(bool b, unsigned l) { return b ? 1u << l : 0u; }

}  // namespace

void iadd(ExecContext& x) {
  binary_same(x, [](uint64_t a, uint64_t b) { return a + b; });
}
void isub(ExecContext& x) {
  binary_same(x, [](uint64_t a, uint64_t b) { return a - b; });
}

// Carry chains (PTX add.cc / addc / sub.cc / subc): the carry (borrow) flag is a predicate.
void iadd_cc(ExecContext& x) {
  uint32_t carry = 0;
  for_lanes(x.mask, [&](unsigned l) {
    uint64_t r = uint64_t(x.u(2, l)) + x.u(3, l);
    x.set(0, l, static_cast<uint32_t>(r));
    carry |= lane_bit(r >> 32, l);
  });
  x.write_pred(1, carry);
}
void iaddx(ExecContext& x) {
  uint32_t cin = x.pred_mask(4), carry = 0;
  for_lanes(x.mask, [&](unsigned l) {
    uint64_t r = uint64_t(x.u(2, l)) + x.u(3, l) + ((cin >> l) & 1u);
    x.set(0, l, static_cast<uint32_t>(r));
    carry |= lane_bit(r >> 32, l);
  });
  x.write_pred(1, carry);
}
void isub_cc(ExecContext& x) {
  uint32_t borrow = 0;
  for_lanes(x.mask, [&](unsigned l) {
    uint32_t a = x.u(2, l), b = x.u(3, l);
    x.set(0, l, a - b);
    borrow |= lane_bit(a < b, l);
  });
  x.write_pred(1, borrow);
}
void isubx(ExecContext& x) {
  uint32_t bin = x.pred_mask(4), borrow = 0;
  for_lanes(x.mask, [&](unsigned l) {
    uint32_t a = x.u(2, l), b = x.u(3, l), in = (bin >> l) & 1u;
    x.set(0, l, a - b - in);
    borrow |= lane_bit(uint64_t(b) + in > a, l);
  });
  x.write_pred(1, borrow);
}

namespace {

// The part of a * b that IMUL/IMAD keep, as the destination's bits (a pair for .WIDE/64-bit).
template <bool kSigned>
uint64_t product32(uint32_t a, uint32_t b, MulMode m) {
  uint64_t full = kSigned ? static_cast<uint64_t>(int64_t(int32_t(a)) * int64_t(int32_t(b)))
                          : uint64_t(a) * b;
  switch (m) {
    case MulMode::hi: return full >> 32;
    case MulMode::wide: return full;
    default: return static_cast<uint32_t>(full);
  }
}
template <bool kSigned>
uint64_t product64(uint64_t a, uint64_t b, MulMode m) {
  if (m != MulMode::hi) return a * b;
  if (kSigned)
    return static_cast<uint64_t>((fp::int128(int64_t(a)) * fp::int128(int64_t(b))) >> 64);
  return static_cast<uint64_t>((static_cast<fp::uint128>(a) * b) >> 64);
}

template <bool kAdd>
void mul_add(ExecContext& x) {
  MulMode m = x.inst->m<MulMode>(ModGroup::wide);
  bool sgn = is_signed(x);
  if (is64(x)) {
    for_lanes(x.mask, [&](unsigned l) {
      uint64_t p = sgn ? product64<true>(x.u64(1, l), x.u64(2, l), m)
                       : product64<false>(x.u64(1, l), x.u64(2, l), m);
      x.set64(0, l, kAdd ? p + x.u64(3, l) : p);
    });
  } else if (m == MulMode::wide) {
    for_lanes(x.mask, [&](unsigned l) {
      uint64_t p = sgn ? product32<true>(x.u(1, l), x.u(2, l), m)
                       : product32<false>(x.u(1, l), x.u(2, l), m);
      x.set64(0, l, kAdd ? p + x.u64(3, l) : p);
    });
  } else {
    for_lanes(x.mask, [&](unsigned l) {
      uint64_t p = sgn ? product32<true>(x.u(1, l), x.u(2, l), m)
                       : product32<false>(x.u(1, l), x.u(2, l), m);
      x.set(0, l, static_cast<uint32_t>(kAdd ? p + x.u(3, l) : p));
    });
  }
}

}  // namespace

void imul(ExecContext& x) { mul_add<false>(x); }
void imad(ExecContext& x) { mul_add<true>(x); }

void imin(ExecContext& x) {
  if (is_signed(x))
    binary(
        x, [](uint32_t a, uint32_t b) { return int32_t(a) < int32_t(b) ? a : b; },
        [](uint64_t a, uint64_t b) { return int64_t(a) < int64_t(b) ? a : b; });
  else
    binary_same(x, [](uint64_t a, uint64_t b) { return a < b ? a : b; });
}
void imax(ExecContext& x) {
  if (is_signed(x))
    binary(
        x, [](uint32_t a, uint32_t b) { return int32_t(a) > int32_t(b) ? a : b; },
        [](uint64_t a, uint64_t b) { return int64_t(a) > int64_t(b) ? a : b; });
  else
    binary_same(x, [](uint64_t a, uint64_t b) { return a > b ? a : b; });
}

void iabs(ExecContext& x) {
  unary(
      x, [](uint32_t a) { return int32_t(a) < 0 ? 0u - a : a; },
      [](uint64_t a) { return int64_t(a) < 0 ? uint64_t(0) - a : a; });
}
void ineg(ExecContext& x) {
  unary(
      x, [](uint32_t a) { return 0u - a; }, [](uint64_t a) { return uint64_t(0) - a; });
}

namespace {
// Division corner cases: x / 0 gives all ones and x % 0 gives x (what the hardware sequence
// produces); MIN / -1 overflows to MIN with remainder 0.
template <class S, class U>
U sdiv(U a, U b) {
  if (b == 0) return ~U(0);
  if (S(b) == S(-1)) return U(0) - a;
  return static_cast<U>(S(a) / S(b));
}
template <class S, class U>
U srem(U a, U b) {
  if (b == 0) return a;
  if (S(b) == S(-1)) return 0;
  return static_cast<U>(S(a) % S(b));
}
}  // namespace

void idiv(ExecContext& x) {
  if (is_signed(x))
    binary(x, sdiv<int32_t, uint32_t>, sdiv<int64_t, uint64_t>);
  else
    binary_same(x, [](uint64_t a, uint64_t b) { return b ? a / b : ~uint64_t(0); });
  // binary_same truncates the 64-bit all-ones to 32 bits for the 32-bit types.
}
void irem(ExecContext& x) {
  if (is_signed(x))
    binary(x, srem<int32_t, uint32_t>, srem<int64_t, uint64_t>);
  else
    binary_same(x, [](uint64_t a, uint64_t b) { return b ? a % b : a; });
}

// Shift counts are the unsigned 32-bit second source and clamp at the width (PTX shl/shr),
// instead of C's undefined behaviour or x86's modulo wrap.
void shl(ExecContext& x) {
  if (is64(x))
    for_lanes(x.mask, [&](unsigned l) {
      uint32_t n = x.u(2, l);
      x.set64(0, l, n >= 64 ? 0 : x.u64(1, l) << n);
    });
  else
    for_lanes(x.mask, [&](unsigned l) {
      uint32_t n = x.u(2, l);
      x.set(0, l, n >= 32 ? 0 : x.u(1, l) << n);
    });
}

void shr(ExecContext& x) {
  bool sgn = is_signed(x);
  if (is64(x))
    for_lanes(x.mask, [&](unsigned l) {
      uint32_t n = x.u(2, l) >= 64 ? 63 : x.u(2, l);
      uint64_t a = x.u64(1, l);
      uint64_t r = sgn ? static_cast<uint64_t>(int64_t(a) >> n) : (x.u(2, l) >= 64 ? 0 : a >> n);
      x.set64(0, l, r);
    });
  else
    for_lanes(x.mask, [&](unsigned l) {
      uint32_t n = x.u(2, l) >= 32 ? 31 : x.u(2, l);
      uint32_t a = x.u(1, l);
      uint32_t r = sgn ? static_cast<uint32_t>(int32_t(a) >> n) : (x.u(2, l) >= 32 ? 0 : a >> n);
      x.set(0, l, r);
    });
}

namespace {
template <bool kLeft>
void funnel(ExecContext& x) {
  bool clamp = x.inst->m<SubOp>(ModGroup::op) == SubOp::clamp;
  for_lanes(x.mask, [&](unsigned l) {
    uint64_t v = (uint64_t(x.u(2, l)) << 32) | x.u(1, l);
    uint32_t c = x.u(3, l);
    uint32_t n = clamp ? (c > 32 ? 32 : c) : (c & 31u);
    x.set(0, l, kLeft ? static_cast<uint32_t>((v << n) >> 32) : static_cast<uint32_t>(v >> n));
  });
}
}  // namespace

void shf_l(ExecContext& x) { funnel<true>(x); }
void shf_r(ExecContext& x) { funnel<false>(x); }

void and_(ExecContext& x) {
  binary_same(x, [](uint64_t a, uint64_t b) { return a & b; });
}
void or_(ExecContext& x) {
  binary_same(x, [](uint64_t a, uint64_t b) { return a | b; });
}
void xor_(ExecContext& x) {
  binary_same(x, [](uint64_t a, uint64_t b) { return a ^ b; });
}
void not_(ExecContext& x) {
  unary(
      x, [](uint32_t a) { return ~a; }, [](uint64_t a) { return ~a; });
}

void popc(ExecContext& x) {
  if (is64(x))
    for_lanes(x.mask, [&](unsigned l) { x.set(0, l, __builtin_popcountll(x.u64(1, l))); });
  else
    for_lanes(x.mask, [&](unsigned l) { x.set(0, l, __builtin_popcount(x.u(1, l))); });
}

void clz(ExecContext& x) {
  if (is64(x))
    for_lanes(x.mask, [&](unsigned l) {
      uint64_t a = x.u64(1, l);
      x.set(0, l, a ? __builtin_clzll(a) : 64);
    });
  else
    for_lanes(x.mask, [&](unsigned l) {
      uint32_t a = x.u(1, l);
      x.set(0, l, a ? __builtin_clz(a) : 32);
    });
}

namespace {
uint32_t reverse32(uint32_t v) {
  v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
  v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
  v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
  return __builtin_bswap32(v);
}
}  // namespace

void brev(ExecContext& x) {
  unary(x, reverse32, [](uint64_t a) {
    return (uint64_t(reverse32(static_cast<uint32_t>(a))) << 32) | reverse32(uint32_t(a >> 32));
  });
}

namespace {
// PTX bfe: bits [pos, pos + len) of a, zero- or sign-extended; bits past the msb of a read as
// the sign (the bit at min(pos + len - 1, msb)) for signed types and 0 for unsigned ones.
uint64_t bit_field_extract(uint64_t a, uint32_t b, uint32_t c, unsigned width, bool sgn) {
  unsigned msb = width - 1, pos = b & 0xFFu, len = c & 0xFFu;
  bool sbit = false;
  if (sgn && len != 0) {
    unsigned top = pos + len - 1 < msb ? pos + len - 1 : msb;
    sbit = (a >> top) & 1u;
  }
  uint64_t d = 0;
  for (unsigned i = 0; i <= msb; ++i) {
    bool bit = (i < len && pos + i <= msb) ? (a >> (pos + i)) & 1u : sbit;
    d |= uint64_t(bit) << i;
  }
  return d;
}
// PTX bfi: b with bits [pos, pos + len) replaced by the low bits of a, clipped at the msb.
uint64_t bit_field_insert(uint64_t a, uint64_t b, uint32_t c, uint32_t e, unsigned width) {
  unsigned pos = c & 0xFFu, len = e & 0xFFu;
  uint64_t f = b;
  for (unsigned i = 0; i < len && pos + i < width; ++i) {
    uint64_t bit = uint64_t(1) << (pos + i);
    f = ((a >> i) & 1u) ? f | bit : f & ~bit;
  }
  return f;
}
}  // namespace

void bfe(ExecContext& x) {
  bool sgn = is_signed(x);
  if (is64(x))
    for_lanes(x.mask, [&](unsigned l) {
      x.set64(0, l, bit_field_extract(x.u64(1, l), x.u(2, l), x.u(3, l), 64, sgn));
    });
  else
    for_lanes(x.mask, [&](unsigned l) {
      x.set(0, l,
            static_cast<uint32_t>(bit_field_extract(x.u(1, l), x.u(2, l), x.u(3, l), 32, sgn)));
    });
}

void bfi(ExecContext& x) {
  if (is64(x))
    for_lanes(x.mask, [&](unsigned l) {
      x.set64(0, l, bit_field_insert(x.u64(1, l), x.u64(2, l), x.u(3, l), x.u(4, l), 64));
    });
  else
    for_lanes(x.mask, [&](unsigned l) {
      x.set(0, l,
            static_cast<uint32_t>(bit_field_insert(x.u(1, l), x.u(2, l), x.u(3, l), x.u(4, l), 32)));
    });
}

void prmt(ExecContext& x) {
  for_lanes(x.mask, [&](unsigned l) {
    uint64_t v = (uint64_t(x.u(2, l)) << 32) | x.u(1, l);
    uint32_t c = x.u(3, l), d = 0;
    for (unsigned i = 0; i < 4; ++i) {
      uint32_t sel = (c >> (4 * i)) & 0xFu;
      uint32_t byte = static_cast<uint32_t>(v >> ((sel & 7u) * 8)) & 0xFFu;
      if (sel & 8u) byte = (byte & 0x80u) ? 0xFFu : 0u;
      d |= byte << (8 * i);
    }
    x.set(0, l, d);
  });
}

namespace {
template <class T>
bool compare(CmpOp op, T a, T b) {
  switch (op) {
    case CmpOp::eq: return a == b;
    case CmpOp::ne: return a != b;
    case CmpOp::lt: return a < b;
    case CmpOp::le: return a <= b;
    case CmpOp::gt: return a > b;
    case CmpOp::ge: return a >= b;
    default: break;
  }
  return false;
}

template <class T, bool k64>
uint32_t compare_lanes(const ExecContext& x, CmpOp op) {
  uint32_t result = 0;
  for_lanes(x.mask, [&](unsigned l) {
    T a = k64 ? static_cast<T>(x.u64(1, l)) : static_cast<T>(x.u(1, l));
    T b = k64 ? static_cast<T>(x.u64(2, l)) : static_cast<T>(x.u(2, l));
    if (compare(op, a, b)) result |= 1u << l;
  });
  return result;
}
}  // namespace

void isetp(ExecContext& x) {
  CmpOp op = x.inst->m<CmpOp>(ModGroup::cmp);
  bool sgn = is_signed(x);
  uint32_t r = is64(x) ? (sgn ? compare_lanes<int64_t, true>(x, op)
                              : compare_lanes<uint64_t, true>(x, op))
                       : (sgn ? compare_lanes<int32_t, false>(x, op)
                              : compare_lanes<uint32_t, false>(x, op));
  x.write_pred(0, combine_predicate(x.inst->m<BoolOp>(ModGroup::boolop), r, x.pred_mask(3)));
}

}  // namespace warpsim::isa::sem
