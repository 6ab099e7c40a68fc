#include "sim/analysis/compare.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "sim/error.h"
#include "sim/util/json.h"

namespace warpsim::analysis {

namespace {

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// `location` itself and the hierarchy below it.
bool under(const std::string& location, const std::string& root) {
  if (root.empty() || location == root) return true;
  return location.size() > root.size() && location.compare(0, root.size(), root) == 0 &&
         (location[root.size()] == '.' || location[root.size()] == '[');
}

std::vector<int64_t> resolve_or_fail(const RunDb& db, const std::string& option, const std::string& arg) {
  std::vector<int64_t> ids = db.resolve(arg);
  if (ids.empty()) throw InputError(option, 0, "no run '" + arg + "' in " + db.path());
  return ids;
}

// The run sets to compare, paired by workload (one pair when each side is one run).
std::vector<RunPair> pair_runs(const RunDb& db, const CompareOptions& o, std::vector<std::string>& unmatched) {
  std::vector<int64_t> base, next;
  if (o.base.empty() || o.next.empty()) {
    const std::vector<RunRecord> done = db.runs(true);
    if (o.base.empty() && o.next.empty()) {
      if (done.size() < 2) {
        throw InputError(db.path(), 0, "compare needs two finished runs, found " + std::to_string(done.size()));
      }
      base = {done[done.size() - 2].run_id};
      next = {done.back().run_id};
    } else {
      // One side given: the other is the latest finished run that is not it.
      const std::vector<int64_t> given = resolve_or_fail(db, o.base.empty() ? "--new" : "--base",
                                                         o.base.empty() ? o.next : o.base);
      int64_t other = 0;
      for (auto it = done.rbegin(); it != done.rend() && other == 0; ++it) {
        if (std::find(given.begin(), given.end(), it->run_id) == given.end()) other = it->run_id;
      }
      if (other == 0) throw InputError(db.path(), 0, "no other finished run to compare with");
      (o.base.empty() ? base : next) = {other};
      (o.base.empty() ? next : base) = given;
    }
  } else {
    base = resolve_or_fail(db, "--base", o.base);
    next = resolve_or_fail(db, "--new", o.next);
  }

  std::vector<RunPair> pairs;
  if (base.size() == 1 && next.size() == 1) {
    pairs.push_back({db.run(base[0]), db.run(next[0])});
    return pairs;
  }
  std::map<std::string, RunRecord> next_by_workload;
  for (int64_t id : next) {
    RunRecord r = db.run(id);
    next_by_workload[r.workload] = r;
  }
  for (int64_t id : base) {
    RunRecord b = db.run(id);
    auto it = next_by_workload.find(b.workload);
    if (it == next_by_workload.end()) {
      unmatched.push_back(b.workload + " (base only)");
      continue;
    }
    pairs.push_back({b, it->second});
    next_by_workload.erase(it);
  }
  for (const auto& kv : next_by_workload) unmatched.push_back(kv.first + " (new only)");
  if (pairs.empty()) throw InputError("--base", 0, "the two sets of runs have no workload in common");
  return pairs;
}

std::string fmt(double v) {
  if (std::isinf(v)) return v > 0 ? "+inf" : "-inf";
  char buf[48];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.6g", v);
  }
  return buf;
}

std::string fmt_rel(const CompareRow& r) {
  if (!r.base || !r.next) return "-";
  const double rel = r.relative();
  if (std::isinf(rel)) return rel > 0 ? "+inf" : "-inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.2f%%", 100.0 * rel);
  return buf;
}

std::string kernel_label(const CompareRow& r) {
  return r.kernel_seq == 0 ? "run" : std::to_string(r.kernel_seq) + " " + r.kernel;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

double CompareRow::relative() const {
  const double b = base.value_or(0), n = next.value_or(0);
  if (b == n) return 0;
  if (b == 0) return n > 0 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
  return (n - b) / std::fabs(b);
}

Comparison compare_runs(const RunDb& db, const CompareOptions& o) {
  Comparison c;
  c.pairs = pair_runs(db, o, c.unmatched);
  bool kernel_found = o.kernel.empty();
  for (const RunPair& p : c.pairs) {
    std::map<int64_t, std::string> names;
    for (const KernelRecord& k : db.kernels(p.base.run_id)) names[k.kernel_seq] = k.name;
    std::map<int64_t, std::string> next_names;
    for (const KernelRecord& k : db.kernels(p.next.run_id)) next_names[k.kernel_seq] = k.name;
    auto wanted = [&](int64_t seq) {
      if (o.kernel.empty()) return true;
      if (all_digits(o.kernel)) return std::to_string(seq) == o.kernel;
      const auto it = names.find(seq);
      const auto jt = next_names.find(seq);
      return (it != names.end() && it->second == o.kernel) || (jt != next_names.end() && jt->second == o.kernel);
    };
    using Key = std::tuple<int64_t, std::string, std::string>;
    std::map<Key, CompareRow> rows;
    auto add = [&](const CounterRecord& r, bool is_base) {
      if (!wanted(r.kernel_seq) || !under(r.location, o.location)) return;
      CompareRow& row = rows[Key{r.kernel_seq, r.location, r.name}];
      row.workload = p.base.workload;
      row.kernel_seq = r.kernel_seq;
      const auto& n = is_base ? names : next_names;
      const auto it = n.find(r.kernel_seq);
      if (row.kernel.empty() && it != n.end()) row.kernel = it->second;
      row.location = r.location;
      row.name = r.name;
      (is_base ? row.base : row.next) = r.value;
    };
    for (const CounterRecord& r : db.counters(p.base.run_id)) add(r, true);
    for (const CounterRecord& r : db.counters(p.next.run_id)) add(r, false);
    // Runs of one kernel each: the run level repeats that kernel's rows; keep only what is
    // recorded at the run level alone (e.g. the workload's reported values).
    if (o.kernel.empty() && names.size() == 1 && next_names.size() == 1) {
      for (auto it = rows.begin(); it != rows.end();) {
        const auto& [seq, location, name] = it->first;
        it = seq == 0 && rows.count(Key{names.begin()->first, location, name}) != 0 ? rows.erase(it) : std::next(it);
      }
    }
    if (!rows.empty()) kernel_found = true;
    for (auto& kv : rows) c.rows.push_back(std::move(kv.second));
  }
  if (!kernel_found) throw InputError("--kernel", 0, "no kernel '" + o.kernel + "' in the compared runs");

  // Largest relative change first; counters present on one side only count as infinite changes.
  auto magnitude = [](const CompareRow& r) {
    return (!r.base || !r.next) ? std::numeric_limits<double>::infinity() : std::fabs(r.relative());
  };
  std::stable_sort(c.rows.begin(), c.rows.end(), [&](const CompareRow& a, const CompareRow& b) {
    return magnitude(a) > magnitude(b);
  });
  c.total_rows = c.rows.size();
  if (o.top != 0 && c.rows.size() > o.top) c.rows.resize(o.top);
  return c;
}

std::string format_text(const Comparison& c) {
  std::ostringstream os;
  for (const RunPair& p : c.pairs) {
    auto describe = [](const RunRecord& r) {
      return "run " + std::to_string(r.run_id) + (r.name.empty() ? "" : " '" + r.name + "'") + " (" + r.workload +
             " on " + r.config_name + ", config " + r.config_hash + ", " + std::to_string(r.cycles) + " cycles, " +
             r.status + ")";
    };
    os << "base  " << describe(p.base) << "\nnew   " << describe(p.next) << "\n";
    if (p.base.config_hash == p.next.config_hash) os << "      same config\n";
  }
  for (const std::string& u : c.unmatched) os << "not compared: " << u << "\n";
  const bool many = c.pairs.size() > 1;
  std::vector<std::vector<std::string>> table;
  table.push_back({"kernel", "location", "counter", "base", "new", "delta", "change"});
  if (many) table.back().insert(table.back().begin(), "workload");
  for (const CompareRow& r : c.rows) {
    table.push_back({kernel_label(r), r.location, r.name, r.base ? fmt(*r.base) : "-", r.next ? fmt(*r.next) : "-",
                     fmt(r.delta()), fmt_rel(r)});
    if (many) table.back().insert(table.back().begin(), r.workload);
  }
  std::vector<size_t> width(table[0].size(), 0);
  for (const auto& row : table) {
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  const size_t numeric_from = table[0].size() - 4;  // base, new, delta, change: right-aligned
  for (const auto& row : table) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      const std::string pad(width[i] - row[i].size(), ' ');
      line += (i ? "  " : "") + (i >= numeric_from ? pad + row[i] : row[i] + (i + 1 < row.size() ? pad : ""));
    }
    os << line << "\n";
  }
  if (c.rows.size() < c.total_rows) {
    os << "(" << c.total_rows - c.rows.size() << " more rows; --top 0 shows all)\n";
  }
  return os.str();
}

std::string format_csv(const Comparison& c) {
  std::ostringstream os;
  os << "workload,base_run,new_run,kernel_seq,kernel,location,counter,base,new,delta,relative\n";
  std::map<std::string, const RunPair*> by_workload;
  for (const RunPair& p : c.pairs) by_workload[p.base.workload] = &p;
  for (const CompareRow& r : c.rows) {
    const RunPair& p = *by_workload.at(r.workload);
    const double rel = r.relative();
    os << csv_field(r.workload) << "," << p.base.run_id << "," << p.next.run_id << "," << r.kernel_seq << ","
       << csv_field(r.kernel) << "," << csv_field(r.location) << "," << csv_field(r.name) << ","
       << (r.base ? json::number(*r.base) : "") << "," << (r.next ? json::number(*r.next) : "") << ","
       << json::number(r.delta()) << "," << (r.base && r.next && !std::isinf(rel) ? json::number(rel) : "") << "\n";
  }
  return os.str();
}

std::string format_json(const Comparison& c) {
  std::string out = "{\"pairs\":[";
  for (size_t i = 0; i < c.pairs.size(); ++i) {
    const RunPair& p = c.pairs[i];
    out += std::string(i ? "," : "") + "{\"workload\":" + json::quote(p.base.workload) +
           ",\"base_run\":" + std::to_string(p.base.run_id) + ",\"new_run\":" + std::to_string(p.next.run_id) +
           ",\"base_config_hash\":" + json::quote(p.base.config_hash) +
           ",\"new_config_hash\":" + json::quote(p.next.config_hash) + "}";
  }
  out += "],\"unmatched\":[";
  for (size_t i = 0; i < c.unmatched.size(); ++i) out += (i ? "," : "") + json::quote(c.unmatched[i]);
  out += "],\"total_rows\":" + std::to_string(c.total_rows) + ",\"rows\":[";
  auto num_or_null = [](const std::optional<double>& v) { return v ? json::number(*v) : std::string("null"); };
  for (size_t i = 0; i < c.rows.size(); ++i) {
    const CompareRow& r = c.rows[i];
    const double rel = r.relative();
    out += std::string(i ? "," : "") + "{\"workload\":" + json::quote(r.workload) +
           ",\"kernel_seq\":" + std::to_string(r.kernel_seq) + ",\"kernel\":" + json::quote(r.kernel) +
           ",\"location\":" + json::quote(r.location) + ",\"counter\":" + json::quote(r.name) +
           ",\"base\":" + num_or_null(r.base) + ",\"new\":" + num_or_null(r.next) +
           ",\"delta\":" + json::number(r.delta()) + ",\"relative\":" +
           (r.base && r.next && !std::isinf(rel) ? json::number(rel) : std::string("null")) + "}";
  }
  out += "]}\n";
  return out;
}

}  // namespace warpsim::analysis
