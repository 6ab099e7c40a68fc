#include "sim/stats/recorder.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <utility>

#include "sim/error.h"
#include "sim/stats/grouped_sort.h"

namespace warpsim::stats {

namespace {

struct TableSpec {
  const char* name;
  const char* create;
  std::vector<std::string> columns;  // exact names and order, checked on open
};

// DESIGN.md §7. Column order is part of the contract (readers may SELECT *).
const std::vector<TableSpec>& table_specs() {
  static const std::vector<TableSpec> specs = {
      {"runs",
       "CREATE TABLE IF NOT EXISTS runs(run_id INTEGER PRIMARY KEY, name TEXT, workload TEXT, "
       "config_name TEXT, config_json TEXT, config_hash TEXT, sim_version TEXT, started_at TEXT, "
       "wall_seconds REAL, status TEXT, cycles INTEGER, warp_insts INTEGER, thread_insts INTEGER)",
       {"run_id", "name", "workload", "config_name", "config_json", "config_hash", "sim_version",
        "started_at", "wall_seconds", "status", "cycles", "warp_insts", "thread_insts"}},
      {"kernels",
       "CREATE TABLE IF NOT EXISTS kernels(run_id INTEGER, kernel_seq INTEGER, name TEXT, "
       "grid_x INTEGER, grid_y INTEGER, grid_z INTEGER, block_x INTEGER, block_y INTEGER, "
       "block_z INTEGER, start_cycle INTEGER, end_cycle INTEGER, cycles INTEGER, "
       "warp_insts INTEGER, thread_insts INTEGER)",
       {"run_id", "kernel_seq", "name", "grid_x", "grid_y", "grid_z", "block_x", "block_y",
        "block_z", "start_cycle", "end_cycle", "cycles", "warp_insts", "thread_insts"}},
      {"counters",
       "CREATE TABLE IF NOT EXISTS counters(run_id INTEGER, kernel_seq INTEGER, location TEXT, "
       "name TEXT, value REAL)",
       {"run_id", "kernel_seq", "location", "name", "value"}},
      {"samples",
       "CREATE TABLE IF NOT EXISTS samples(run_id INTEGER, cycle INTEGER, location TEXT, "
       "name TEXT, value REAL)",
       {"run_id", "cycle", "location", "name", "value"}},
      {"meta",
       "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)",
       {"key", "value"}},
  };
  return specs;
}

// compare/report look counters up by (run, kernel, location, name); samples by (run, cycle);
// find_run by name.
const char* const kIndexes[] = {
    "CREATE INDEX IF NOT EXISTS counters_by_run ON counters(run_id, kernel_seq, location, name)",
    "CREATE INDEX IF NOT EXISTS kernels_by_run ON kernels(run_id, kernel_seq)",
    "CREATE INDEX IF NOT EXISTS samples_by_run ON samples(run_id, cycle)",
    "CREATE INDEX IF NOT EXISTS runs_by_name ON runs(name)",
};

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// SQLite integers are signed 64-bit; counts and cycles never get near 2^63.
int64_t to_i64(uint64_t v) { return static_cast<int64_t>(v); }

bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

SqliteDb open_db(const std::string& path) {
  try {
    return SqliteDb(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  } catch (const SqliteError& e) {
    throw InputError(path, 0, std::string("cannot open database: ") + e.what());
  }
}

// Inserts `n` rows of five values into `table` ("name(col, ...)"), many rows per statement: one
// statement step per row cost more than the row's own B-tree insert (a run writes ~10^4 counter
// rows). bind(statement, first parameter index, row index) binds one row's five values.
template <typename BindRow>
void insert_rows(const SqliteDb& db, const std::string& table, size_t n, BindRow bind) {
  constexpr size_t kRowsPerInsert = 64;
  auto prepare = [&](size_t rows) {
    std::string sql = "INSERT INTO " + table + " VALUES";
    for (size_t i = 0; i < rows; ++i) sql += i == 0 ? "(?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?)";
    return SqliteStmt(db, sql);
  };
  std::optional<SqliteStmt> full, last;
  for (size_t at = 0; at < n; at += kRowsPerInsert) {
    const size_t rows = std::min(kRowsPerInsert, n - at);
    std::optional<SqliteStmt>& slot = rows == kRowsPerInsert ? full : last;
    if (!slot) slot.emplace(prepare(rows));  // the remainder comes once, last
    for (size_t i = 0; i < rows; ++i) bind(*slot, static_cast<int>(5 * i + 1), at + i);
    slot->run();
  }
}

}  // namespace

std::string now_iso8601() {
  std::time_t t = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

bool is_valid_run_status(const std::string& status) {
  return status == "ok" || status == "check_failed" || status == "error" || status == "deadlock" ||
         status == "max_cycles" || status == "interrupted";
}

template <typename Op>
auto Recorder::retry_while_busy(Op op) -> decltype(op()) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(options_.busy_timeout_ms);
  std::chrono::milliseconds pause(1);
  for (;;) {
    try {
      return op();
    } catch (const SqliteError& e) {
      const int primary = e.code() & 0xff;
      if ((primary != SQLITE_BUSY && primary != SQLITE_LOCKED) || Clock::now() >= deadline) throw;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(100));
  }
}

Recorder::Recorder(const std::string& path, RecorderOptions options)
    : path_(path), options_(options), db_(open_db(path)) {
  // SQLite opens lazily: an unwritable file, a directory or a non-database file only shows up at
  // the first statement, so everything up to a checked schema counts as "cannot open".
  try {
    sqlite3_busy_timeout(db_.get(), options_.busy_timeout_ms);
    retry_while_busy([&] { create_or_check_schema(); });
  } catch (const SqliteError& e) {
    throw InputError(path, 0, std::string("cannot open database: ") + e.what());
  }
}

void Recorder::create_or_check_schema() {
  // WAL: readers (compare, report, a second `warpsim run`) never block the writer.
  // An in-memory database answers "memory"; both are fine.
  {
    SqliteStmt wal(db_, "PRAGMA journal_mode=WAL");
    std::string mode = wal.step() ? wal.column_text(0) : "";
    if (mode != "wal" && mode != "memory") {
      throw SqliteError(SQLITE_ERROR, "cannot switch to WAL journal mode (got '" + mode + "')");
    }
  }
  SqliteTransaction tx(db_);
  for (const TableSpec& spec : table_specs()) {
    db_.exec(spec.create);
    SqliteStmt info(db_, std::string("PRAGMA table_info(") + spec.name + ")");
    std::vector<std::string> columns;
    while (info.step()) columns.push_back(info.column_text(1));
    if (columns != spec.columns) {
      throw SqliteError(SQLITE_SCHEMA, std::string("incompatible schema: table ") + spec.name +
                                           " has columns (" + join(columns) + "), expected (" +
                                           join(spec.columns) + ")");
    }
  }
  for (const char* index : kIndexes) db_.exec(index);

  SqliteStmt get(db_, "SELECT value FROM meta WHERE key = 'schema_version'");
  if (get.step()) {
    std::string version = get.column_text(0);
    if (version != std::to_string(kSchemaVersion)) {
      throw SqliteError(SQLITE_SCHEMA, "incompatible schema: version " + version + ", expected " +
                                           std::to_string(kSchemaVersion));
    }
  } else {
    SqliteStmt put(db_, "INSERT INTO meta(key, value) VALUES('schema_version', ?)");
    put.bind(1, std::to_string(kSchemaVersion)).run();
  }
  tx.commit();
}

int64_t Recorder::begin_run(const RunInfo& info) {
  SqliteStmt insert(db_,
                    "INSERT INTO runs(name, workload, config_name, config_json, config_hash, "
                    "sim_version, started_at, status) VALUES(?, ?, ?, ?, ?, ?, ?, 'interrupted')");
  insert.bind(1, info.name)
      .bind(2, info.workload)
      .bind(3, info.config_name)
      .bind(4, info.config_json)
      .bind(5, info.config_hash)
      .bind(6, info.sim_version)
      .bind(7, info.started_at);
  // Autocommit: the 'interrupted' row is durable before the simulation starts.
  const int64_t run = retry_while_busy([&] {
    insert.run();
    return int64_t{sqlite3_last_insert_rowid(db_.get())};
  });
  pending_[run];
  return run;
}

Recorder::Pending& Recorder::pending(int64_t run) {
  auto it = pending_.find(run);
  if (it == pending_.end()) {
    throw std::invalid_argument("run " + std::to_string(run) +
                                " was not begun by this recorder or is already finished");
  }
  return it->second;
}

void Recorder::add_kernel(int64_t run, const KernelRow& kernel) {
  pending(run).kernels.push_back(kernel);
}

void Recorder::add_counters(int64_t run, const std::vector<CounterRow>& rows) {
  Pending& p = pending(run);
  p.counters.insert(p.counters.end(), rows.begin(), rows.end());
}

void Recorder::add_samples(int64_t run, const std::vector<SampleRow>& rows) {
  Pending& p = pending(run);
  p.samples.insert(p.samples.end(), rows.begin(), rows.end());
  flush_samples_if_large(run, p);
}

void Recorder::add_samples(int64_t run, std::vector<SampleRow>&& rows) {
  Pending& p = pending(run);
  if (p.samples.empty()) {
    p.samples = std::move(rows);
  } else {
    p.samples.insert(p.samples.end(), std::make_move_iterator(rows.begin()),
                     std::make_move_iterator(rows.end()));
  }
  flush_samples_if_large(run, p);
}

void Recorder::flush_samples_if_large(int64_t run, Pending& p) {
  if (p.samples.size() <= options_.sample_batch_rows) return;
  retry_while_busy([&] {
    SqliteTransaction tx(db_);
    write_samples(run, p.samples);
    tx.commit();
  });
  p.samples.clear();
  p.samples.shrink_to_fit();
}

void Recorder::write_samples(int64_t run, const std::vector<SampleRow>& rows) {
  insert_rows(db_, "samples(run_id, cycle, location, name, value)", rows.size(),
              [&](SqliteStmt& insert, int at, size_t i) {
                const SampleRow& r = rows[i];
                insert.bind(at, run).bind(at + 1, to_i64(r.cycle)).bind_borrowed(at + 2, r.location);
                insert.bind_borrowed(at + 3, r.name).bind(at + 4, r.value);
              });
}

void Recorder::finish_run(int64_t run, const std::string& status, double wall_seconds,
                          uint64_t cycles, uint64_t warp_insts, uint64_t thread_insts) {
  if (!is_valid_run_status(status)) {
    throw std::invalid_argument("invalid run status '" + status + "'");
  }
  Pending& p = pending(run);
  // A failed attempt rolls back whole, so retrying writes everything exactly once.
  retry_while_busy([&] { write_finished_run(run, p, status, wall_seconds, cycles, warp_insts, thread_insts); });
  pending_.erase(run);
}

void Recorder::write_finished_run(int64_t run, const Pending& p, const std::string& status,
                                  double wall_seconds, uint64_t cycles, uint64_t warp_insts,
                                  uint64_t thread_insts) {
  SqliteTransaction tx(db_);
  write_samples(run, p.samples);

  SqliteStmt kernel(db_,
                    "INSERT INTO kernels(run_id, kernel_seq, name, grid_x, grid_y, grid_z, "
                    "block_x, block_y, block_z, start_cycle, end_cycle, cycles, warp_insts, "
                    "thread_insts) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const KernelRow& k : p.kernels) {
    kernel.bind(1, run).bind(2, int64_t{k.kernel_seq}).bind(3, k.name);
    for (int d = 0; d < 3; ++d) {
      kernel.bind(4 + d, int64_t{k.grid[static_cast<size_t>(d)]});
      kernel.bind(7 + d, int64_t{k.block[static_cast<size_t>(d)]});
    }
    kernel.bind(10, to_i64(k.start_cycle)).bind(11, to_i64(k.end_cycle)).bind(12, to_i64(k.cycles));
    kernel.bind(13, to_i64(k.warp_insts)).bind(14, to_i64(k.thread_insts));
    kernel.run();
  }

  // In the index's order (SQLite compares text byte-wise): every insert lands at the right edge
  // of counters_by_run instead of a random leaf, twice as fast for the ~10^4 rows of a run.
  const std::vector<CounterRow>& rows = p.counters;
  const std::vector<uint32_t> order = grouped_order(
      rows.size(), [&](uint32_t i) { return int64_t{rows[i].kernel_seq}; },
      [&](uint32_t i) { return std::string_view(rows[i].location); },
      [&](uint32_t i) { return std::string_view(rows[i].name); }, std::less<std::string_view>(),
      std::less<std::string_view>());
  insert_rows(db_, "counters(run_id, kernel_seq, location, name, value)", order.size(),
              [&](SqliteStmt& insert, int at, size_t i) {
                const CounterRow& c = rows[order[i]];
                insert.bind(at, run).bind(at + 1, int64_t{c.kernel_seq}).bind_borrowed(at + 2, c.location);
                insert.bind_borrowed(at + 3, c.name).bind(at + 4, c.value);
              });

  SqliteStmt update(db_,
                    "UPDATE runs SET status = ?, wall_seconds = ?, cycles = ?, warp_insts = ?, "
                    "thread_insts = ? WHERE run_id = ?");
  update.bind(1, status).bind(2, wall_seconds).bind(3, to_i64(cycles));
  update.bind(4, to_i64(warp_insts)).bind(5, to_i64(thread_insts)).bind(6, run);
  update.run();
  if (sqlite3_changes(db_.get()) != 1) {
    // The row vanished (deleted by another process): refuse to leave orphan rows behind.
    throw SqliteError(SQLITE_NOTFOUND, "run " + std::to_string(run) + " is missing from " + path_);
  }
  tx.commit();
}

std::optional<int64_t> Recorder::find_run(const std::string& id_or_name) const {
  if (all_digits(id_or_name)) {
    // More digits than an int64 holds cannot name an existing run.
    if (id_or_name.size() > 18) return std::nullopt;
    SqliteStmt q(db_, "SELECT run_id FROM runs WHERE run_id = ?");
    q.bind(1, static_cast<int64_t>(std::stoll(id_or_name)));
    if (q.step()) return q.column_int64(0);
    return std::nullopt;
  }
  SqliteStmt q(db_, "SELECT run_id FROM runs WHERE name = ? ORDER BY run_id DESC LIMIT 1");
  q.bind(1, id_or_name);
  if (q.step()) return q.column_int64(0);
  return std::nullopt;
}

}  // namespace warpsim::stats
