#include "sim/analysis/run_db.h"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "sim/error.h"

namespace warpsim::analysis {

namespace {

stats::SqliteDb open_read_only(const std::string& path) {
  // SQLite would happily "open" a missing path read-only and fail later with a vaguer message.
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw InputError(path, 0, "no such database file");
  try {
    return stats::SqliteDb(path, SQLITE_OPEN_READONLY);
  } catch (const stats::SqliteError& e) {
    throw InputError(path, 0, std::string("cannot open database: ") + e.what());
  }
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

RunRecord read_run(const stats::SqliteStmt& q) {
  RunRecord r;
  r.run_id = q.column_int64(0);
  r.name = q.column_text(1);
  r.workload = q.column_text(2);
  r.config_name = q.column_text(3);
  r.config_hash = q.column_text(4);
  r.sim_version = q.column_text(5);
  r.status = q.column_text(6);
  r.cycles = uint64_t(q.column_int64(7));
  r.warp_insts = uint64_t(q.column_int64(8));
  r.thread_insts = uint64_t(q.column_int64(9));
  r.wall_seconds = q.column_double(10);
  return r;
}

constexpr const char* kRunColumns =
    "SELECT run_id, name, workload, config_name, config_hash, sim_version, status, cycles, warp_insts, "
    "thread_insts, wall_seconds FROM runs";

}  // namespace

RunDb::RunDb(const std::string& path) : path_(path), db_(open_read_only(path)) {
  // The tables and columns the tools read; anything else (another program's database, a file that
  // is not a database at all) is bad input, named as such.
  const std::map<std::string, std::vector<std::string>> needed = {
      {"runs", {"run_id", "name", "workload", "config_name", "config_hash", "sim_version", "status", "cycles",
                "warp_insts", "thread_insts"}},
      {"kernels", {"run_id", "kernel_seq", "name", "cycles", "warp_insts", "thread_insts"}},
      {"counters", {"run_id", "kernel_seq", "location", "name", "value"}},
  };
  try {
    sqlite3_busy_timeout(db_.get(), 10000);
    for (const auto& [table, columns] : needed) {
      stats::SqliteStmt info(db_, "PRAGMA table_info(" + table + ")");
      std::vector<std::string> have;
      while (info.step()) have.push_back(info.column_text(1));
      for (const std::string& c : columns) {
        if (std::find(have.begin(), have.end(), c) == have.end()) {
          throw InputError(path, 0,
                           have.empty() ? "not a warpsim database (no table '" + table + "')"
                                        : "not a warpsim database (table '" + table + "' has no column '" + c + "')");
        }
      }
    }
  } catch (const stats::SqliteError& e) {
    throw InputError(path, 0, std::string("cannot read database: ") + e.what());
  }
}

std::vector<RunRecord> RunDb::runs(bool finished_only) const {
  stats::SqliteStmt q(db_, std::string(kRunColumns) +
                               (finished_only ? " WHERE status != 'interrupted'" : "") + " ORDER BY run_id");
  std::vector<RunRecord> out;
  while (q.step()) out.push_back(read_run(q));
  return out;
}

RunRecord RunDb::run(int64_t run_id) const {
  stats::SqliteStmt q(db_, std::string(kRunColumns) + " WHERE run_id = ?");
  q.bind(1, run_id);
  if (!q.step()) throw InputError(path_, 0, "no run " + std::to_string(run_id));
  return read_run(q);
}

std::vector<int64_t> RunDb::resolve(const std::string& id_or_name) const {
  if (all_digits(id_or_name)) {
    if (id_or_name.size() > 18) return {};
    stats::SqliteStmt q(db_, "SELECT run_id FROM runs WHERE run_id = ?");
    q.bind(1, int64_t(std::stoll(id_or_name)));
    if (q.step()) return {q.column_int64(0)};
    return {};
  }
  stats::SqliteStmt q(db_, "SELECT max(run_id) FROM runs WHERE name = ? GROUP BY workload ORDER BY max(run_id)");
  q.bind(1, id_or_name);
  std::vector<int64_t> out;
  while (q.step()) out.push_back(q.column_int64(0));
  return out;
}

std::string RunDb::config_json(int64_t run_id) const {
  stats::SqliteStmt q(db_, "SELECT config_json FROM runs WHERE run_id = ?");
  q.bind(1, run_id);
  return q.step() ? q.column_text(0) : "";
}

std::vector<KernelRecord> RunDb::kernels(int64_t run_id) const {
  stats::SqliteStmt q(db_,
                      "SELECT kernel_seq, name, cycles, warp_insts, thread_insts FROM kernels WHERE run_id = ? "
                      "ORDER BY kernel_seq");
  q.bind(1, run_id);
  std::vector<KernelRecord> out;
  while (q.step()) {
    KernelRecord k;
    k.kernel_seq = q.column_int64(0);
    k.name = q.column_text(1);
    k.cycles = uint64_t(q.column_int64(2));
    k.warp_insts = uint64_t(q.column_int64(3));
    k.thread_insts = uint64_t(q.column_int64(4));
    out.push_back(std::move(k));
  }
  return out;
}

std::vector<std::pair<int64_t, double>> RunDb::samples(int64_t run_id, const std::string& location,
                                                      const std::string& name) const {
  stats::SqliteStmt q(db_, "SELECT cycle, value FROM samples WHERE run_id = ? AND location = ? AND name = ? ORDER BY cycle");
  q.bind(1, run_id).bind(2, location).bind(3, name);
  std::vector<std::pair<int64_t, double>> out;
  while (q.step()) out.emplace_back(q.column_int64(0), q.column_double(1));
  return out;
}

std::vector<std::pair<int64_t, double>> RunDb::samples_total(int64_t run_id, const std::string& location,
                                                            const std::string& name) const {
  std::vector<std::pair<int64_t, double>> out = samples(run_id, location, name);
  if (!out.empty()) return out;
  stats::SqliteStmt q(db_,
                      "SELECT cycle, sum(value) FROM samples WHERE run_id = ? AND location LIKE ? AND name = ? "
                      "GROUP BY cycle ORDER BY cycle");
  q.bind(1, run_id).bind(2, location + "[%").bind(3, name);
  while (q.step()) out.emplace_back(q.column_int64(0), q.column_double(1));
  return out;
}

std::vector<CounterRecord> RunDb::counters(int64_t run_id) const {
  stats::SqliteStmt q(db_,
                      "SELECT kernel_seq, location, name, value FROM counters WHERE run_id = ? "
                      "ORDER BY kernel_seq, location, name");
  q.bind(1, run_id);
  std::vector<CounterRecord> out;
  while (q.step()) out.push_back({q.column_int64(0), q.column_text(1), q.column_text(2), q.column_double(3)});
  return out;
}

}  // namespace warpsim::analysis
