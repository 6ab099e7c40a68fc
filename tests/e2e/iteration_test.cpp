// Design iteration (the design-iteration issue): many writers on one database, compare, regress.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <signal.h>
#include <unistd.h>

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

namespace {

using namespace warpsim_e2e;

class Sweep : public Cli {
 protected:
  // 2 x 3 x 2 = 12 points, each on saxpy and sgemm: 24 runs.
  std::string spec() {
    return write("space.yaml", "name: space\nconfig: tiny\nparameters:\n  core.num_schedulers: [2, 4]\n"
                               "  l2.slice_bytes: [8192, 16384, 32768]\n  dram.standard: [HBM2, GDDR6]\n"
                               "workloads: [" + workload("saxpy") + ", " + workload("sgemm") + "]\n");
  }
  void expect_every_run_once() {
    EXPECT_EQ(one("select count(*) from runs where status = 'ok'"), "24");
    EXPECT_EQ(one("select count(distinct name) from runs where status = 'ok'"), "12");
    EXPECT_EQ(one("select count(*) from (select name, workload from runs where status = 'ok' group by 1, 2 having count(*) > 1)"), "0");
  }
};

TEST_F(Sweep, EveryPointRunsOnEveryWorkloadInParallel) {
  const Result r = warpsim("sweep " + spec() + " --db " + db() + " -j 2");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  expect_every_run_once();
  EXPECT_NE(r.out.find("[24/24] "), std::string::npos) << r.out;  // plain progress lines off a terminal
  EXPECT_EQ(one("select count(*) from runs where name = 'space:core.num_schedulers=4,l2.slice_bytes=8192,dram.standard=GDDR6'"), "2");
  // The parameter reached the model: a smaller L2 misses more.
  const std::string small = one("select sum(c.value) from counters c join runs r using(run_id) where r.name like "
                                "'space:core.num_schedulers=2,l2.slice_bytes=8192,dram.standard=HBM2' and c.kernel_seq = 0 "
                                "and c.location = 'l2' and c.name = 'misses'");
  const std::string big = one("select sum(c.value) from counters c join runs r using(run_id) where r.name like "
                              "'space:core.num_schedulers=2,l2.slice_bytes=32768,dram.standard=HBM2' and c.kernel_seq = 0 "
                              "and c.location = 'l2' and c.name = 'misses'");
  EXPECT_GT(std::stod(small), std::stod(big));
  // Run again: nothing left to do.
  const Result again = warpsim("sweep " + spec() + " --db " + db());
  ASSERT_EQ(again.code, 0);
  EXPECT_NE(again.out.find("24 already in"), std::string::npos) << again.out;
  expect_every_run_once();
}

TEST_F(Sweep, KilledHalfWayResumesAndRunsEveryPointOnce) {
  const std::string s = spec();
  // The sweep and its runs in a process group of their own, killed together (as Ctrl-C would) once
  // a few runs have finished.
  const std::string start = "cd '" + dir_.string() + "' || exit 1; setsid '" + std::string(WARPSIM_BINARY) + "' sweep " +
                            s + " --db " + db() + " -j 2 >killed.out 2>&1 & echo $! >pid";
  ASSERT_EQ(std::system(start.c_str()), 0);
  for (int i = 0; i < 600 && count_while_written(db(), "select count(*) from runs where status = 'ok'") < 3; ++i) {
    ::usleep(10000);
  }
  const pid_t group = pid_t(std::stol(slurp(dir_ / "pid")));
  ASSERT_EQ(::kill(-group, SIGKILL), 0);
  for (int i = 0; i < 500 && ::kill(-group, 0) == 0; ++i) ::usleep(10000);  // until the group is gone
  const int before = std::stoi(one("select count(*) from runs where status = 'ok'"));
  ASSERT_LT(before, 24) << "the sweep finished before it was killed: make it longer";
  const Result r = warpsim("sweep " + s + " --db " + db() + " -j 2");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find(std::to_string(before) + " already in"), std::string::npos) << r.out;
  expect_every_run_once();
}

TEST_F(Sweep, BadSweepFileExitsTwoWithPathAndLine) {
  expect_bad_input(warpsim("sweep " + write("z.yaml", "mode: zip\nparameters:\n  a.b: [1, 2]\n  c.d: [1]\nworkloads: [" +
                                                          workload("saxpy") + "]\n")),
                   "z.yaml:2: mode zip: every list needs the same length");
  expect_bad_input(warpsim("sweep " + write("u.yaml", "workloads: [" + workload("saxpy") + "]\nparams: {}\n")),
                   "u.yaml:2: unknown key 'params'");
  expect_bad_input(warpsim("sweep " + write("w.yaml", "workloads: [nowhere]\n")), "w.yaml:1: workload");
  // A point the config refuses is the run's bad input: reported, the other points still run.
  const Result r = warpsim("sweep " + write("k.yaml", "config: tiny\nparameters:\n  l2.nosuch: [1]\nworkloads: [" +
                                                    workload("saxpy") + "]\n") + " --db " + db());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("unknown key 'l2.nosuch'"), std::string::npos) << r.out;
}

}  // namespace

namespace {

using namespace warpsim_e2e;

TEST_F(Cli, MergeRenumbersRunsAndLosesNothing) {
  const std::string a = (dir_ / "a.db").string(), b = (dir_ / "b.db").string();
  ASSERT_EQ(warpsim("run " + workload("saxpy") + " -c tiny --db " + a + " --name one").code, 0);
  ASSERT_EQ(warpsim("run " + workload("sgemm") + " -c tiny --db " + a + " --sample-interval 500").code, 0);
  ASSERT_EQ(warpsim("run " + workload("bfs") + " -c tiny --db " + b + " --name three").code, 0);
  const Result r = warpsim("merge " + a + " " + b + " -o " + db());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(query("select run_id || ':' || coalesce(name, '') from runs order by run_id"),
            (std::vector<std::string>{"1:one", "2:", "3:three"}));
  // Every row of both inputs, under its new run id.
  auto totals = [&](const std::string& file) {
    sqlite3* h = nullptr;
    sqlite3_open_v2(file.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
    std::vector<long> n;
    for (const char* t : {"kernels", "counters", "samples"}) {
      sqlite3_stmt* st = nullptr;
      sqlite3_prepare_v2(h, (std::string("select count(*) from ") + t).c_str(), -1, &st, nullptr);
      sqlite3_step(st);
      n.push_back(sqlite3_column_int64(st, 0));
      sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return n;
  };
  const auto ta = totals(a), tb = totals(b), to = totals(db());
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(to[i], ta[i] + tb[i]) << i;
  EXPECT_GT(to[2], 0);  // the samples came along
  // bfs (run 3, from b.db) kept its kernels: one gpu.cycles per kernel plus the run level.
  EXPECT_EQ(std::stoi(one("select count(*) from counters where run_id = 3 and location = 'gpu' and name = 'cycles'")),
            std::stoi(one("select count(*) from kernels where run_id = 3")) + 1);

  expect_bad_input(warpsim("merge " + a + " -o " + a), "a.db: is also the output");
  expect_bad_input(warpsim("merge nowhere.db -o " + db()), "nowhere.db: no such database file");
  const std::string foreign = write("foreign.db", "not a database at all");
  expect_bad_input(warpsim("merge " + foreign + " -o " + db()), "foreign.db: cannot read database");
}

}  // namespace

namespace {

using namespace warpsim_e2e;

class Correlate : public Cli {
 protected:
  // bfs on tiny: 11 kernels, 10 of them launches of bfs_level, matched in launch order.
  void SetUp() override {
    Cli::SetUp();
    ASSERT_EQ(warpsim("run " + workload("bfs") + " -c tiny --db " + db()).code, 0);
    kernels_ = query("select name || '|' || cycles || '|' || warp_insts from kernels order by kernel_seq");
    ASSERT_EQ(kernels_.size(), 11u);
  }
  // Nsight Compute's --csv shape, demangled names, thousands separators; cycles 5 % above the
  // simulation on every launch, instructions equal.
  std::string nsight_csv() {
    std::string csv = "\"ID\",\"Kernel Name\",\"Section Name\",\"Metric Name\",\"Metric Unit\",\"Metric Value\"\n";
    for (size_t i = 0; i < kernels_.size(); ++i) {
      const auto f = split(kernels_[i]);
      const std::string row = "\"" + std::to_string(i) + "\",\"" + f[0] + "(int*, int, int)\",\"Command line profiler metrics\",";
      csv += row + "\"gpc__cycles_elapsed.max\",\"cycle\",\"" + thousands(std::stod(f[1]) * 1.05) + "\"\n";
      csv += row + "\"smsp__inst_executed.sum\",\"inst\",\"" + thousands(std::stod(f[2])) + "\"\n";
    }
    return write("ncu.csv", "==PROF== Connected to process 1\n" + csv);
  }
  static std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    for (std::string part; std::getline(ss, part, '|');) out.push_back(part);
    return out;
  }
  static std::string thousands(double v) {
    std::string digits = std::to_string(static_cast<long long>(std::llround(v * 100)));
    while (digits.size() < 3) digits = "0" + digits;
    std::string whole = digits.substr(0, digits.size() - 2), out;
    for (size_t i = 0; i < whole.size(); ++i) {
      if (i != 0 && (whole.size() - i) % 3 == 0) out += ',';
      out += whole[i];
    }
    return out + "." + digits.substr(digits.size() - 2);
  }
  std::vector<std::string> kernels_;
};

TEST_F(Correlate, NsightCsvMatchesLaunchesByNameAndOrder) {
  const Result r = warpsim("correlate " + db() + " " + nsight_csv());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("11 launches matched, 0 hardware-only, 0 simulated-only"), std::string::npos) << r.out;
  // Every launch 5 % fast in the simulator: MAPE 4.76 %, all within 10 %, none within 1 %.
  EXPECT_NE(r.out.find("gpc__cycles_elapsed.max          11      4.76%      -4.76%    1.0000     0/11       11/11"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("smsp__inst_executed.sum          11      0.00%      +0.00%    1.0000    11/11       11/11"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bfs_level                      #10"), std::string::npos) << r.out;
}

TEST_F(Correlate, PlainCsvAtAnotherClockIsComparedAsTime) {
  std::string csv = "kernel,cycles\n";
  for (const std::string& k : kernels_) csv += split(k)[0] + "," + split(k)[1] + "\n";
  // The same cycle counts on a GPU clocked at half the preset's core clock take twice as long.
  const std::string mhz = one("select json_extract(config_json, '$.clocks.core_mhz') from runs");
  const Result r = warpsim("correlate " + db() + " " + write("hw.csv", csv) + " --summary --hw-clock-mhz " +
                           std::to_string(std::stod(mhz) / 2));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("cycles [us]                      11     50.00%     -50.00%"), std::string::npos) << r.out;
}

TEST_F(Correlate, BadInputExitsTwoNamingIt) {
  expect_bad_input(warpsim("correlate " + db() + " " + write("a.csv", "name_of_it,cycles\nbfs_init,5\n")),
                   "a.csv:1: no kernel column");
  expect_bad_input(warpsim("correlate " + db() + " " + write("b.csv", "kernel,bananas\nbfs_init,5\n")),
                   "b.csv:1: no metric column");
  expect_bad_input(warpsim("correlate " + db() + " " + write("c.csv", "kernel,cycles\nsomething_else,5\n")),
                   "c.csv: no hardware launch matches a simulated kernel");
  expect_bad_input(warpsim("correlate " + db() + " " + write("d.csv", "kernel,cycles\nbfs_init,5\n") + " --map " +
                           write("m.yaml", "metrics:\n  cycles: {counter: cycles}\n")),
                   "m.yaml:2: cycles: counter 'cycles' must be LOCATION.COUNTER");
  expect_bad_input(warpsim("correlate " + db() + " nowhere.csv"), "nowhere.csv: cannot open");
}

}  // namespace

namespace {

using namespace warpsim_e2e;

// Skips a test that needs a tool this machine lacks, saying precisely what is missing; under CI
// (CI=true, where .ci/run installs the tool) the skip is a failure instead.
#define SKIP_OR_FAIL_WITHOUT(tool, why)                                                   \
  do {                                                                                    \
    if (std::system("command -v " tool " >/dev/null 2>&1") != 0) {                        \
      const char* ci = std::getenv("CI");                                                 \
      if (ci != nullptr && std::string(ci) == "true") FAIL() << tool " is missing: " why; \
      GTEST_SKIP() << tool " is not installed (" why "): apt-get install " tool;          \
    }                                                                                     \
  } while (0)

TEST_F(Cli, ReportRendersInHeadlessChromiumWithEveryChartDrawn) {
  SKIP_OR_FAIL_WITHOUT("chromium", "the report is checked in a real browser");
  const std::string sweep = write("s.yaml", "name: s\nconfig: tiny\nparameters:\n  l2.slice_bytes: [8192, 16384]\n"
                                            "workloads: [" + workload("saxpy") + "]\n");
  ASSERT_EQ(warpsim("sweep " + sweep + " --db " + db() + " -j 2").code, 0);
  ASSERT_EQ(warpsim("run " + workload("saxpy") + " -c tiny --db " + db() + " --sample-interval 5000").code, 0);
  const std::string html = (dir_ / "report.html").string();
  // Measured cycles for the three saxpy launches: a simulated-vs-measured scatter plot.
  const std::string hw = write("hw.csv", "kernel,cycles\nsaxpy,70000\nsaxpy,71000\nsaxpy,72000\n");
  const Result r = warpsim("report " + db() + " -o " + html + " --hw " + hw);
  ASSERT_EQ(r.code, 0) << r.err;
  // Runs table and four charts, DRAM bandwidth over time (samples), one sweep chart, one
  // correlation chart.
  EXPECT_NE(r.out.find("(7 charts)"), std::string::npos) << r.out;
  EXPECT_EQ(slurp(html).find("https://"), slurp(html).find("https://www.chartjs.org"))
      << "the page must not load anything from the network";

  const std::string chromium = "chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage ";
  const std::string dom = (dir_ / "dom.html").string();
  ASSERT_EQ(std::system((chromium + "--dump-dom file://" + html + " >" + dom + " 2>/dev/null").c_str()), 0);
  const std::string page = slurp(dom);
  EXPECT_NE(page.find("data-charts=\"7\" data-charts-drawn=\"7\""), std::string::npos) << page.substr(0, 200);
  EXPECT_EQ(page.find("data-js-errors"), std::string::npos) << "JavaScript errors on the page";

  // A screenshot to look at, kept in the test's working directory (the build folder under tests/e2e).
  const fs::path png = fs::current_path() / "report.png";
  ASSERT_EQ(std::system((chromium + "--window-size=1200,3000 --screenshot=" + png.string() + " file://" + html +
                         " >/dev/null 2>&1").c_str()), 0);
  EXPECT_GT(fs::file_size(png), 50'000u) << png;
}

TEST_F(Cli, ReportBadInputExitsTwo) {
  expect_bad_input(warpsim("report nowhere.db"), "nowhere.db: no such database file");
  ASSERT_EQ(warpsim("run " + workload("saxpy") + " -c tiny --db " + db()).code, 0);
  expect_bad_input(warpsim("report " + db() + " --runs nosuch"), "--runs: no run 'nosuch'");
}

}  // namespace

namespace {

using namespace warpsim_e2e;

// `warpsim sweep --backend slurm` on a real single-node Slurm (scripts/slurm_single_node.sh):
// the array job runs every point, the merge job brings them into the sweep's database.
TEST_F(Cli, SweepOnSlurmRunsEveryPointThroughAnArrayJob) {
  SKIP_OR_FAIL_WITHOUT("slurmctld", "the Slurm backend is tested on a single-node cluster");
  // A short folder: munge's socket path must fit a Unix socket name (108 bytes).
  const std::string cluster = "/tmp/wsl-" + std::to_string(::getpid());
  const std::string script = source_dir() + "/scripts/slurm_single_node.sh";
  const std::string start = "'" + script + "' start " + cluster + " >" + (dir_ / "slurm.out").string() + " 2>&1";
  if (std::system(start.c_str()) != 0) {
    const std::string why = slurp(dir_ / "slurm.out");
    const char* ci = std::getenv("CI");
    if (ci != nullptr && std::string(ci) == "true") FAIL() << "single-node Slurm did not start: " << why;
    GTEST_SKIP() << "single-node Slurm did not start here: " << why;
  }
  struct Stop {
    std::string cmd;
    ~Stop() { (void)std::system(cmd.c_str()); }
  } stop{"'" + script + "' stop " + cluster + " >/dev/null 2>&1; rm -rf " + cluster};
  ::setenv("SLURM_CONF", (cluster + "/slurm.conf").c_str(), 1);

  // The installed tool, as users run it on a cluster: the tasks run the binary that submitted them.
  const fs::path build = fs::path(WARPSIM_BINARY).parent_path().parent_path().parent_path();
  const fs::path prefix = dir_ / "prefix";
  ASSERT_EQ(std::system(("cmake --install '" + build.string() + "' --prefix '" + prefix.string() + "' >/dev/null").c_str()), 0);
  const std::string installed = (prefix / "bin" / "warpsim").string();

  const std::string spec = write("s.yaml", "name: s\nconfig: tiny\nparameters:\n  l2.slice_bytes: [8192, 16384]\n"
                                           "workloads: [" + workload("saxpy") + ", " + workload("sgemm") + "]\n");
  const Result r = run(installed, "sweep " + spec + " --backend slurm --db " + db());
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("submitted Slurm array job"), std::string::npos) << r.out;
  // The merge job writes the database once the array has finished.
  for (int i = 0; i < 1800 && count_while_written(db(), "select count(*) from runs where status = 'ok'") < 4; ++i) {
    ::usleep(100000);
  }
  ASSERT_TRUE(fs::exists(db())) << "the merge job never ran: " << slurp(dir_ / "slurm.out");
  EXPECT_EQ(one("select count(*) from runs where status = 'ok'"), "4");
  EXPECT_EQ(one("select count(distinct name) from runs"), "2");
  // Submitting again finds everything recorded.
  // The job scripts sit in a folder beside the database; the tasks run the installed warpsim.
  std::string array_script;
  for (const auto& e : fs::recursive_directory_iterator(db() + ".slurm")) {
    if (e.path().filename() == "array.sh") array_script = slurp(e.path());
  }
  EXPECT_NE(array_script.find("exec '" + installed + "' 'run'"), std::string::npos) << array_script;
  const Result again = run(installed, "sweep " + spec + " --backend slurm --db " + db());
  EXPECT_EQ(again.code, 0);
  EXPECT_NE(again.out.find("nothing to submit"), std::string::npos) << again.out;
}

}  // namespace
