#include "sim/analysis/sweep_spec.h"

#include <filesystem>
#include <set>

#include "sim/analysis/suite_fields.h"
#include "sim/config/yaml_file.h"
#include "sim/error.h"

namespace warpsim::analysis {

namespace {

namespace fs = std::filesystem;
using config::Entry;
using config::line_of;
using config::map_entries;

}  // namespace

std::string SweepPoint::label() const {
  std::string out;
  for (const auto& [k, v] : values) out += (out.empty() ? "" : ",") + k + "=" + v;
  return out.empty() ? "base" : out;
}

SweepSpec load_sweep(const std::string& path) {
  const YAML::Node root = config::parse_yaml_file(path);
  if (!root.IsMap()) throw InputError(path, line_of(root), "a sweep must be a mapping with parameters and workloads");
  const std::string dir = fs::path(path).parent_path().string();
  SweepSpec s;
  s.path = path;
  s.name = fs::path(path).stem().string();
  std::string mode = "cartesian";
  int mode_line = 0, params_line = 0;
  std::vector<std::pair<std::string, std::vector<std::string>>> params;
  const std::set<std::string> known = {"name", "config", "set", "mode", "parameters", "workloads"};
  for (const Entry& e : map_entries(root, path)) {
    if (known.count(e.key) == 0) {
      throw InputError(path, e.line, "unknown key '" + e.key + "' (known: config, mode, name, parameters, set, workloads)");
    }
    if (e.key == "name") s.name = scalar_field(e.value, path, "name");
    if (e.key == "config") s.configs = config_field(e.value, path, dir);
    if (e.key == "set") s.sets = scalar_list_field(e.value, path, "set");
    if (e.key == "mode") {
      mode = scalar_field(e.value, path, "mode");
      mode_line = e.line;
    }
    if (e.key == "workloads") {
      for (const std::string& w : scalar_list_field(e.value, path, "workloads")) {
        s.workloads.push_back(resolve_path(dir, w));
        std::error_code ec;
        if (!fs::exists(s.workloads.back(), ec)) {
          throw InputError(path, e.line, "workload '" + s.workloads.back() + "' does not exist");
        }
      }
    }
    if (e.key == "parameters") {
      params_line = e.line;
      if (!e.value.IsMap()) throw InputError(path, e.line, "parameters must be a mapping KEY: [values]");
      for (const Entry& p : map_entries(e.value, path)) {
        std::vector<std::string> values = scalar_list_field(p.value, path, p.key);
        if (values.empty()) throw InputError(path, p.line, p.key + ": needs at least one value");
        params.emplace_back(p.key, std::move(values));
      }
    }
  }
  if (s.name.empty() || s.name.find(':') != std::string::npos) {
    throw InputError(path, 0, "name must be non-empty and without ':'");
  }
  if (s.workloads.empty()) throw InputError(path, 0, "a sweep needs 'workloads' (a list of workloads)");
  if (mode != "cartesian" && mode != "zip") {
    throw InputError(path, mode_line, "mode must be cartesian or zip, not '" + mode + "'");
  }
  if (mode == "zip") {
    const size_t n = params.empty() ? 1 : params.front().second.size();
    for (const auto& [k, v] : params) {
      if (v.size() != n) {
        throw InputError(path, params_line, "mode zip: every list needs the same length (" + params.front().first +
                                                " has " + std::to_string(n) + ", " + k + " has " + std::to_string(v.size()) + ")");
      }
    }
    for (size_t i = 0; i < n; ++i) {
      SweepPoint p;
      for (const auto& [k, v] : params) p.values.emplace_back(k, v[i]);
      s.points.push_back(std::move(p));
    }
  } else {
    // Every combination, the last parameter varying fastest.
    s.points.push_back({});
    for (const auto& [k, v] : params) {
      std::vector<SweepPoint> grown;
      for (const SweepPoint& base : s.points) {
        for (const std::string& value : v) {
          SweepPoint p = base;
          p.values.emplace_back(k, value);
          grown.push_back(std::move(p));
        }
      }
      s.points = std::move(grown);
    }
  }
  return s;
}

}  // namespace warpsim::analysis
