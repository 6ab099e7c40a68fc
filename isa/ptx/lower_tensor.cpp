// Tensor cores: mma.sync m16n8k16 (f16 inputs, f32 accumulators) and wmma m16n16k16.
#include "isa/ptx/lowerer.h"

namespace warpsim::isa::ptx {

bool Lowerer::lower_tensor() {
  const std::string& op = in().op;
  if (op == "mma" || op == "wmma") unsupported("not yet");
  return false;
}

}  // namespace warpsim::isa::ptx
