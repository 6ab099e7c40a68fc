#include "isa/ptx/chip.h"

#include <cstdint>
#include <exception>

#include "isa/assembler.h"

namespace warpsim::isa::ptx {

const OpcodeInfo* chip_opcode(const std::string& opcode) {
  size_t end = opcode.size();
  for (;;) {
    int oc = find_opcode(opcode.substr(0, end));
    if (oc >= 0) return &opcode_info(static_cast<uint16_t>(oc));
    size_t dot = opcode.rfind('.', end == 0 ? 0 : end - 1);
    if (dot == std::string::npos || dot == 0) return nullptr;
    end = dot;
  }
}

bool chip_accepts(const char* mnemonic, const char* value) {
  const OpcodeInfo* info = chip_opcode(mnemonic);
  if (!info) return false;
  if (!value) return true;
  for (unsigned g = 0; g < kNumModGroups; ++g) {
    uint8_t v = find_mod_value(static_cast<ModGroup>(g), value);
    if (v && (info->mods[g].allowed >> v & 1u)) return true;
  }
  return false;
}

ImmFit chip_imm_fit(const OpcodeInfo& info, size_t i, uint64_t value, unsigned words) {
  if (i >= info.num_ops || info.ops[i].role != OperandRole::src_reg_or_imm) return ImmFit::none;
  if (info.imm_kind != ImmKind::integer && info.imm_kind != ImmKind::f32 &&
      info.imm_kind != ImmKind::bits)
    return ImmFit::none;  // fp64 and 64-bit immediates have their own encodings
  int64_t sv = static_cast<int64_t>(value);
  bool fits = words >= 2 ? (sv >= INT32_MIN && sv <= INT32_MAX) : (value >> 32) == 0;
  if (!fits) return ImmFit::none;
  int64_t small = words >= 2 ? sv : static_cast<int64_t>(static_cast<int32_t>(value & 0xFFFFFFFFu));
  if (info.imm_kind == ImmKind::integer && small >= -128 && small <= 127 && chip_short_immediates())
    return ImmFit::small;
  return ImmFit::full;
}

bool chip_short_immediates() {
  static const bool kShort = [] {
    try {
      assemble(".kernel probe\n  SHFL.BFLY R1, PT, R2, 16, 31\n  EXIT\n", "probe");
      return true;
    } catch (const std::exception&) {
      return false;
    }
  }();
  return kShort;
}

}  // namespace warpsim::isa::ptx
