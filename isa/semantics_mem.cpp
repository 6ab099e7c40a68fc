// Loads and stores. Accesses must be naturally aligned and inside the space's bounds; the
// hardware raises a misaligned/out-of-range address error for such accesses, and here they
// are reported as bad input at the instruction's source line.
#include <cstdint>
#include <cstring>
#include <sstream>

#include "isa/opcode_table.h"
#include "isa/program.h"
#include "isa/semantics.h"
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

struct Access {
  MemSpace space;
  unsigned bytes;
  unsigned addr_op;  // operand index of [addr]
};

// Host pointer for one lane's access, or a fault.
inline uint8_t* locate(ExecContext& x, const Access& a, unsigned l, bool store) {
  const Inst& in = *x.inst;
  const char* what = nullptr;
  uint64_t address = 0;
  uint8_t* p = nullptr;
  switch (a.space) {
    case MemSpace::global: {
      address = x.u64(a.addr_op, l) + static_cast<uint64_t>(int64_t(int32_t(in.imm)));
      what = store ? "global store" : "global load";
      if (address % a.bytes == 0) p = x.global->translate(address, a.bytes);
      break;
    }
    case MemSpace::shared: {
      address = uint32_t(x.u(a.addr_op, l) + in.imm);
      what = store ? "shared store" : "shared load";
      if (address % a.bytes == 0 && address + a.bytes <= x.shared_bytes) p = x.shared + address;
      break;
    }
    case MemSpace::param: {
      address = in.imm;
      what = "param load";
      if (address % a.bytes == 0 && address + a.bytes <= x.param_bytes)
        p = const_cast<uint8_t*>(x.param) + address;
      break;
    }
    default: x.fault(l, "access", 0, a.bytes, "uses an unsupported memory space");
  }
  x.addr[l] = address;
  if (!p) {
    if (address % a.bytes != 0) x.fault(l, what, address, a.bytes, "is misaligned");
    x.fault(l, what, address, a.bytes,
            a.space == MemSpace::global ? "is outside every allocation"
                                        : "is outside the space's bounds");
  }
  return p;
}

}  // namespace

void ld(ExecContext& x) {
  const Inst& in = *x.inst;
  Access a{mem_space(in), access_bytes(in), 1};
  WidthMod w = in.m<WidthMod>(ModGroup::width);
  for_lanes(x.mask, [&](unsigned l) {
    const uint8_t* p = locate(x, a, l, false);
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
        for (unsigned r = 0; r < a.bytes / 4; ++r) std::memcpy(&x.row[0][r][l], p + 4 * r, 4);
        break;
    }
  });
}

void st(ExecContext& x) {
  const Inst& in = *x.inst;
  Access a{mem_space(in), access_bytes(in), 0};
  for_lanes(x.mask, [&](unsigned l) {
    uint8_t* p = locate(x, a, l, true);
    if (a.bytes < 4) {
      uint32_t v = x.u(1, l);
      std::memcpy(p, &v, a.bytes);  // little-endian: the low bytes
    } else {
      for (unsigned r = 0; r < a.bytes / 4; ++r) std::memcpy(p + 4 * r, &x.row[1][r][l], 4);
    }
  });
}

}  // namespace sem
}  // namespace warpsim::isa
