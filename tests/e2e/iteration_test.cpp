// Design iteration (the design-iteration issue): many writers on one database, compare, regress.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cmath>
#include <sstream>
#include <string>

#include "cli_fixture.h"

namespace {

using namespace warpsim_e2e;

// Switching a new file to WAL takes an exclusive lock, and SQLite may answer busy without calling
// the busy handler: several processes starting together on one new file once lost runs. The race
// is rare, so the test repeats it on a fresh file each round.
TEST_F(Cli, EightConcurrentWritersRecordEightCompleteRuns) {
  constexpr int kWriters = 8;
  for (int round = 0; round < 5; ++round) {
    fs::remove(db());
    fs::remove(db() + "-wal");
    fs::remove(db() + "-shm");
    std::string cmd = "cd '" + dir_.string() + "' || exit 1; ";
    for (int i = 0; i < kWriters; ++i) {
      const std::string n = std::to_string(i);
      cmd += "('" + std::string(WARPSIM_BINARY) + "' run '" + workload("saxpy") + "' -c tiny --db '" + db() +
             "' --name w" + n + " >/dev/null 2>err" + n + "; echo $? >rc" + n + ") & ";
    }
    cmd += "wait";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    for (int i = 0; i < kWriters; ++i) {
      const std::string n = std::to_string(i);
      EXPECT_EQ(slurp(dir_ / ("rc" + n)), "0\n") << "round " << round << ": " << slurp(dir_ / ("err" + n));
    }
    EXPECT_EQ(one("select count(*) from runs where status = 'ok'"), std::to_string(kWriters)) << "round " << round;
    // Complete: every run has its kernel and counter rows.
    EXPECT_EQ(one("select count(distinct run_id) from kernels"), std::to_string(kWriters));
    EXPECT_EQ(one("select count(distinct run_id) from counters"), std::to_string(kWriters));
  }
}

}  // namespace

namespace {

using namespace warpsim_e2e;

class Iteration : public Cli {
 protected:
  // Two runs of saxpy on tiny, the second with a quarter of the L2.
  void two_runs() {
    ASSERT_EQ(warpsim("run " + workload("saxpy") + " -c tiny --db " + db() + " --name base").code, 0);
    ASSERT_EQ(warpsim("run " + workload("saxpy") + " -c tiny --set l2.slice_bytes=8192 --db " + db() + " --name small").code, 0);
  }
  std::string suite(const std::string& extra_case = "") {
    return write("suite.yaml", "counters:\n  gpu.cycles: 1%\n  l2.hits: 1%\ncases:\n  - {name: saxpy, workload: " +
                                   workload("saxpy") + ", config: tiny}\n  - {name: sgemm, workload: " +
                                   workload("sgemm") + ", config: tiny}\n" + extra_case);
  }
  // Scales every "gpu.cycles" value of the baseline by `factor`, hash and instruction counts untouched.
  void scale_baseline_cycles(double factor) {
    std::string text = slurp(dir_ / "suite.baseline.json");
    const std::string key = "\"gpu.cycles\": ";
    for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + 1)) {
      const size_t begin = at + key.size();
      const size_t end = text.find_first_of(",}\n", begin);
      const double v = std::stod(text.substr(begin, end - begin));
      text.replace(begin, end - begin, std::to_string(v * factor));
    }
    write("suite.baseline.json", text);
  }
};

TEST_F(Iteration, CompareListsBothRunsLargestRelativeChangeFirst) {
  two_runs();
  const Result r = warpsim("compare " + db() + " --json");  // no RUN: the last two runs
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("\"base_run\":1,\"new_run\":2"), std::string::npos) << r.out.substr(0, 300);
  // Sorted by |relative| descending: read the relative column back from the CSV.
  const Result csv = warpsim("compare " + db() + " --base base --new small --csv");
  ASSERT_EQ(csv.code, 0) << csv.err;
  std::istringstream lines(csv.out);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "workload,base_run,new_run,kernel_seq,kernel,location,counter,base,new,delta,relative");
  double last = 1e300;
  int rows = 0;
  bool l2_misses_rose = false;
  while (std::getline(lines, line)) {
    ++rows;
    const std::string rel = line.substr(line.rfind(',') + 1);
    const double mag = rel.empty() ? 1e300 : std::fabs(std::stod(rel));
    EXPECT_LE(mag, last) << line;
    last = mag;
    if (line.find(",l2,misses,") != std::string::npos) l2_misses_rose = !rel.empty() && std::stod(rel) > 0;
  }
  EXPECT_GT(rows, 100);
  EXPECT_TRUE(l2_misses_rose) << "a quarter of the L2 must miss more";
}

TEST_F(Iteration, CompareFiltersByKernelAndLocation) {
  two_runs();
  const Result by_name = warpsim("compare " + db() + " --kernel saxpy --location l2 --csv");
  const Result by_seq = warpsim("compare " + db() + " --kernel 1 --location l2 --csv");
  ASSERT_EQ(by_name.code, 0) << by_name.err;
  EXPECT_EQ(by_name.out, by_seq.out);
  std::istringstream lines(by_name.out);
  std::string line;
  std::getline(lines, line);
  int rows = 0;
  while (std::getline(lines, line)) {
    ++rows;
    EXPECT_NE(line.find(",1,saxpy,l2"), std::string::npos) << line;  // l2 and l2[i] only
  }
  EXPECT_GT(rows, 10);
  const Result text = warpsim("compare " + db() + " --location gpu --top 3");
  ASSERT_EQ(text.code, 0);
  EXPECT_NE(text.out.find("more rows; --top 0 shows all"), std::string::npos) << text.out;
}

TEST_F(Iteration, CompareBadInputExitsTwoNamingIt) {
  expect_bad_input(warpsim("compare nothere.db"), "nothere.db: no such database file");
  ASSERT_EQ(warpsim("run " + workload("saxpy") + " -c tiny --db " + db()).code, 0);
  expect_bad_input(warpsim("compare " + db()), "compare needs two finished runs, found 1");
  expect_bad_input(warpsim("compare " + db() + " --base 1 --new nosuch"), "--new: no run 'nosuch'");
  expect_bad_input(warpsim("compare " + db() + " --base 1 --new 1 --kernel nosuch"), "--kernel: no kernel 'nosuch'");
  sqlite3* h = nullptr;
  const std::string foreign = (dir_ / "foreign.db").string();
  ASSERT_EQ(sqlite3_open(foreign.c_str(), &h), SQLITE_OK);
  sqlite3_exec(h, "create table runs(x); insert into runs values(1)", nullptr, nullptr, nullptr);
  sqlite3_close(h);
  expect_bad_input(warpsim("compare " + foreign), "foreign.db: not a warpsim database");
}

TEST_F(Iteration, RegressPassesUnchangedAndFailsATimingChangeEitherWay) {
  const std::string s = suite();
  const Result update = warpsim("regress " + s + " --update-baseline --db " + db());
  ASSERT_EQ(update.code, 0) << update.out << update.err;
  ASSERT_TRUE(fs::exists(dir_ / "suite.baseline.json"));
  const Result same = warpsim("regress " + s + " --db " + db());
  EXPECT_EQ(same.code, 0) << same.out << same.err;
  EXPECT_NE(same.out.find("2 cases: 2 ok, 0 regressed, 0 stale"), std::string::npos) << same.out;

  const std::string good = slurp(dir_ / "suite.baseline.json");
  for (double factor : {1.1, 1 / 1.1}) {  // the model got slower, then faster: both fail
    scale_baseline_cycles(factor);
    const Result r = warpsim("regress " + s + " --db " + db());
    EXPECT_EQ(r.code, 5) << r.out << r.err;
    EXPECT_NE(r.out.find("REGRESSION  saxpy: kernel 1 saxpy: gpu.cycles"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("REGRESSION  sgemm: kernel 1 sgemm: gpu.cycles"), std::string::npos) << r.out;
    write("suite.baseline.json", good);
  }
}

TEST_F(Iteration, RegressReportsAChangedConfigAsStale) {
  ASSERT_EQ(warpsim("regress " + suite() + " --update-baseline --db " + db()).code, 0);
  std::string text = slurp(dir_ / "suite.yaml");
  text.replace(text.find("config: tiny}"), 13, "config: tiny, set: [l2.slice_bytes=8192]}");
  const Result r = warpsim("regress " + write("suite.yaml", text) + " --db " + db());
  EXPECT_EQ(r.code, 6) << r.out << r.err;
  EXPECT_NE(r.out.find("STALE       saxpy: config hash"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ok          sgemm"), std::string::npos) << r.out;
}

TEST_F(Iteration, RegressBadInputExitsTwoWithPathAndLine) {
  expect_bad_input(warpsim("regress " + suite() + " --db " + db()), "suite.baseline.json: no baseline");
  expect_bad_input(warpsim("regress " + write("bad.yaml", "cases:\n  - {name: a, workload: nowhere, config: tiny}\n")),
                   "bad.yaml:2: workload");
  expect_bad_input(warpsim("regress " + write("bad2.yaml", "cases:\n  - {name: a, workload: " + workload("saxpy") +
                                                          "}\ncounterz: {}\n")),
                   "bad2.yaml:3: unknown key 'counterz'");
  expect_bad_input(warpsim("regress " + write("bad3.yaml", "counters: {cycles: 2%}\ncases: []\n")),
                   "bad3.yaml:1: counter 'cycles' must be LOCATION.COUNTER");
  expect_bad_input(warpsim("regress " + suite("  - {name: x, workload: " + workload("saxpy") +
                                             ", config: tiny, set: [l2.nosuch=1]}\n") +
                           " --update-baseline --db " + db()),
                   "suite.yaml:7: case 'x': --set: unknown key 'l2.nosuch'");
  write("suite.baseline.json", "{\"sim_version\": \"x\", \"cases\": {\"saxpy\": {\"workload\": 3}}}");
  expect_bad_input(warpsim("regress " + suite() + " --db " + db()), "suite.baseline.json:1: missing \"config_hash\"");
}

}  // namespace
