// libFuzzer target for the two program front-ends: the input is a PTX module when it starts with
// '.' or '/' (nvcc output starts with `//` comments or `.version`), else chip assembly. Either
// must translate or assemble, or end with InputError naming file and line: never a crash, a
// sanitizer report, unbounded memory or a hang. A translated program is also written as a binary
// and read back, and disassembled.
#include <cstdint>
#include <string_view>

#include "isa/assembler.h"
#include "isa/binary_format.h"
#include "isa/disassembler.h"
#include "isa/ptx/ptx_frontend.h"
#include "sim/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace warpsim;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const bool ptx = !text.empty() && (text[0] == '.' || text[0] == '/');
    const isa::Program p = ptx ? isa::translate_ptx(text, "fuzz.ptx") : isa::assemble(text, "fuzz.s");
    const isa::Program back = isa::read_binary(isa::write_binary(p), "fuzz.bin");
    (void)isa::disassemble(back);
  } catch (const InputError&) {
  }
  return 0;
}
