// A GPU built from the `tiny` preset (plus `--set`-style overrides) for timing tests that run
// scripted kernels on it and read its counters.
#pragma once

#include <string>
#include <vector>

#include "models/gpu.h"
#include "sim/config/config.h"
#include "sim/engine/engine.h"
#include "sim/stats/counter_registry.h"

namespace warpsim::testing {

struct Rig {
  explicit Rig(std::vector<std::string> sets = {})
      : cfg(Config::load({"tiny"}, sets, default_presets_dir())), gpu(cfg, engine, counters) {}
  Gpu::KernelResult run(KernelSource& k) { return gpu.run_kernel(k, ~uint64_t(0) - 1); }
  uint64_t value(const std::string& loc, const std::string& name) const {
    return counters.value(loc, name).value_or(0);
  }
  Config cfg;
  Engine engine;
  stats::CounterRegistry counters;
  Gpu gpu;
};

// Cycles between consecutive entries.
inline std::vector<uint64_t> gaps(const std::vector<uint64_t>& cycles) {
  std::vector<uint64_t> out;
  for (size_t i = 1; i < cycles.size(); ++i) out.push_back(cycles[i] - cycles[i - 1]);
  return out;
}

}  // namespace warpsim::testing
