// libFuzzer target for every YAML input a user writes: workload manifests, config files (a preset
// inheriting from v100), regression suites and sweep files. The first byte picks the reader, the
// rest is the file. Each must load or end with InputError naming file and line: never a crash, a
// sanitizer report, unbounded memory or a hang.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <systemc>  // declares sc_main with the linkage the library expects

#include "sim/analysis/regress_suite.h"
#include "sim/analysis/sweep_spec.h"
#include "sim/config/config.h"
#include "sim/driver/manifest.h"
#include "sim/error.h"

namespace {

// One scratch folder per fuzzing process (files are relative to it, as users' files are).
const std::filesystem::path& scratch() {
  static const std::filesystem::path dir = [] {
    std::filesystem::path d = std::filesystem::temp_directory_path() / ("warpsim-fuzz-yaml-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

}  // namespace

// The config library links the SystemC library, which expects an sc_main; libFuzzer's main runs
// instead, so this one is never called.
int sc_main(int, char*[]) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace warpsim;
  if (size == 0) return 0;
  const std::filesystem::path file = scratch() / "input.yaml";
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data + 1), std::streamsize(size - 1));
  }
  try {
    switch (data[0] % 4) {
      case 0:
        (void)workload::load_manifest(file.string());
        break;
      case 1:
        (void)Config::load({file.string()}, {}, WARPSIM_SOURCE_DIR "/models/presets");
        break;
      case 2:
        (void)analysis::load_regress_suite(file.string());
        break;
      default:
        (void)analysis::load_sweep(file.string());
        break;
    }
  } catch (const InputError&) {
  }
  return 0;
}
