// The SQLite recorder (sim/stats/recorder.h): the schema contract of DESIGN.md §7 and its
// crash-consistency rules, checked through a second, independent connection.
#include "sim/stats/recorder.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/error.h"
#include "sim/stats/counter_registry.h"

namespace warpsim::stats {
namespace {

namespace fs = std::filesystem;

class RecorderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) /
           ("warpsim_recorder_" + std::string(info->name()) + "_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "runs.db").string();
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // A second connection, as another process (compare, report) would see the database.
  SqliteDb reader() const { return SqliteDb(path_, SQLITE_OPEN_READONLY); }

  static std::vector<std::string> columns(const SqliteDb& db, const std::string& table) {
    SqliteStmt q(db, "SELECT name FROM pragma_table_info(?) ORDER BY cid");
    q.bind(1, table);
    std::vector<std::string> out;
    while (q.step()) out.push_back(q.column_text(0));
    return out;
  }

  static int64_t count(const SqliteDb& db, const std::string& table, int64_t run) {
    // Table names cannot be bound; they come from this test, never from data.
    SqliteStmt q(db, "SELECT COUNT(*) FROM " + table + " WHERE run_id = ?");
    q.bind(1, run);
    EXPECT_TRUE(q.step());
    return q.column_int64(0);
  }

  static std::string status(const SqliteDb& db, int64_t run) {
    SqliteStmt q(db, "SELECT status FROM runs WHERE run_id = ?");
    q.bind(1, run);
    return q.step() ? q.column_text(0) : "<missing>";
  }

  static RunInfo info(const std::string& name) {
    RunInfo r;
    r.name = name;
    r.workload = "workloads/saxpy/manifest.yaml";
    r.config_name = "tiny";
    r.config_json = R"({"core":{"scheduler":"gto"}})";
    r.config_hash = "cbf29ce484222325";
    r.sim_version = "0.1.0";
    r.started_at = now_iso8601();
    return r;
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(RecorderTest, CreatesExactlyTheSchema) {
  Recorder rec(path_);
  SqliteDb db = reader();
  EXPECT_EQ(columns(db, "runs"),
            (std::vector<std::string>{"run_id", "name", "workload", "config_name", "config_json",
                                      "config_hash", "sim_version", "started_at", "wall_seconds",
                                      "status", "cycles", "warp_insts", "thread_insts"}));
  EXPECT_EQ(columns(db, "kernels"),
            (std::vector<std::string>{"run_id", "kernel_seq", "name", "grid_x", "grid_y", "grid_z",
                                      "block_x", "block_y", "block_z", "start_cycle", "end_cycle",
                                      "cycles", "warp_insts", "thread_insts"}));
  EXPECT_EQ(columns(db, "counters"),
            (std::vector<std::string>{"run_id", "kernel_seq", "location", "name", "value"}));
  EXPECT_EQ(columns(db, "samples"),
            (std::vector<std::string>{"run_id", "cycle", "location", "name", "value"}));

  SqliteStmt pk(db, "SELECT type, pk FROM pragma_table_info('runs') WHERE name = 'run_id'");
  ASSERT_TRUE(pk.step());
  EXPECT_EQ(pk.column_text(0), "INTEGER");
  EXPECT_EQ(pk.column_int64(1), 1);

  SqliteStmt version(db, "SELECT value FROM meta WHERE key = 'schema_version'");
  ASSERT_TRUE(version.step());
  EXPECT_EQ(version.column_text(0), std::to_string(kSchemaVersion));

  SqliteStmt index(db,
                   "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = "
                   "'counters_by_run'");
  ASSERT_TRUE(index.step());
  EXPECT_EQ(index.column_int64(0), 1);
}

TEST_F(RecorderTest, UsesWalJournal) {
  Recorder rec(path_);
  SqliteDb db = reader();
  SqliteStmt q(db, "PRAGMA journal_mode");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.column_text(0), "wal");
}

TEST_F(RecorderTest, RunIsInterruptedRightAfterBegin) {
  Recorder rec(path_);
  int64_t run = rec.begin_run(info("base"));
  SqliteDb db = reader();
  EXPECT_EQ(status(db, run), "interrupted");
  SqliteStmt q(db,
               "SELECT name, workload, config_name, config_json, config_hash, sim_version, "
               "started_at, wall_seconds, cycles FROM runs WHERE run_id = ?");
  q.bind(1, run);
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.column_text(0), "base");
  EXPECT_EQ(q.column_text(1), "workloads/saxpy/manifest.yaml");
  EXPECT_EQ(q.column_text(2), "tiny");
  EXPECT_EQ(q.column_text(3), R"({"core":{"scheduler":"gto"}})");
  EXPECT_EQ(q.column_text(4), "cbf29ce484222325");
  EXPECT_EQ(q.column_text(5), "0.1.0");
  EXPECT_EQ(q.column_text(6).size(), 20u);  // YYYY-MM-DDTHH:MM:SSZ
  EXPECT_TRUE(q.column_is_null(7));
  EXPECT_TRUE(q.column_is_null(8));
}

TEST_F(RecorderTest, BufferedRowsAreInvisibleUntilFinish) {
  Recorder rec(path_);
  int64_t run = rec.begin_run(info("base"));
  rec.add_kernel(run,
                 KernelRow{1, "saxpy", {{4096, 1, 1}}, {{256, 1, 1}}, 0, 900, 900, 32768, 1048576});
  rec.add_counters(run, {{1, "gpu", "cycles", 900.0}});
  rec.add_samples(run, {{100, "gpu", "warp_insts", 10.0}});
  SqliteDb db = reader();
  EXPECT_EQ(count(db, "kernels", run), 0);
  EXPECT_EQ(count(db, "counters", run), 0);
  EXPECT_EQ(count(db, "samples", run), 0);
}

TEST_F(RecorderTest, FinishRunWritesEverything) {
  Recorder rec(path_);
  int64_t run = rec.begin_run(info("base"));

  CounterRegistry reg;
  Counter& insts = reg.counter("gpu", "warp_insts");
  Counter& hits = reg.counter("l2[17]", "hits");
  Sampler sampler(reg, 100);
  Snapshot start = reg.snapshot();
  for (uint64_t cycle = 1; cycle <= 300; ++cycle) {
    ++insts;
    if (cycle % 3 == 0) ++hits;
    sampler.maybe_sample(cycle);
  }
  CounterTable kernel1 = to_table(delta(start, reg.snapshot()));
  kernel1[{"gpu", "ipc"}] = 1.0;
  rec.add_kernel(run, KernelRow{1, "saxpy", {{4096, 2, 3}}, {{256, 4, 1}}, 5, 305, 300, 300, 9600});
  rec.add_counters(run, to_rows(1, kernel1));
  rec.add_counters(run, to_rows(0, reg.snapshot()));
  rec.add_samples(run, sampler.take());
  rec.finish_run(run, "ok", 1.25, 300, 300, 9600);

  SqliteDb db = reader();
  SqliteStmt r(db,
               "SELECT status, wall_seconds, cycles, warp_insts, thread_insts FROM runs "
               "WHERE run_id = ?");
  r.bind(1, run);
  ASSERT_TRUE(r.step());
  EXPECT_EQ(r.column_text(0), "ok");
  EXPECT_DOUBLE_EQ(r.column_double(1), 1.25);
  EXPECT_EQ(r.column_int64(2), 300);
  EXPECT_EQ(r.column_int64(3), 300);
  EXPECT_EQ(r.column_int64(4), 9600);

  SqliteStmt k(db,
               "SELECT kernel_seq, name, grid_x, grid_y, grid_z, block_x, block_y, block_z, "
               "start_cycle, end_cycle, cycles, warp_insts, thread_insts FROM kernels "
               "WHERE run_id = ?");
  k.bind(1, run);
  ASSERT_TRUE(k.step());
  std::vector<int64_t> ints;
  for (int c : {0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}) ints.push_back(k.column_int64(c));
  EXPECT_EQ(ints, (std::vector<int64_t>{1, 4096, 2, 3, 256, 4, 1, 5, 305, 300, 300, 9600}));
  EXPECT_EQ(k.column_text(1), "saxpy");
  EXPECT_FALSE(k.step());

  EXPECT_EQ(count(db, "counters", run), 5);  // 3 for kernel 1, 2 run totals
  SqliteStmt c(db,
               "SELECT value FROM counters WHERE run_id = ? AND kernel_seq = ? AND "
               "location = ? AND name = ?");
  c.bind(1, run).bind(2, int64_t{1}).bind(3, std::string("l2[17]")).bind(4, std::string("hits"));
  ASSERT_TRUE(c.step());
  EXPECT_DOUBLE_EQ(c.column_double(0), 100.0);

  SqliteStmt s(db,
               "SELECT cycle, location, name, value FROM samples WHERE run_id = ? "
               "ORDER BY cycle, location");
  s.bind(1, run);
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.column_int64(0), 100);
  EXPECT_EQ(s.column_text(1), "gpu");
  EXPECT_DOUBLE_EQ(s.column_double(3), 100.0);
  EXPECT_EQ(count(db, "samples", run), 6);

  // A finished run takes no more rows.
  EXPECT_THROW(rec.add_counters(run, {{0, "gpu", "x", 1.0}}), std::invalid_argument);
  EXPECT_THROW(rec.finish_run(run, "ok", 0, 0, 0, 0), std::invalid_argument);
}

TEST_F(RecorderTest, FailureStatusIsRecorded) {
  Recorder rec(path_);
  int64_t run = rec.begin_run(info("bad"));
  rec.add_counters(run, {{0, "gpu", "cycles", 42.0}});
  rec.finish_run(run, "deadlock", 0.5, 42, 7, 200);
  SqliteDb db = reader();
  EXPECT_EQ(status(db, run), "deadlock");
  EXPECT_EQ(count(db, "counters", run), 1);
}

TEST_F(RecorderTest, RejectsUnknownStatusAndUnknownRun) {
  Recorder rec(path_);
  int64_t run = rec.begin_run(info("x"));
  EXPECT_THROW(rec.finish_run(run, "fine", 0, 0, 0, 0), std::invalid_argument);
  EXPECT_THROW(rec.add_kernel(run + 1, KernelRow{}), std::invalid_argument);
  EXPECT_TRUE(is_valid_run_status("max_cycles"));
  EXPECT_FALSE(is_valid_run_status("OK"));
  EXPECT_EQ(status(reader(), run), "interrupted");
}

TEST_F(RecorderTest, KilledRunStaysInterruptedWithNoCounters) {
  int64_t run = 0;
  {
    Recorder rec(path_);
    run = rec.begin_run(info("killed"));
    rec.add_kernel(run, KernelRow{1, "k", {{1, 1, 1}}, {{32, 1, 1}}, 0, 10, 10, 1, 32});
    rec.add_counters(run, {{1, "gpu", "cycles", 10.0}});
    // The recorder goes away without finish_run, as when the process dies.
  }
  SqliteDb db = reader();
  EXPECT_EQ(status(db, run), "interrupted");
  EXPECT_EQ(count(db, "kernels", run), 0);
  EXPECT_EQ(count(db, "counters", run), 0);
}

TEST_F(RecorderTest, FinishRunIsAllOrNothing) {
  Recorder rec(path_);
  int64_t run = rec.begin_run(info("vanishing"));
  rec.add_kernel(run, KernelRow{1, "k", {{1, 1, 1}}, {{32, 1, 1}}, 0, 10, 10, 1, 32});
  rec.add_counters(run, {{1, "gpu", "cycles", 10.0}, {0, "gpu", "cycles", 10.0}});
  {
    // Another process deletes the run row: the final UPDATE matches nothing, so the whole
    // transaction (kernels and counters already inserted in it) must roll back.
    SqliteDb other(path_, SQLITE_OPEN_READWRITE);
    SqliteStmt del(other, "DELETE FROM runs WHERE run_id = ?");
    del.bind(1, run).run();
  }
  EXPECT_THROW(rec.finish_run(run, "ok", 1.0, 10, 1, 32), SqliteError);
  SqliteDb db = reader();
  EXPECT_EQ(count(db, "kernels", run), 0);
  EXPECT_EQ(count(db, "counters", run), 0);
}

TEST_F(RecorderTest, LargeSampleBuffersFlushInCompleteBatches) {
  RecorderOptions options;
  options.sample_batch_rows = 4;
  Recorder rec(path_, options);
  int64_t run = rec.begin_run(info("sampled"));
  std::vector<SampleRow> batch;
  for (uint64_t c = 1; c <= 3; ++c) batch.push_back({c * 10, "gpu", "warp_insts", double(c)});
  rec.add_samples(run, batch);
  EXPECT_EQ(count(reader(), "samples", run), 0);  // under the limit: still buffered
  rec.add_samples(run, batch);                    // 6 > 4: written in one transaction
  EXPECT_EQ(count(reader(), "samples", run), 6);
  rec.add_samples(run, {{100, "gpu", "warp_insts", 1.0}});
  rec.finish_run(run, "ok", 0.1, 100, 1, 1);
  EXPECT_EQ(count(reader(), "samples", run), 7);
}

TEST_F(RecorderTest, FindRunByIdAndByName) {
  Recorder rec(path_);
  int64_t a = rec.begin_run(info("base"));
  rec.finish_run(a, "ok", 1, 1, 1, 1);
  int64_t b = rec.begin_run(info("new"));
  rec.finish_run(b, "ok", 1, 1, 1, 1);
  int64_t c = rec.begin_run(info("base"));  // a rerun under the same name
  EXPECT_EQ(rec.find_run(std::to_string(a)), a);
  EXPECT_EQ(rec.find_run(std::to_string(b)), b);
  EXPECT_EQ(rec.find_run("base"), c);  // the latest
  EXPECT_EQ(rec.find_run("new"), b);
  EXPECT_EQ(rec.find_run("missing"), std::nullopt);
  EXPECT_EQ(rec.find_run("999"), std::nullopt);
  EXPECT_EQ(rec.find_run("99999999999999999999999"), std::nullopt);
  EXPECT_EQ(rec.find_run(""), std::nullopt);
}

TEST_F(RecorderTest, TwoRunsInOneDatabaseKeepTheirRowsApart) {
  Recorder rec(path_);
  int64_t a = rec.begin_run(info("a"));
  int64_t b = rec.begin_run(info("b"));
  EXPECT_NE(a, b);
  rec.add_counters(a, {{0, "gpu", "cycles", 1.0}});
  rec.add_counters(b, {{0, "gpu", "cycles", 2.0}, {0, "gpu", "warp_insts", 3.0}});
  rec.finish_run(b, "ok", 1, 2, 3, 96);
  rec.finish_run(a, "max_cycles", 1, 1, 0, 0);
  SqliteDb db = reader();
  EXPECT_EQ(count(db, "counters", a), 1);
  EXPECT_EQ(count(db, "counters", b), 2);
  EXPECT_EQ(status(db, a), "max_cycles");
  EXPECT_EQ(status(db, b), "ok");
}

TEST_F(RecorderTest, ReopensAnExistingDatabase) {
  int64_t first = 0;
  {
    Recorder rec(path_);
    first = rec.begin_run(info("first"));
    rec.add_counters(first, {{0, "gpu", "cycles", 5.0}});
    rec.finish_run(first, "ok", 1, 5, 1, 1);
  }
  Recorder rec(path_);
  EXPECT_EQ(rec.find_run("first"), first);
  int64_t second = rec.begin_run(info("second"));
  EXPECT_GT(second, first);
  rec.finish_run(second, "ok", 1, 1, 1, 1);
  SqliteDb db = reader();
  EXPECT_EQ(count(db, "counters", first), 1);
  SqliteStmt q(db, "SELECT COUNT(*) FROM meta");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.column_int64(0), 1);
}

TEST_F(RecorderTest, UnwritablePathIsInputError) {
  std::string bad = (dir_ / "no_such_dir" / "runs.db").string();
  try {
    Recorder rec(bad);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.path(), bad);
    EXPECT_NE(std::string(e.what()).find("cannot open database"), std::string::npos) << e.what();
  }
  EXPECT_THROW(Recorder(dir_.string()), InputError);  // a directory
}

TEST_F(RecorderTest, NonDatabaseFileIsInputError) {
  std::ofstream(path_) << "this is not an SQLite database, just some text that is long enough\n";
  EXPECT_THROW(Recorder rec(path_), InputError);
}

TEST_F(RecorderTest, IncompatibleTableIsInputError) {
  {
    SqliteDb db(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    db.exec("CREATE TABLE counters(run_id INTEGER, kernel INTEGER, counter TEXT, value REAL)");
  }
  try {
    Recorder rec(path_);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("counters"), std::string::npos) << what;
    EXPECT_NE(what.find("incompatible"), std::string::npos) << what;
    EXPECT_EQ(e.path(), path_);
  }
}

TEST(Recorder, NowIso8601LooksLikeUtcTimestamp) {
  std::string t = now_iso8601();
  ASSERT_EQ(t.size(), 20u);
  EXPECT_EQ(t[4], '-');
  EXPECT_EQ(t[10], 'T');
  EXPECT_EQ(t[19], 'Z');
}

}  // namespace
}  // namespace warpsim::stats
