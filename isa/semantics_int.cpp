// Integer semantics. 32-bit arithmetic wraps (two's complement), as the hardware's ALUs do.
#include <cstdint>

#include "isa/opcode_table.h"
#include "isa/semantics.h"

namespace warpsim::isa::sem {

namespace {

bool is64(const ExecContext& x) {
  DataType t = x.inst->m<DataType>(ModGroup::type);
  return t == DataType::s64 || t == DataType::u64;
}
bool is_unsigned(const ExecContext& x) {
  DataType t = x.inst->m<DataType>(ModGroup::type);
  return t == DataType::u32 || t == DataType::u64;
}

template <class F>
void binary32(ExecContext& x, F f) {
  for_lanes(x.mask, [&](unsigned l) { x.set(0, l, f(x.u(1, l), x.u(2, l))); });
}

}  // namespace

void iadd(ExecContext& x) {
  if (is64(x))
    for_lanes(x.mask, [&](unsigned l) { x.set64(0, l, x.u64(1, l) + x.u64(2, l)); });
  else
    binary32(x, [](uint32_t a, uint32_t b) { return a + b; });
}

void isub(ExecContext& x) {
  if (is64(x))
    for_lanes(x.mask, [&](unsigned l) { x.set64(0, l, x.u64(1, l) - x.u64(2, l)); });
  else
    binary32(x, [](uint32_t a, uint32_t b) { return a - b; });
}

void imul(ExecContext& x) {
  binary32(x, [](uint32_t a, uint32_t b) { return a * b; });
}

void imad(ExecContext& x) {
  if (x.inst->mod[static_cast<unsigned>(ModGroup::wide)]) {
    if (is_unsigned(x)) {
      for_lanes(x.mask,
                [&](unsigned l) { x.set64(0, l, uint64_t(x.u(1, l)) * x.u(2, l) + x.u64(3, l)); });
    } else {
      for_lanes(x.mask, [&](unsigned l) {
        uint64_t p = static_cast<uint64_t>(int64_t(x.s(1, l)) * int64_t(x.s(2, l)));
        x.set64(0, l, p + x.u64(3, l));
      });
    }
  } else {
    for_lanes(x.mask, [&](unsigned l) { x.set(0, l, x.u(1, l) * x.u(2, l) + x.u(3, l)); });
  }
}

void imin(ExecContext& x) {
  if (is_unsigned(x))
    binary32(x, [](uint32_t a, uint32_t b) { return a < b ? a : b; });
  else
    binary32(x, [](uint32_t a, uint32_t b) { return int32_t(a) < int32_t(b) ? a : b; });
}

void imax(ExecContext& x) {
  if (is_unsigned(x))
    binary32(x, [](uint32_t a, uint32_t b) { return a > b ? a : b; });
  else
    binary32(x, [](uint32_t a, uint32_t b) { return int32_t(a) > int32_t(b) ? a : b; });
}

// Shift counts are unsigned and clamp at 32 (like SASS SHF without .W), instead of C's
// undefined behaviour or x86's modulo-32 wrap.
void shl(ExecContext& x) {
  binary32(x, [](uint32_t a, uint32_t b) { return b >= 32 ? 0u : a << b; });
}

void shr(ExecContext& x) {
  if (is_unsigned(x))
    binary32(x, [](uint32_t a, uint32_t b) { return b >= 32 ? 0u : a >> b; });
  else
    binary32(x, [](uint32_t a, uint32_t b) {
      int32_t s = static_cast<int32_t>(a);
      return static_cast<uint32_t>(b >= 32 ? (s < 0 ? -1 : 0) : s >> b);
    });
}

void and_(ExecContext& x) {
  binary32(x, [](uint32_t a, uint32_t b) { return a & b; });
}
void or_(ExecContext& x) {
  binary32(x, [](uint32_t a, uint32_t b) { return a | b; });
}
void xor_(ExecContext& x) {
  binary32(x, [](uint32_t a, uint32_t b) { return a ^ b; });
}
void not_(ExecContext& x) {
  for_lanes(x.mask, [&](unsigned l) { x.set(0, l, ~x.u(1, l)); });
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
    case CmpOp::none: break;
  }
  return false;
}

template <class T>
uint32_t compare_lanes(const ExecContext& x, CmpOp op) {
  uint32_t result = 0;
  for_lanes(x.mask, [&](unsigned l) {
    if (compare(op, static_cast<T>(x.u(1, l)), static_cast<T>(x.u(2, l)))) result |= 1u << l;
  });
  return result;
}
}  // namespace

void isetp(ExecContext& x) {
  CmpOp op = x.inst->m<CmpOp>(ModGroup::cmp);
  uint32_t r = is_unsigned(x) ? compare_lanes<uint32_t>(x, op) : compare_lanes<int32_t>(x, op);
  x.write_pred(0, r);
}

}  // namespace warpsim::isa::sem
