#include "sim/analysis/merge.h"

#include <sqlite3.h>

#include <filesystem>

#include "sim/analysis/run_db.h"
#include "sim/error.h"
#include "sim/stats/recorder.h"

namespace warpsim::analysis {

namespace {

namespace fs = std::filesystem;

std::vector<std::string> columns(const stats::SqliteDb& db, const std::string& schema, const std::string& table) {
  stats::SqliteStmt info(db, "PRAGMA " + schema + ".table_info(" + table + ")");
  std::vector<std::string> out;
  while (info.step()) out.push_back(info.column_text(1));
  return out;
}

std::string join(const std::vector<std::string>& v, size_t from = 0) {
  std::string out;
  for (size_t i = from; i < v.size(); ++i) out += (out.empty() ? "" : ", ") + v[i];
  return out;
}

}  // namespace

MergeResult merge_databases(const std::vector<std::string>& inputs, const std::string& output) {
  std::error_code ec;
  for (const std::string& in : inputs) {
    if (fs::exists(output, ec) && fs::equivalent(in, output, ec)) {
      throw InputError(in, 0, "is also the output (-o): merge into a new file");
    }
    RunDb check(in);  // exists, and has the tables of a run database
  }
  stats::Recorder out(output);  // creates the output, or checks an existing one's schema
  const stats::SqliteDb& db = out.db();
  MergeResult result;
  const char* tables[] = {"runs", "kernels", "counters", "samples", "meta"};
  for (const std::string& in : inputs) {
    stats::SqliteStmt attach(db, "ATTACH DATABASE ? AS src");
    attach.bind(1, in).run();
    try {
      for (const char* t : tables) {
        const std::vector<std::string> want = columns(db, "main", t);
        const std::vector<std::string> have = columns(db, "src", t);
        if (have != want) {
          throw InputError(in, 0, std::string("table ") + t + " has columns (" + join(have) + "), expected (" + join(want) + ")");
        }
      }
      stats::SqliteStmt version(db, "SELECT value FROM src.meta WHERE key = 'schema_version'");
      const std::string v = version.step() ? version.column_text(0) : "";
      if (v != std::to_string(stats::kSchemaVersion)) {
        throw InputError(in, 0, "schema version '" + v + "', expected " + std::to_string(stats::kSchemaVersion));
      }
      const std::vector<std::string> run_cols = columns(db, "main", "runs");
      stats::SqliteTransaction tx(db);
      stats::SqliteStmt runs(db, "SELECT run_id FROM src.runs ORDER BY run_id");
      stats::SqliteStmt copy_run(db, "INSERT INTO main.runs(" + join(run_cols, 1) + ") SELECT " + join(run_cols, 1) +
                                         " FROM src.runs WHERE run_id = ?");
      auto copy_rows = [&](const char* table) {
        const std::vector<std::string> cols = columns(db, "main", table);
        return stats::SqliteStmt(db, std::string("INSERT INTO main.") + table + " SELECT ?, " + join(cols, 1) +
                                         " FROM src." + table + " WHERE run_id = ?");
      };
      stats::SqliteStmt kernels = copy_rows("kernels"), counters = copy_rows("counters"), samples = copy_rows("samples");
      while (runs.step()) {
        const int64_t old_id = runs.column_int64(0);
        copy_run.bind(1, old_id).run();
        const int64_t new_id = sqlite3_last_insert_rowid(db.get());
        for (stats::SqliteStmt* s : {&kernels, &counters, &samples}) s->bind(1, new_id).bind(2, old_id).run();
        ++result.runs;
      }
      tx.commit();
    } catch (...) {
      db.exec("DETACH DATABASE src");
      throw;
    }
    db.exec("DETACH DATABASE src");
  }
  stats::SqliteStmt n(db, "SELECT count(*) FROM runs");
  result.total_runs = n.step() ? size_t(n.column_int64(0)) : 0;
  return result;
}

}  // namespace warpsim::analysis
