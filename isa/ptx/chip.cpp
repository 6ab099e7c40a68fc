#include "isa/ptx/chip.h"

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
