#include "isa/program.h"

namespace warpsim::isa {

int Kernel::line_of(uint32_t pc) const {
  uint32_t i = pc / kInstBytes;
  return i < lines.size() ? lines[i] : 0;
}

const ParamDecl* Kernel::find_param(const std::string& param_name) const {
  for (const ParamDecl& p : params)
    if (p.name == param_name) return &p;
  return nullptr;
}

const Kernel* Program::find(const std::string& kernel_name) const {
  for (const Kernel& k : kernels)
    if (k.name == kernel_name) return &k;
  return nullptr;
}

void add_param(Kernel& k, const std::string& name, ScalarType type) {
  uint32_t size = scalar_type_bytes(type);
  uint32_t offset = (k.param_bytes + size - 1) / size * size;
  k.params.push_back(ParamDecl{name, type, offset, 0, size});
  k.param_bytes = offset + size;
}

void add_array_param(Kernel& k, const std::string& name, uint32_t bytes, uint32_t align) {
  uint32_t offset = (k.param_bytes + align - 1) / align * align;
  k.params.push_back(ParamDecl{name, ScalarType::u8, offset, bytes, align});
  k.param_bytes = offset + bytes;
}

}  // namespace warpsim::isa
