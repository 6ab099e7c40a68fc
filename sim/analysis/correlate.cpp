#include "sim/analysis/correlate.h"

#include <boost/tokenizer.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>

#include "sim/analysis/run_db.h"
#include "sim/config/yaml_file.h"
#include "sim/error.h"

namespace warpsim::analysis {

namespace {

enum class Kind { value, cycles, duration };

struct MetricMap {
  std::string location, name;  // the counter
  Kind kind = Kind::value;
  double scale = 1;            // hardware value x scale = counter units (value kind)
  double unit_seconds = 1e-9;  // duration kind, when the CSV gives no unit
};

std::map<std::string, MetricMap> builtin_metrics() {
  return {
      {"gpc__cycles_elapsed.max", {"gpu", "cycles", Kind::cycles, 1, 1e-9}},
      {"sm__cycles_elapsed.max", {"gpu", "cycles", Kind::cycles, 1, 1e-9}},
      {"gpu__time_duration.sum", {"gpu", "cycles", Kind::duration, 1, 1e-9}},
      {"smsp__inst_executed.sum", {"gpu", "warp_insts", Kind::value, 1, 1e-9}},
      {"sm__inst_executed.sum", {"gpu", "warp_insts", Kind::value, 1, 1e-9}},
      {"smsp__thread_inst_executed.sum", {"gpu", "thread_insts", Kind::value, 1, 1e-9}},
      {"l1tex__t_sector_hit_rate.pct", {"l1d", "hit_rate", Kind::value, 0.01, 1e-9}},
      {"lts__t_sector_hit_rate.pct", {"l2", "hit_rate", Kind::value, 0.01, 1e-9}},
      {"dram__bytes.sum", {"dram", "bytes", Kind::value, 1, 1e-9}},
      {"cycles", {"gpu", "cycles", Kind::cycles, 1, 1e-9}},
      {"warp_insts", {"gpu", "warp_insts", Kind::value, 1, 1e-9}},
      {"duration_ns", {"gpu", "cycles", Kind::duration, 1, 1e-9}},
      {"duration_us", {"gpu", "cycles", Kind::duration, 1, 1e-6}},
  };
}

void load_map(const std::string& path, std::map<std::string, MetricMap>& metrics) {
  using config::line_of;
  const YAML::Node root = config::parse_yaml_file(path);
  const YAML::Node m = root.IsMap() ? root["metrics"] : YAML::Node();
  if (!m || !m.IsMap()) throw InputError(path, line_of(root), "a metric map is a mapping with 'metrics'");
  for (const config::Entry& e : config::map_entries(m, path)) {
    if (!e.value.IsMap() || !e.value["counter"]) {
      throw InputError(path, e.line, e.key + ": needs {counter: LOCATION.COUNTER}");
    }
    const std::string counter = e.value["counter"].as<std::string>();
    const size_t dot = counter.rfind('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == counter.size()) {
      throw InputError(path, e.line, e.key + ": counter '" + counter + "' must be LOCATION.COUNTER");
    }
    MetricMap mm{counter.substr(0, dot), counter.substr(dot + 1)};
    const std::map<std::string, Kind> kinds = {{"value", Kind::value}, {"cycles", Kind::cycles}, {"duration", Kind::duration}};
    try {
      if (e.value["kind"]) {
        const auto k = kinds.find(e.value["kind"].as<std::string>());
        if (k == kinds.end()) throw InputError(path, e.line, e.key + ": kind must be value, cycles or duration");
        mm.kind = k->second;
      }
      if (e.value["scale"]) mm.scale = e.value["scale"].as<double>();
      if (e.value["unit_seconds"]) mm.unit_seconds = e.value["unit_seconds"].as<double>();
    } catch (const YAML::Exception&) {
      throw InputError(path, e.line, e.key + ": scale and unit_seconds must be numbers");
    }
    metrics[e.key] = mm;
  }
}

using Row = std::vector<std::string>;

std::vector<std::pair<int, Row>> read_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path, 0, "cannot open the hardware CSV");
  std::vector<std::pair<int, Row>> rows;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // Nsight Compute prints its own notes ("==PROF== ...") around the table.
    if (line.empty() || line.rfind("==", 0) == 0) continue;
    try {
      boost::tokenizer<boost::escaped_list_separator<char>> tok(line);
      rows.emplace_back(n, Row(tok.begin(), tok.end()));
    } catch (const boost::escaped_list_error& e) {
      throw InputError(path, n, std::string("malformed CSV: ") + e.what());
    }
  }
  return rows;
}

// "1,234,567" (Nsight's thousands separators) or "12.5"; nullopt for anything else ("n/a", units).
std::optional<double> number(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), ','), s.end());
  if (s.empty()) return std::nullopt;
  size_t used = 0;
  try {
    const double v = std::stod(s, &used);
    if (used == s.size() && std::isfinite(v)) return v;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

double unit_seconds(const std::string& unit, double fallback) {
  static const std::map<std::string, double> units = {
      {"nsecond", 1e-9}, {"ns", 1e-9}, {"usecond", 1e-6}, {"us", 1e-6}, {"msecond", 1e-3}, {"ms", 1e-3},
      {"second", 1}, {"s", 1}};
  const auto it = units.find(unit);
  return it != units.end() ? it->second : fallback;
}

// A kernel's name as both sides can spell it: `saxpy(int, float*)`, `void saxpy<float>(...)`,
// `ns::saxpy` and the mangled `_Z5saxpyiPf` are all `saxpy`.
std::string base_name(const std::string& raw) {
  std::string s = raw;
  if (s.rfind("_Z", 0) == 0) {
    size_t i = 2;
    if (i < s.size() && s[i] == 'N') ++i;  // nested name: keep the last component
    std::string last;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      size_t len = 0;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) len = len * 10 + size_t(s[i++] - '0');
      if (i + len > s.size()) break;
      last = s.substr(i, len);
      i += len;
    }
    return last.empty() ? raw : last;
  }
  s = s.substr(0, s.find('('));
  s = s.substr(0, s.find('<'));
  const size_t space = s.rfind(' ');
  if (space != std::string::npos) s = s.substr(space + 1);
  const size_t colons = s.rfind("::");
  if (colons != std::string::npos) s = s.substr(colons + 2);
  return s;
}

struct HwLaunch {
  std::string kernel;                 // base name
  std::map<std::string, double> values;  // metric -> value (durations in seconds)
};

// Launches in launch order, from either CSV shape.
std::vector<HwLaunch> read_launches(const std::string& path, const std::map<std::string, MetricMap>& metrics) {
  const auto rows = read_csv(path);
  if (rows.empty()) throw InputError(path, 0, "empty CSV");
  const Row& header = rows[0].second;
  auto col = [&](std::initializer_list<const char*> names) -> int {
    for (const char* n : names) {
      const auto it = std::find(header.begin(), header.end(), n);
      if (it != header.end()) return int(it - header.begin());
    }
    return -1;
  };
  const int kernel = col({"Kernel Name", "kernel", "Kernel", "name"});
  if (kernel < 0) throw InputError(path, rows[0].first, "no kernel column (\"Kernel Name\" or \"kernel\")");
  const int metric = col({"Metric Name"}), value = col({"Metric Value"}), unit = col({"Metric Unit"}), id = col({"ID"});
  std::vector<HwLaunch> out;
  bool known = false;
  if (metric >= 0 && value >= 0) {
    // Nsight Compute's long shape: rows of one launch share an ID (or follow each other).
    std::map<std::string, size_t> by_id;
    for (size_t r = 1; r < rows.size(); ++r) {
      const Row& row = rows[r].second;
      if (int(row.size()) <= std::max({kernel, metric, value})) {
        throw InputError(path, rows[r].first, "expected " + std::to_string(header.size()) + " fields");
      }
      const std::string key = id >= 0 && id < int(row.size()) ? row[size_t(id)] : std::to_string(out.size());
      auto it = by_id.find(key);
      if (it == by_id.end()) {
        it = by_id.emplace(key, out.size()).first;
        out.push_back({base_name(row[size_t(kernel)]), {}});
      }
      const auto m = metrics.find(row[size_t(metric)]);
      if (m == metrics.end()) continue;
      const std::optional<double> v = number(row[size_t(value)]);
      if (!v) continue;
      known = true;
      const std::string u = unit >= 0 && unit < int(row.size()) ? row[size_t(unit)] : "";
      out[it->second].values[m->first] = m->second.kind == Kind::duration ? *v * unit_seconds(u, m->second.unit_seconds) : *v;
    }
  } else {
    // One row per launch, one column per metric (Nsight's raw page adds a row of units: skipped,
    // since its cells are not numbers).
    for (size_t r = 1; r < rows.size(); ++r) {
      const Row& row = rows[r].second;
      HwLaunch l{kernel < int(row.size()) ? base_name(row[size_t(kernel)]) : "", {}};
      for (size_t c = 0; c < header.size() && c < row.size(); ++c) {
        const auto m = metrics.find(header[c]);
        if (m == metrics.end()) continue;
        known = true;
        const std::optional<double> v = number(row[c]);
        if (v) l.values[m->first] = m->second.kind == Kind::duration ? *v * m->second.unit_seconds : *v;
      }
      if (!l.values.empty()) out.push_back(std::move(l));
    }
  }
  if (!known) throw InputError(path, rows[0].first, "no metric column or Metric Name the map knows (e.g. gpc__cycles_elapsed.max, cycles)");
  return out;
}

struct SimKernel {
  int64_t run_id, seq;
  std::string name;  // as recorded
  double core_hz;
  std::map<std::string, double> counters;  // "location.name" -> value
};

double core_hz_of(const std::string& config_json) {
  try {
    const YAML::Node cfg = YAML::Load(config_json);
    return cfg["clocks"]["core_mhz"].as<double>() * 1e6;
  } catch (const YAML::Exception&) {
    return 0;
  }
}

using Pair = CorrelatedLaunch;

void print_stats(const std::string& metric, const std::string& unit, const std::vector<Pair>& pairs, bool details) {
  const size_t n = pairs.size();
  double abs_sum = 0, sum = 0, within1 = 0, within10 = 0;
  size_t with_error = 0;
  for (const Pair& p : pairs) {
    if (p.hw == 0) continue;
    const double e = (p.sim - p.hw) / std::fabs(p.hw);
    ++with_error;
    abs_sum += std::fabs(e);
    sum += e;
    within1 += std::fabs(e) <= 0.01;
    within10 += std::fabs(e) <= 0.10;
  }
  std::string r = "-";
  if (n >= 2) {
    double mh = 0, ms = 0;
    for (const Pair& p : pairs) mh += p.hw / double(n), ms += p.sim / double(n);
    double shs = 0, shh = 0, sss = 0;
    for (const Pair& p : pairs) {
      shs += (p.hw - mh) * (p.sim - ms);
      shh += (p.hw - mh) * (p.hw - mh);
      sss += (p.sim - ms) * (p.sim - ms);
    }
    if (shh > 0 && sss > 0) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.4f", shs / std::sqrt(shh * sss));
      r = buf;
    }
  }
  char line[256];
  const double k = with_error ? 100.0 / double(with_error) : 0;
  std::snprintf(line, sizeof line, "%-28s %6zu %9.2f%% %+10.2f%% %9s %5.0f/%-5zu %5.0f/%-5zu", (metric + unit).c_str(), n,
                abs_sum * k, sum * k, r.c_str(), within1, with_error, within10, with_error);
  std::cout << line << "\n";
  if (!details) return;
  for (const Pair& p : pairs) {
    std::snprintf(line, sizeof line, "    %-30s #%-4zu hw %14.6g  sim %14.6g  %+8.2f%%", p.kernel.c_str(), p.launch, p.hw,
                  p.sim, p.hw != 0 ? 100.0 * (p.sim - p.hw) / std::fabs(p.hw) : 0.0);
    std::cout << line << "\n";
  }
}

}  // namespace

Correlation correlate(const CorrelateOptions& o) {
  std::map<std::string, MetricMap> metrics = builtin_metrics();
  if (!o.map.empty()) load_map(o.map, metrics);
  const std::vector<HwLaunch> hw = read_launches(o.hw_csv, metrics);

  const RunDb db(o.db);
  std::vector<int64_t> runs;
  if (o.runs.empty()) {
    for (const RunRecord& r : db.runs(true)) runs.push_back(r.run_id);
  } else {
    for (const std::string& arg : o.runs) {
      const std::vector<int64_t> ids = db.resolve(arg);
      if (ids.empty()) throw InputError("--run", 0, "no run '" + arg + "' in " + db.path());
      runs.insert(runs.end(), ids.begin(), ids.end());
    }
  }
  // Simulated kernels by base name, in run order then launch order.
  std::map<std::string, std::vector<SimKernel>> sim;
  for (int64_t id : runs) {
    const RunRecord run = db.run(id);
    const double hz = core_hz_of(db.config_json(id));
    std::map<int64_t, std::map<std::string, double>> counters;
    for (const CounterRecord& c : db.counters(id)) counters[c.kernel_seq][c.location + "." + c.name] = c.value;
    for (const KernelRecord& k : db.kernels(id)) {
      sim[base_name(k.name)].push_back({id, k.kernel_seq, k.name, hz, counters[k.kernel_seq]});
    }
  }

  Correlation result;
  result.runs = runs.size();
  std::map<std::string, size_t> seen;  // launches of each name so far
  for (const HwLaunch& l : hw) {
    const size_t i = seen[l.kernel]++;
    const auto it = sim.find(l.kernel);
    if (it == sim.end() || i >= it->second.size()) {
      ++result.hw_only;
      continue;
    }
    ++result.matched;
    const SimKernel& s = it->second[i];
    for (const auto& [metric, hv] : l.values) {
      const MetricMap& m = metrics.at(metric);
      const auto c = s.counters.find(m.location + "." + m.name);
      if (c == s.counters.end()) continue;
      double h = hv, v = c->second;
      const bool as_time = m.kind == Kind::duration || (m.kind == Kind::cycles && o.hw_clock_mhz > 0);
      if (as_time) {
        if (s.core_hz <= 0) continue;
        if (m.kind == Kind::cycles) h = hv / (o.hw_clock_mhz * 1e6);
        h *= 1e6;                  // microseconds
        v = v / s.core_hz * 1e6;
      } else {
        h = hv * m.scale;
      }
      result.metrics[metric + (as_time ? " [us]" : "")].push_back({s.name, i + 1, h, v});
    }
  }
  size_t sim_total = 0;
  for (const auto& kv : sim) sim_total += kv.second.size();
  if (result.matched == 0) {
    throw InputError(o.hw_csv, 0, "no hardware launch matches a simulated kernel by name (" + std::to_string(hw.size()) +
                                      " launches, " + std::to_string(sim_total) + " simulated kernels)");
  }
  result.sim_only = sim_total - result.matched;
  return result;
}

void print_correlation(const CorrelateOptions& o, const Correlation& c) {
  std::cout << "correlation of " << o.hw_csv << " with " << c.runs << " run(s) in " << o.db << ": " << c.matched
            << " launches matched, " << c.hw_only << " hardware-only, " << c.sim_only << " simulated-only\n";
  char head[256];
  std::snprintf(head, sizeof head, "%-28s %6s %10s %11s %9s %11s %11s", "metric", "n", "MAPE", "mean err", "r",
                "within 1%", "within 10%");
  std::cout << head << "\n";
  for (const auto& [metric, pairs] : c.metrics) print_stats(metric, "", pairs, o.details);
}

}  // namespace warpsim::analysis
