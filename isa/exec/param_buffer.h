// Builds a kernel's param buffer (its argument block) from typed values given by position,
// as a launch (manifest `args`) lists them.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "isa/modifiers.h"
#include "isa/program.h"

namespace warpsim::isa {

struct ParamArg {
  ScalarType type = ScalarType::u32;
  uint64_t bits = 0;     // the value's little-endian bytes, low `size` bytes used
  bool address = false;  // a buffer's device address: fits a u64 or i64 param
  // A struct's bytes: fits a byte-array param at least as large (the rest stays zero).
  std::vector<uint8_t> bytes;
  bool is_struct = false;

  static ParamArg of_int(ScalarType t, int64_t v) { return {t, static_cast<uint64_t>(v), false, {}, false}; }
  static ParamArg of_f32(float v);
  static ParamArg of_f64(double v);
  // f16 from its 16-bit pattern.
  static ParamArg of_f16_bits(uint16_t bits) { return {ScalarType::f16, bits, false, {}, false}; }
  static ParamArg of_address(uint64_t device_address) {
    return {ScalarType::u64, device_address, true, {}, false};
  }
  static ParamArg of_struct(std::vector<uint8_t> struct_bytes) {
    return {ScalarType::u8, 0, false, std::move(struct_bytes), true};
  }
};

// InputError (kernel's source path) when the count or a type does not match the declaration.
std::vector<uint8_t> build_param_buffer(const Kernel& kernel, const std::vector<ParamArg>& args);

}  // namespace warpsim::isa
