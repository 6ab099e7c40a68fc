#include "sim/analysis/regress_suite.h"

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

double tolerance(const YAML::Node& n, const std::string& path, const std::string& key) {
  const std::string text = scalar_field(n, path, key);
  const bool percent = !text.empty() && text.back() == '%';
  const std::string number = percent ? text.substr(0, text.size() - 1) : text;
  size_t used = 0;
  double v = -1;
  try {
    v = std::stod(number, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != number.size() || !(v >= 0) || v > 1e9) {
    throw InputError(path, line_of(n), key + ": tolerance '" + text + "' is not a non-negative number or percentage");
  }
  return percent ? v / 100.0 : v;
}

std::vector<CounterSpec> counter_specs(const YAML::Node& n, const std::string& path) {
  if (!n.IsMap()) throw InputError(path, line_of(n), "counters must be a mapping LOCATION.COUNTER: tolerance");
  std::vector<CounterSpec> out;
  for (const Entry& e : map_entries(n, path)) {
    // Locations contain dots (sm[3].l1d), counter names never do: split at the last one.
    const size_t dot = e.key.rfind('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == e.key.size()) {
      throw InputError(path, e.line, "counter '" + e.key + "' must be LOCATION.COUNTER, e.g. gpu.cycles");
    }
    CounterSpec s;
    s.key = e.key;
    s.location = e.key.substr(0, dot);
    s.name = e.key.substr(dot + 1);
    s.tolerance = tolerance(e.value, path, e.key);
    s.line = e.line;
    out.push_back(std::move(s));
  }
  return out;
}

void reject_unknown(const Entry& e, const std::string& path, const std::set<std::string>& known, const std::string& where) {
  if (known.count(e.key) != 0) return;
  std::string list;
  for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
  throw InputError(path, e.line, "unknown key '" + e.key + "' in " + where + " (known: " + list + ")");
}

}  // namespace

RegressSuite load_regress_suite(const std::string& path) {
  const YAML::Node root = config::parse_yaml_file(path);
  if (!root.IsMap()) throw InputError(path, line_of(root), "a regression suite must be a mapping with 'cases'");
  const std::string dir = fs::path(path).parent_path().string();
  RegressSuite suite;
  suite.path = path;
  suite.baseline = (fs::path(path).parent_path() / (fs::path(path).stem().string() + ".baseline.json")).string();
  std::vector<CounterSpec> common = {{"gpu.cycles", "gpu", "cycles", 0.02, 0}};
  YAML::Node cases;
  for (const Entry& e : map_entries(root, path)) {
    reject_unknown(e, path, {"baseline", "counters", "cases"}, "the suite");
    if (e.key == "baseline") suite.baseline = resolve_path(dir, scalar_field(e.value, path, "baseline"));
    if (e.key == "counters") common = counter_specs(e.value, path);
    if (e.key == "cases") cases = e.value;
  }
  if (!cases || !cases.IsSequence() || cases.size() == 0) {
    throw InputError(path, cases ? line_of(cases) : 0, "'cases' must be a non-empty list");
  }
  std::set<std::string> names;
  for (const YAML::Node& c : cases) {
    if (!c.IsMap()) throw InputError(path, line_of(c), "a case must be a mapping with name, workload and config");
    RegressCase rc;
    rc.line = line_of(c);
    rc.counters = common;
    bool has_workload = false;
    for (const Entry& e : map_entries(c, path)) {
      reject_unknown(e, path, {"name", "workload", "config", "set", "counters"}, "a case");
      if (e.key == "name") rc.name = scalar_field(e.value, path, "name");
      if (e.key == "workload") {
        rc.workload_as_written = scalar_field(e.value, path, "workload");
        rc.workload = resolve_path(dir, rc.workload_as_written);
        has_workload = true;
        std::error_code ec;
        if (!fs::exists(rc.workload, ec)) throw InputError(path, e.line, "workload '" + rc.workload + "' does not exist");
      }
      if (e.key == "config") rc.configs = config_field(e.value, path, dir);
      if (e.key == "set") rc.sets = scalar_list_field(e.value, path, "set");
      if (e.key == "counters") {
        for (CounterSpec& s : counter_specs(e.value, path)) {
          bool replaced = false;
          for (CounterSpec& have : rc.counters) {
            if (have.key == s.key) {
              have = s;
              replaced = true;
            }
          }
          if (!replaced) rc.counters.push_back(s);
        }
      }
    }
    if (rc.name.empty()) throw InputError(path, rc.line, "a case needs a name");
    if (!has_workload) throw InputError(path, rc.line, "case '" + rc.name + "' needs a workload");
    if (!names.insert(rc.name).second) throw InputError(path, rc.line, "a second case named '" + rc.name + "'");
    suite.cases.push_back(std::move(rc));
  }
  return suite;
}

}  // namespace warpsim::analysis
