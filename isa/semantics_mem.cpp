// Loads, stores, atomics and address-space conversions. Accesses must be naturally aligned and
// inside their space; the hardware raises a misaligned/out-of-range address error for such
// accesses, and here they are reported as bad input at the instruction's source line.
//
// Addresses reported to the timing model (WarpInst::addr): global and constant accesses their
// device address (the constant bank lives at kConstBase); shared accesses the CTA's shared
// offset; local accesses kLocalWindow + global thread index * local_bytes + offset, so that
// different threads' local data never alias. A generic (.E) access reports the space its lanes
// resolve to; when lanes resolve to different spaces it reports global with the lanes' generic
// addresses.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <sstream>
#include <type_traits>

#include "isa/address_space.h"
#include "isa/opcode_table.h"
#include "isa/program.h"
#include "isa/semantics.h"
#include "isa/semantics_float.h"
#include "sim/error.h"

namespace warpsim::isa {

void ExecContext::fault(unsigned lane, const char* access, uint64_t address, unsigned bytes,
                        const char* why) const {
  std::ostringstream os;
  os << "kernel " << kernel->name << ", pc 0x" << std::hex << pc << std::dec << ", lane " << lane
     << ": " << access << " of " << bytes << " bytes at 0x" << std::hex << address << std::dec
     << " " << why;
  throw InputError(kernel->source_path, kernel->line_of(pc), os.str());
}

namespace sem {

namespace {

enum class Access : uint8_t { load, store, atomic };

const char* access_name(MemSpace s, Access a) {
  static const char* const kNames[][3] = {
      {"access", "access", "access"},
      {"global load", "global store", "global atomic"},
      {"shared load", "shared store", "shared atomic"},
      {"local load", "local store", "local atomic"},
      {"constant load", "constant store", "constant atomic"},
      {"param load", "param store", "param atomic"}};
  return kNames[static_cast<unsigned>(s)][static_cast<unsigned>(a)];
}

// One instruction's memory accesses: resolves each lane's address to a host pointer (or a
// fault) and records what the timing model sees.
class Accessor {
 public:
  Accessor(ExecContext& x, unsigned addr_op, Access kind)
      : x_(x),
        in_(*x.inst),
        space_(in_.m<SpaceMod>(ModGroup::space)),
        bytes_(access_bytes(in_)),
        addr_op_(addr_op),
        kind_(kind) {}

  uint8_t* locate(unsigned l) {
    const uint64_t offset = static_cast<uint64_t>(int64_t(int32_t(in_.imm)));
    MemSpace s = MemSpace::global;
    uint64_t a = 0;  // device address (global, constant) or offset in the space
    switch (space_) {
      case SpaceMod::g: a = x_.u64(addr_op_, l) + offset; break;
      case SpaceMod::e: {
        uint64_t g = x_.u64(addr_op_, l) + offset;
        generic_[l] = g;
        if (in_window(g, kSharedWindow)) {
          s = MemSpace::shared;
          a = g - kSharedWindow;
        } else if (in_window(g, kLocalWindow)) {
          s = MemSpace::local;
          a = g - kLocalWindow;
        } else if (in_window(g, kConstBase)) {
          s = MemSpace::constant;
          a = g;
        } else {
          a = g;
        }
        break;
      }
      case SpaceMod::s:
        s = MemSpace::shared;
        a = uint32_t(x_.u(addr_op_, l) + in_.imm);
        break;
      case SpaceMod::l:
        s = MemSpace::local;
        a = uint32_t(x_.u(addr_op_, l) + in_.imm);
        break;
      case SpaceMod::c:
        s = MemSpace::constant;
        a = kConstBase + uint32_t(x_.u(addr_op_, l) + in_.imm);
        break;
      case SpaceMod::p:
        s = MemSpace::param;
        a = in_.imm;
        break;
      case SpaceMod::none: break;
    }
    if (first_) {
      space_seen_ = s;
      first_ = false;
    } else if (s != space_seen_) {
      mixed_ = true;
    }
    uint8_t* p = nullptr;
    const char* why = "is outside the space's bounds";
    uint64_t report = a;
    if (a % bytes_ != 0) {
      x_.fault(l, access_name(s, kind_), a, bytes_, "is misaligned");
    }
    switch (s) {
      case MemSpace::global:
        p = x_.global->translate(a, bytes_);
        why = "is outside every allocation";
        break;
      case MemSpace::constant:
        if (kind_ != Access::load) x_.fault(l, access_name(s, kind_), a, bytes_, "is read-only");
        p = x_.global->translate(a, bytes_);
        why = "is outside every constant-bank variable";
        break;
      case MemSpace::shared:
        if (a + bytes_ <= x_.shared_bytes) p = x_.shared + a;
        break;
      case MemSpace::local:
        if (a + bytes_ <= x_.local_bytes) p = x_.local + size_t(l) * x_.local_bytes + a;
        report = x_.local_timing_base + uint64_t(l) * x_.local_bytes + a;
        break;
      case MemSpace::param:
        if (a + bytes_ <= x_.param_bytes) p = const_cast<uint8_t*>(x_.param) + a;
        break;
      default: break;
    }
    if (!p) x_.fault(l, access_name(s, kind_), a, bytes_, why);
    x_.out->addr[l] = report;
    return p;
  }

  // After all lanes: the space the timing model sees.
  void finish() {
    if (first_) return;
    if (!mixed_) {
      x_.out->space = space_seen_;
      return;
    }
    x_.out->space = MemSpace::global;
    for_lanes(x_.mask, [&](unsigned l) { x_.out->addr[l] = generic_[l]; });
  }

  unsigned bytes() const { return bytes_; }

 private:
  ExecContext& x_;
  const Inst& in_;
  SpaceMod space_;
  unsigned bytes_, addr_op_;
  Access kind_;
  bool first_ = true, mixed_ = false;
  MemSpace space_seen_ = MemSpace::none;
  uint64_t generic_[kWarpSize];
};

}  // namespace

void ld(ExecContext& x) {
  Accessor acc(x, 1, Access::load);
  WidthMod w = x.inst->m<WidthMod>(ModGroup::width);
  for_lanes(x.mask, [&](unsigned l) {
    const uint8_t* p = acc.locate(l);
    switch (w) {
      case WidthMod::u8: x.set(0, l, p[0]); break;
      case WidthMod::s8: x.set(0, l, static_cast<uint32_t>(int32_t(int8_t(p[0])))); break;
      case WidthMod::u16: {
        uint16_t v;
        std::memcpy(&v, p, 2);
        x.set(0, l, v);
        break;
      }
      case WidthMod::s16: {
        int16_t v;
        std::memcpy(&v, p, 2);
        x.set(0, l, static_cast<uint32_t>(int32_t(v)));
        break;
      }
      default:
        for (unsigned r = 0; r < acc.bytes() / 4; ++r) std::memcpy(&x.row[0][r][l], p + 4 * r, 4);
        break;
    }
  });
  acc.finish();
}

void st(ExecContext& x) {
  Accessor acc(x, 0, Access::store);
  for_lanes(x.mask, [&](unsigned l) {
    uint8_t* p = acc.locate(l);
    if (acc.bytes() < 4) {
      uint32_t v = x.u(1, l);
      std::memcpy(p, &v, acc.bytes());  // little-endian: the low bytes
    } else {
      for (unsigned r = 0; r < acc.bytes() / 4; ++r) std::memcpy(p + 4 * r, &x.row[1][r][l], 4);
    }
  });
  acc.finish();
}

// LDGSTS: the copy happens at issue (execute-at-issue, as every instruction here); what is
// asynchronous is when the timing model lets the warp see it (DEPBAR.LE). A program that reads
// the shared data before waiting races on the hardware and is not modelled.
void ldgsts(ExecContext& x) {
  Accessor acc(x, 1, Access::load);
  const unsigned bytes = acc.bytes();
  const bool zfill = opcode_info(x.inst->opcode).num_ops > 2;  // LDGSTS.ZFILL: a source size
  for_lanes(x.mask, [&](unsigned l) {
    const uint8_t* src = acc.locate(l);
    const uint32_t dst = x.u(0, l);
    if (dst % bytes != 0) x.fault(l, "shared store (async copy)", dst, bytes, "is misaligned");
    if (uint64_t(dst) + bytes > x.shared_bytes) {
      x.fault(l, "shared store (async copy)", dst, bytes, "is outside the space's bounds");
    }
    const unsigned copied = zfill ? std::min<uint32_t>(x.u(2, l), bytes) : bytes;
    std::memcpy(x.shared + dst, src, copied);
    std::memset(x.shared + dst + copied, 0, bytes - copied);
  });
  acc.finish();
}

namespace {

// The new memory value of an atomic operation on `old` (raw bits of the type).
template <class U>
U atomic_result(SubOp op, DataType t, U old, U b, U c) {
  using S = std::make_signed_t<U>;
  switch (op) {
    case SubOp::add:
      if (t == DataType::f32) {
        // PTX atom.add.f32: round to nearest even, subnormal inputs and results flushed.
        float r = fp::flush(fp::flush(fp::as_f32(uint32_t(old))) + fp::flush(fp::as_f32(uint32_t(b))));
        return static_cast<U>(fp::bits_of(r));
      }
      if (t == DataType::f64)
        return static_cast<U>(fp::bits_of(fp::as_f64(uint64_t(old)) + fp::as_f64(uint64_t(b))));
      return old + b;
    case SubOp::min:
      return is_signed_int(t) ? (S(b) < S(old) ? b : old) : (b < old ? b : old);
    case SubOp::max:
      return is_signed_int(t) ? (S(b) > S(old) ? b : old) : (b > old ? b : old);
    case SubOp::and_: return old & b;
    case SubOp::or_: return old | b;
    case SubOp::xor_: return old ^ b;
    case SubOp::exch: return b;
    case SubOp::cas: return old == b ? c : old;
    case SubOp::inc: return old >= b ? 0 : old + 1;
    case SubOp::dec: return (old == 0 || old > b) ? b : old - 1;
    default: break;
  }
  return old;
}

// ATOM (result in operand 0, address operand 1, sources 2 and 3) or RED (address 0, source 1).
// Lanes are applied one after the other in lane order, so lanes of one warp that hit the same
// address see each other's updates (a warp-wide atomicAdd to one counter is exact).
template <bool kResult>
void atomic(ExecContext& x) {
  const unsigned addr_op = kResult ? 1 : 0, b_op = addr_op + 1, c_op = addr_op + 2;
  Accessor acc(x, addr_op, Access::atomic);
  SubOp op = x.inst->m<SubOp>(ModGroup::op);
  DataType t = x.inst->m<DataType>(ModGroup::type);
  for_lanes(x.mask, [&](unsigned l) {
    uint8_t* p = acc.locate(l);
    if (t == DataType::f16 || t == DataType::f16x2) {  // ADD (PTX atom.add.noftz.f16[x2])
      uint16_t old[2] = {0, 0}, b[2] = {static_cast<uint16_t>(x.u(b_op, l)),
                                        static_cast<uint16_t>(x.u(b_op, l) >> 16)};
      unsigned n = acc.bytes() / 2;
      std::memcpy(old, p, acc.bytes());
      uint16_t v[2] = {fp::half_add(old[0], b[0], RndMod::rn), fp::half_add(old[1], b[1], RndMod::rn)};
      std::memcpy(p, v, acc.bytes());
      if (kResult) x.set(0, l, old[0] | (n == 2 ? uint32_t(old[1]) << 16 : 0));
    } else if (acc.bytes() == 8) {
      uint64_t old;
      std::memcpy(&old, p, 8);
      uint64_t c = kResult ? x.u64(c_op, l) : 0;
      uint64_t v = atomic_result<uint64_t>(op, t, old, x.u64(b_op, l), c);
      std::memcpy(p, &v, 8);
      if (kResult) x.set64(0, l, old);
    } else {
      uint32_t old;
      std::memcpy(&old, p, 4);
      uint32_t c = kResult ? x.u(c_op, l) : 0;
      uint32_t v = atomic_result<uint32_t>(op, t, old, x.u(b_op, l), c);
      std::memcpy(p, &v, 4);
      if (kResult) x.set(0, l, old);
    }
  });
  acc.finish();
}

uint64_t window_base(SpaceMod s) {
  switch (s) {
    case SpaceMod::s: return kSharedWindow;
    case SpaceMod::l: return kLocalWindow;
    case SpaceMod::c: return kConstBase;
    default: return 0;  // global addresses are generic addresses
  }
}

template <bool kToGeneric>
void convert_address(ExecContext& x) {
  uint64_t base = window_base(x.inst->m<SpaceMod>(ModGroup::space));
  if (is_64bit(x.inst->m<DataType>(ModGroup::type)))
    for_lanes(x.mask, [&](unsigned l) {
      x.set64(0, l, kToGeneric ? x.u64(1, l) + base : x.u64(1, l) - base);
    });
  else
    for_lanes(x.mask, [&](unsigned l) {
      x.set(0, l, static_cast<uint32_t>(kToGeneric ? x.u(1, l) + base : x.u(1, l) - base));
    });
}

}  // namespace

void atom(ExecContext& x) { atomic<true>(x); }
void red(ExecContext& x) { atomic<false>(x); }
void cvta(ExecContext& x) { convert_address<true>(x); }
void cvta_to(ExecContext& x) { convert_address<false>(x); }

}  // namespace sem
}  // namespace warpsim::isa
