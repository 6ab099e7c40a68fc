#include "sim/analysis/regress.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <thread>
#include <yaml-cpp/yaml.h>

#include "sim/analysis/child_runs.h"
#include "sim/analysis/regress_baseline.h"
#include "sim/analysis/regress_suite.h"
#include "sim/analysis/run_db.h"
#include "sim/error.h"

namespace warpsim::analysis {

namespace {

constexpr int kExitRegression = int(ExitCode::regression);
constexpr int kExitStale = int(ExitCode::stale_baseline);

std::vector<std::string> run_args(const RegressCase& c, const RegressOptions& o) {
  std::vector<std::string> a = {"run", c.workload, "--db", o.db, "--name", "regress:" + c.name, "--json"};
  for (const std::string& cfg : c.configs) a.insert(a.end(), {"-c", cfg});
  for (const std::string& s : c.sets) a.insert(a.end(), {"--set", s});
  if (!o.presets_dir.empty()) a.insert(a.end(), {"--presets", o.presets_dir});
  return a;
}

// The run id from a child's `--json` summary (its last line that is a JSON object).
int64_t run_id_of(const ChildResult& r) {
  size_t at = r.out.rfind("\n{");
  at = at == std::string::npos ? (r.out.rfind('{', 0) == 0 ? 0 : std::string::npos) : at + 1;
  if (at == std::string::npos) return 0;
  try {
    const YAML::Node summary = YAML::Load(r.out.substr(at));
    return summary["run_id"] ? summary["run_id"].as<int64_t>() : 0;
  } catch (const YAML::Exception&) {
    return 0;
  }
}

std::string percent(double rel) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.2f%%", 100.0 * rel);
  return buf;
}

std::string value(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, v == std::floor(v) && std::fabs(v) < 1e15 ? "%.0f" : "%.6g", v);
  return buf;
}

// What a case measured, in the baseline's terms. A listed counter that the run does not record
// is a mistake in the suite (a misspelt name), reported at its line.
BaselineCase measure(const RunDb& db, int64_t run_id, const RegressCase& c, const std::string& suite_path) {
  const RunRecord run = db.run(run_id);
  BaselineCase m;
  m.workload = c.workload_as_written;
  m.config_hash = run.config_hash;
  std::map<std::pair<int64_t, std::string>, double> values;
  for (const CounterRecord& r : db.counters(run_id)) values[{r.kernel_seq, r.location + "." + r.name}] = r.value;
  for (const KernelRecord& k : db.kernels(run_id)) {
    BaselineKernel bk;
    bk.seq = k.kernel_seq;
    bk.name = k.name;
    bk.warp_insts = k.warp_insts;
    bk.thread_insts = k.thread_insts;
    for (const CounterSpec& s : c.counters) {
      const auto it = values.find({k.kernel_seq, s.key});
      if (it == values.end()) {
        throw InputError(suite_path, s.line,
                         "counter '" + s.key + "' is not recorded for kernel " + std::to_string(k.kernel_seq) +
                             " of case '" + c.name + "' (location.counter as in the counters table)");
      }
      bk.counters[s.key] = it->second;
    }
    m.kernels.push_back(std::move(bk));
  }
  return m;
}

// Why a case's baseline no longer applies, or "" when it does.
std::string staleness(const BaselineCase& base, const BaselineCase& now) {
  if (base.config_hash != now.config_hash) {
    return "config hash " + base.config_hash + " -> " + now.config_hash + " (the case's config changed)";
  }
  if (base.kernels.size() != now.kernels.size()) {
    return std::to_string(base.kernels.size()) + " -> " + std::to_string(now.kernels.size()) + " kernels";
  }
  for (size_t i = 0; i < base.kernels.size(); ++i) {
    const BaselineKernel& b = base.kernels[i];
    const BaselineKernel& n = now.kernels[i];
    const std::string k = "kernel " + std::to_string(n.seq) + " " + n.name;
    if (b.name != n.name) return "kernel " + std::to_string(n.seq) + " was " + b.name + ", is " + n.name;
    if (b.warp_insts != n.warp_insts || b.thread_insts != n.thread_insts) {
      return k + ": instruction counts " + std::to_string(b.warp_insts) + "/" + std::to_string(b.thread_insts) +
             " -> " + std::to_string(n.warp_insts) + "/" + std::to_string(n.thread_insts) + " (warp/thread)";
    }
    for (const auto& kv : n.counters) {
      if (b.counters.count(kv.first) == 0) return k + ": " + kv.first + " is not in the baseline";
    }
  }
  return "";
}

}  // namespace

int run_regress(const RegressOptions& o) {
  const RegressSuite suite = load_regress_suite(o.suite);
  const std::string baseline_path = o.baseline.empty() ? suite.baseline : o.baseline;
  // Read the baseline first: a missing or malformed one is bad input, found before any run.
  Baseline base;
  if (!o.update_baseline) base = read_baseline(baseline_path);

  std::vector<std::vector<std::string>> args;
  for (const RegressCase& c : suite.cases) args.push_back(run_args(c, o));
  const unsigned jobs = o.jobs != 0 ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  const std::vector<ChildResult> results = run_children(self_executable(), args, jobs);

  // Bad input to a case (its config, a --set) is the suite's fault: exit 2 with the run's message.
  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i].exit_code == 2) {
      throw InputError(suite.path, suite.cases[i].line,
                       "case '" + suite.cases[i].name + "': " + child_error(results[i]));
    }
  }
  const RunDb db(o.db);
  std::map<std::string, BaselineCase> now;
  std::vector<std::string> failed;
  for (size_t i = 0; i < results.size(); ++i) {
    const RegressCase& c = suite.cases[i];
    const int64_t id = run_id_of(results[i]);
    if (results[i].exit_code != 0 || id == 0) {
      failed.push_back(c.name + ": warpsim run exited " + std::to_string(results[i].exit_code) +
                       (results[i].err.empty() ? "" : ": " + child_error(results[i])));
      continue;
    }
    now[c.name] = measure(db, id, c, suite.path);
  }

  if (o.update_baseline) {
    if (!failed.empty()) {
      for (const std::string& f : failed) std::cout << "FAILED      " << f << "\n";
      std::cout << "baseline not written: " << failed.size() << " case(s) failed\n";
      return kExitRegression;
    }
    Baseline fresh;
    fresh.sim_version = WARPSIM_VERSION;
    fresh.cases = now;
    write_baseline(baseline_path, fresh);
    std::cout << "baseline written: " << baseline_path << " (" << now.size() << " cases); review and commit it\n";
    return 0;
  }

  size_t regressions = failed.size(), stale = 0;
  for (const std::string& f : failed) std::cout << "FAILED      " << f << "\n";
  for (const RegressCase& c : suite.cases) {
    const auto nit = now.find(c.name);
    if (nit == now.end()) continue;
    const auto bit = base.cases.find(c.name);
    const std::string why = bit == base.cases.end() ? "not in the baseline" : staleness(bit->second, nit->second);
    if (!why.empty()) {
      ++stale;
      std::cout << "STALE       " << c.name << ": " << why << "\n";
      continue;
    }
    std::vector<std::string> changes;
    for (size_t k = 0; k < nit->second.kernels.size(); ++k) {
      const BaselineKernel& n = nit->second.kernels[k];
      const BaselineKernel& b = bit->second.kernels[k];
      for (const CounterSpec& s : c.counters) {
        const double was = b.counters.at(s.key), is = n.counters.at(s.key);
        if (std::fabs(is - was) <= s.tolerance * std::fabs(was)) continue;
        const std::string rel = was != 0 ? percent((is - was) / std::fabs(was)) : "from 0";
        changes.push_back("kernel " + std::to_string(n.seq) + " " + n.name + ": " + s.key + " " + value(was) + " -> " +
                          value(is) + " (" + rel + ", tolerance ±" + percent(s.tolerance).substr(1) + ")");
      }
    }
    if (changes.empty()) {
      std::cout << "ok          " << c.name << "\n";
    } else {
      ++regressions;
      for (const std::string& ch : changes) std::cout << "REGRESSION  " << c.name << ": " << ch << "\n";
    }
  }
  std::cout << suite.cases.size() << " cases: " << suite.cases.size() - regressions - stale << " ok, " << regressions
            << " regressed, " << stale << " stale";
  if (regressions != 0) {
    std::cout << "\na deliberate timing change? refresh the baseline: warpsim regress " << o.suite
              << " --update-baseline, and commit the reviewed " << baseline_path;
  } else if (stale != 0) {
    std::cout << "\nrefresh the baseline: warpsim regress " << o.suite << " --update-baseline";
  }
  std::cout << "\n";
  return regressions != 0 ? kExitRegression : stale != 0 ? kExitStale : 0;
}

}  // namespace warpsim::analysis
