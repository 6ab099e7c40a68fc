// libFuzzer target for the native trace reader (built with -DWARPSIM_FUZZ=ON, clang). The input
// is written to a file and opened; every kernel's CTAs are replayed to the end (bounded).
// Anything but InputError (or success) is a bug: a crash, a sanitizer report, another exception.
// Checksums are not verified in this build (FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION), so
// mutations reach the parsers; seed the corpus with small traces (native_trace_test writes
// some under the gtest temp folder).
//   fuzz_native -max_len=65536 CORPUS_DIR
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>

#include "sim/error.h"
#include "traces/native/native_trace.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/fuzz_native_" + std::to_string(::getpid()) + ".wtr";
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  try {
    warpsim::traces::NativeTrace t = warpsim::traces::NativeTrace::open(path);
    uint64_t budget = 1u << 16;  // instructions, so that a huge claimed grid stays cheap
    for (size_t k = 0; k < t.num_kernels() && budget; ++k) {
      auto src = t.kernel(k);
      const uint64_t ctas = std::min<uint64_t>(src->grid().count(), 64);
      for (uint64_t c = 0; c < ctas && budget; ++c) {
        std::unique_ptr<warpsim::WarpStream> s;
        try {
          s = src->open_cta(c, 0);
        } catch (const warpsim::InputError&) {
          continue;  // not recorded, or a corrupt directory: try the next
        }
        for (unsigned w = 0; w < s->num_warps() && budget; ++w)
          while (budget && s->peek(w)) {
            --budget;
            s->issue(w, 0);
          }
      }
    }
    (void)warpsim::traces::describe(t);
  } catch (const warpsim::InputError&) {
  }
  return 0;
}
