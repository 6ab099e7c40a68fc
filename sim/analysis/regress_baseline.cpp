#include "sim/analysis/regress_baseline.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "sim/config/yaml_file.h"
#include "sim/error.h"
#include "sim/util/json.h"

namespace warpsim::analysis {

namespace {

using config::line_of;

// The baseline is JSON, which YAML reads as flow mappings: yaml-cpp gives every error a line.
YAML::Node need(const YAML::Node& map, const char* key, const std::string& path) {
  if (!map.IsMap()) throw InputError(path, line_of(map), "expected an object");
  YAML::Node value = map[key];
  if (!value) throw InputError(path, line_of(map), std::string("missing \"") + key + "\"");
  return value;
}

template <typename T>
T as(const YAML::Node& n, const std::string& path, const char* what) {
  try {
    return n.as<T>();
  } catch (const YAML::Exception&) {
    throw InputError(path, line_of(n), std::string("\"") + what + "\" has the wrong type");
  }
}

}  // namespace

Baseline read_baseline(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw InputError(path, 0, "no baseline (write one with: warpsim regress SUITE --update-baseline)");
  }
  const YAML::Node root = config::parse_yaml_file(path);
  Baseline b;
  b.sim_version = as<std::string>(need(root, "sim_version", path), path, "sim_version");
  const YAML::Node cases = need(root, "cases", path);
  if (!cases.IsMap()) throw InputError(path, line_of(cases), "\"cases\" must be an object");
  for (const auto& kv : cases) {
    const std::string name = as<std::string>(kv.first, path, "case name");
    BaselineCase c;
    c.workload = as<std::string>(need(kv.second, "workload", path), path, "workload");
    c.config_hash = as<std::string>(need(kv.second, "config_hash", path), path, "config_hash");
    const YAML::Node kernels = need(kv.second, "kernels", path);
    if (!kernels.IsSequence()) throw InputError(path, line_of(kernels), "\"kernels\" must be a list");
    for (const YAML::Node& k : kernels) {
      BaselineKernel bk;
      bk.seq = as<int64_t>(need(k, "seq", path), path, "seq");
      bk.name = as<std::string>(need(k, "name", path), path, "name");
      bk.warp_insts = as<uint64_t>(need(k, "warp_insts", path), path, "warp_insts");
      bk.thread_insts = as<uint64_t>(need(k, "thread_insts", path), path, "thread_insts");
      const YAML::Node counters = need(k, "counters", path);
      if (!counters.IsMap()) throw InputError(path, line_of(counters), "\"counters\" must be an object");
      for (const auto& cv : counters) {
        bk.counters[as<std::string>(cv.first, path, "counter")] = as<double>(cv.second, path, "counter value");
      }
      c.kernels.push_back(std::move(bk));
    }
    b.cases[name] = std::move(c);
  }
  return b;
}

void write_baseline(const std::string& path, const Baseline& b) {
  using json::number;
  using json::quote;
  std::string out = "{\n  \"sim_version\": " + quote(b.sim_version) + ",\n  \"cases\": {";
  size_t ci = 0;
  for (const auto& [name, c] : b.cases) {
    out += std::string(ci++ ? "," : "") + "\n    " + quote(name) + ": {\n      \"workload\": " + quote(c.workload) +
           ",\n      \"config_hash\": " + quote(c.config_hash) + ",\n      \"kernels\": [";
    for (size_t ki = 0; ki < c.kernels.size(); ++ki) {
      const BaselineKernel& k = c.kernels[ki];
      out += std::string(ki ? "," : "") + "\n        {\"seq\": " + std::to_string(k.seq) + ", \"name\": " +
             quote(k.name) + ", \"warp_insts\": " + std::to_string(k.warp_insts) +
             ", \"thread_insts\": " + std::to_string(k.thread_insts) + ",\n         \"counters\": {";
      size_t vi = 0;
      for (const auto& [key, v] : k.counters) {
        out += std::string(vi++ ? "," : "") + "\n           " + quote(key) + ": " + number(v);
      }
      out += "}}";
    }
    out += "]}";
  }
  out += "\n  }\n}\n";
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << out;
    if (!f.flush()) throw InputError(path, 0, "cannot write the baseline");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw InputError(path, 0, "cannot write the baseline: " + ec.message());
}

}  // namespace warpsim::analysis
