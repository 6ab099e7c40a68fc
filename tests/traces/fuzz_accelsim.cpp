// libFuzzer target: the input is one kernel trace file (.traceg text, or .xz data). Opening it
// and replaying every CTA must end normally or with InputError: never a crash, a sanitizer report,
// unbounded memory or a hang.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "sim/error.h"
#include "traces/accelsim/accelsim_trace.h"
#include "traces/common/replay.h"

namespace {

std::string scratch_path() {
  return "/tmp/fuzz_accelsim_" + std::to_string(::getpid()) + ".traceg";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = scratch_path();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  using namespace warpsim;
  for (traces::UnknownOpcode policy : {traces::UnknownOpcode::error, traces::UnknownOpcode::alu}) {
    try {
      traces::AccelSimOptions options;
      options.unknown_opcode = policy;
      auto kernel = traces::AccelSimKernel::open(path, options);
      // Headers may declare huge grids; replay a bounded number of CTAs (absent ones are cheap,
      // but a loop over 2^63 of them is not).
      traces::ReplayOptions ro;
      ro.resident_ctas = 3;
      ro.max_ctas = 4096;
      traces::replay_kernel(*kernel, ro);
    } catch (const InputError&) {
    }
  }
  return 0;
}
