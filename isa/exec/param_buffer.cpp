#include "isa/exec/param_buffer.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "sim/error.h"

namespace warpsim::isa {

ParamArg ParamArg::of_f32(float v) {
  uint32_t b;
  std::memcpy(&b, &v, 4);
  return {ScalarType::f32, b, false, {}, false};
}

ParamArg ParamArg::of_f64(double v) {
  uint64_t b;
  std::memcpy(&b, &v, 8);
  return {ScalarType::f64, b, false, {}, false};
}

std::vector<uint8_t> build_param_buffer(const Kernel& kernel, const std::vector<ParamArg>& args) {
  auto signature = [&] {
    std::string s;
    for (const ParamDecl& p : kernel.params) {
      s += (s.empty() ? "" : ", ");
      s += p.array_bytes > 0 ? "struct(" + std::to_string(p.array_bytes) + " bytes) " + p.name
                             : std::string(scalar_type_name(p.type)) + " " + p.name;
    }
    return s;
  };
  if (args.size() != kernel.params.size())
    throw InputError(kernel.source_path, 0,
                     "kernel " + kernel.name + " takes " + std::to_string(kernel.params.size()) +
                         " args (" + signature() + "), got " + std::to_string(args.size()));
  std::vector<uint8_t> buf(kernel.param_bytes, 0);
  for (size_t i = 0; i < args.size(); ++i) {
    const ParamDecl& p = kernel.params[i];
    const ParamArg& a = args[i];
    const std::string which =
        "kernel " + kernel.name + " arg " + std::to_string(i + 1) + " (" + p.name + "): ";
    if (p.array_bytes > 0 || a.is_struct) {
      if (p.array_bytes == 0)
        throw InputError(kernel.source_path, 0,
                         which + "expected " + scalar_type_name(p.type) + ", got a struct");
      if (!a.is_struct)
        throw InputError(kernel.source_path, 0,
                         which + "expected a struct of " + std::to_string(p.array_bytes) +
                             " bytes ({struct: [fields]}), got " +
                             (a.address ? "a buffer address" : scalar_type_name(a.type)));
      if (a.bytes.size() > p.array_bytes)
        throw InputError(kernel.source_path, 0,
                         which + "the struct's fields take " + std::to_string(a.bytes.size()) +
                             " bytes, the parameter has " + std::to_string(p.array_bytes));
      std::copy(a.bytes.begin(), a.bytes.end(), buf.begin() + p.offset);
      continue;
    }
    // Integers of the same size are interchangeable, as the bits are: nvcc declares a C `int`
    // parameter `.u32`, and a manifest naturally writes {i32: -1} for it.
    auto is_int = [](ScalarType t) {
      return t != ScalarType::f16 && t != ScalarType::f32 && t != ScalarType::f64;
    };
    bool ok = a.address ? (p.type == ScalarType::u64 || p.type == ScalarType::i64)
                        : a.type == p.type || (is_int(a.type) && is_int(p.type) &&
                                               scalar_type_bytes(a.type) == scalar_type_bytes(p.type));
    if (!ok)
      throw InputError(kernel.source_path, 0,
                       which + "expected " + scalar_type_name(p.type) + ", got " +
                           (a.address ? "a buffer address" : scalar_type_name(a.type)));
    for (unsigned b = 0; b < scalar_type_bytes(p.type); ++b)
      buf[p.offset + b] = static_cast<uint8_t>(a.bits >> (8 * b));
  }
  return buf;
}

}  // namespace warpsim::isa
