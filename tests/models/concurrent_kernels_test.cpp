// Concurrent kernels: launches of different streams share the GPU (the dispatcher fills free SM
// resources with the oldest kernel's CTAs first, then younger kernels'), launches of one stream,
// of the default stream or under gpu.max_concurrent_kernels = 1 run one after another, and each
// kernel's row counts what its own warps did. Each TEST builds one GPU (one SystemC simulation
// per process).
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "models/gpu.h"
#include "sim/config/config.h"
#include "sim/driver/run.h"
#include "sim/error.h"
#include "tests/models/core_rig.h"
#include "tests/models/scripted_kernel.h"

namespace warpsim {
namespace {

namespace fs = std::filesystem;
using testing::alu;
using testing::Rig;
using testing::ScriptedKernel;
using testing::WarpScript;

constexpr uint64_t kNoLimit = ~uint64_t(0) - 1;

WarpScript chain(int n) {
  WarpScript s;
  for (int i = 0; i < n; ++i) s.push_back(alu(OpClass::fp32, 1, {1}));
  return s;
}

// Runs until every launched kernel finished; results by slot.
std::map<uint32_t, Gpu::KernelResult> run_all(Gpu& gpu) {
  std::map<uint32_t, Gpu::KernelResult> out;
  while (gpu.running() > 0) {
    for (const Gpu::Finished& f : gpu.run(kNoLimit)) out[f.slot] = f.result;
  }
  return out;
}

uint64_t first_issue(const ScriptedKernel& k) { return *std::min_element(k.issues.begin(), k.issues.end()) / 1000; }

// --- the GPU: oldest kernel first, younger kernels fill what is left -------------------------

TEST(ConcurrentKernels, YoungerKernelFillsResourcesTheOlderLeavesFree) {
  Rig rig;
  // Each kernel takes one warp on each of the two SMs: the second fits beside the first.
  ScriptedKernel a({2, 1, 1}, {32, 1, 1}, {chain(200)});
  ScriptedKernel b({2, 1, 1}, {32, 1, 1}, {chain(200)});
  const uint32_t sa = rig.gpu.launch(a, 0);
  const uint32_t sb = rig.gpu.launch(b, 1);
  auto r = run_all(rig.gpu);
  EXPECT_LT(r[sb].start_cycle, r[sa].end_cycle);
  EXPECT_LT(first_issue(b), r[sa].end_cycle) << "b waited for a instead of using the free warps";
  // Run together they take little more than one of them alone (200 dependent FFMAs each).
  const uint64_t alone = r[sa].end_cycle - r[sa].start_cycle;
  EXPECT_LT(std::max(r[sa].end_cycle, r[sb].end_cycle), alone + alone / 4);
  EXPECT_EQ(rig.value("sm[0]", "warp_insts") + rig.value("sm[1]", "warp_insts"), 2u * 2u * 201u);
}

// A scripted kernel that logs the order in which the dispatcher opens CTAs, across kernels.
class LoggedKernel : public ScriptedKernel {
 public:
  LoggedKernel(char tag, std::string* log, Dim3 grid, std::vector<WarpScript> per_warp)
      : ScriptedKernel(grid, {32, 1, 1}, std::move(per_warp)), tag_(tag), log_(log) {}
  std::unique_ptr<WarpStream> open_cta(uint64_t cta, unsigned sm) override {
    *log_ += tag_;
    return ScriptedKernel::open_cta(cta, sm);
  }

 private:
  char tag_;
  std::string* log_;
};

TEST(ConcurrentKernels, OldestKernelDispatchesAllItsCtasFirst) {
  Rig rig;
  // `a` has 1.5 times the CTAs the GPU holds (2 SMs x 16 CTA slots): a third of them wait for
  // its first wave. `b`, launched a cycle later, gets a slot only once a's last CTA has gone
  // out (the hardware's left-over policy), although slots free up for both at once.
  std::string order;
  LoggedKernel a('a', &order, {48, 1, 1}, {chain(100)});
  LoggedKernel b('b', &order, {2, 1, 1}, {chain(10)});
  const uint32_t sa = rig.gpu.launch(a, 0);
  const uint32_t sb = rig.gpu.launch(b, 1);
  auto r = run_all(rig.gpu);
  EXPECT_EQ(order, std::string(48, 'a') + "bb");
  EXPECT_GT(first_issue(b), 100u * 4u) << "b ran before a's first wave ended";  // 100 FFMAs of 4 cycles
  EXPECT_GT(r[sb].end_cycle, r[sa].start_cycle);
}

TEST(ConcurrentKernels, KernelCountersCountOnlyTheKernelsWarps) {
  Rig rig;
  ScriptedKernel a({2, 1, 1}, {64, 1, 1}, {chain(50), chain(50)});
  ScriptedKernel b({2, 1, 1}, {32, 1, 1}, {chain(120)});
  const uint32_t sa = rig.gpu.launch(a, 0);
  const uint32_t sb = rig.gpu.launch(b, 1);
  // Both finish; the slots' registries are read before another launch reuses them.
  std::map<uint32_t, uint64_t> insts, ctas;
  while (rig.gpu.running() > 0) {
    for (const Gpu::Finished& f : rig.gpu.run(kNoLimit)) {
      const stats::CounterRegistry& own = rig.gpu.kernel_counters(f.slot);
      insts[f.slot] = own.value("sm[0]", "warp_insts").value_or(0) + own.value("sm[1]", "warp_insts").value_or(0);
      ctas[f.slot] = own.value("dispatcher", "ctas_launched").value_or(0);
    }
  }
  EXPECT_EQ(insts[sa], 2u * 2u * 51u);
  EXPECT_EQ(insts[sb], 2u * 1u * 121u);
  EXPECT_EQ(ctas[sa], 2u);
  EXPECT_EQ(ctas[sb], 2u);
  EXPECT_EQ(rig.value("sm[0]", "warp_insts") + rig.value("sm[1]", "warp_insts"), insts[sa] + insts[sb]);
}

TEST(ConcurrentKernels, OneSlotMeansOneKernelAtATime) {
  Rig rig({"gpu.max_concurrent_kernels=1"});
  ScriptedKernel a({1, 1, 1}, {32, 1, 1}, {chain(10)});
  EXPECT_TRUE(rig.gpu.can_launch());
  rig.gpu.launch(a, 0);
  EXPECT_FALSE(rig.gpu.can_launch());
  run_all(rig.gpu);
  EXPECT_TRUE(rig.gpu.can_launch());
}

// --- the driver: streams ----------------------------------------------------------------------

// Launches of scripted kernels on given streams.
class ScriptedWorkload : public Workload {
 public:
  struct Launch {
    uint64_t stream;
    unsigned ctas, warps;
    int chain;
  };
  explicit ScriptedWorkload(std::vector<Launch> launches) : launches_(std::move(launches)) {}
  const std::string& path() const override { return path_; }
  size_t num_launches() const override { return launches_.size(); }
  uint64_t stream(size_t i) const override { return launches_[i].stream; }
  std::unique_ptr<KernelSource> launch(size_t i) override {
    const Launch& l = launches_[i];
    return std::make_unique<ScriptedKernel>(Dim3{l.ctas, 1, 1}, Dim3{32 * l.warps, 1, 1},
                                            std::vector<WarpScript>(l.warps, chain(l.chain)));
  }
  std::pair<std::string, int> launch_origin(size_t i) const override { return {path_, int(i + 1)}; }

 private:
  std::string path_ = "scripted";
  std::vector<Launch> launches_;
};

struct KernelRow {
  uint64_t start = 0, end = 0, cycles = 0, warp_insts = 0;
};

class Db {
 public:
  explicit Db(const std::string& path) { sqlite3_open(path.c_str(), &db_); }
  ~Db() { sqlite3_close(db_); }
  std::vector<std::vector<double>> rows(const std::string& sql) const {
    std::vector<std::vector<double>> out;
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sql;
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::vector<double> row;
      for (int c = 0; c < sqlite3_column_count(st); ++c) row.push_back(sqlite3_column_double(st, c));
      out.push_back(row);
    }
    sqlite3_finalize(st);
    return out;
  }
  double value(const std::string& sql) const {
    auto r = rows(sql);
    return r.empty() ? -1 : r[0][0];
  }

 private:
  sqlite3* db_ = nullptr;
};

struct DriverRun {
  RunSummary summary;
  std::vector<KernelRow> kernels;
  std::string db;
};

DriverRun run_scripted(Workload& work, std::vector<std::string> sets = {}) {
  RunOptions opt;
  opt.db_path = (fs::temp_directory_path() /
                 ("warpsim_ck_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
                  "_" + std::to_string(::getpid()) + ".db"))
                    .string();
  fs::remove(opt.db_path);
  const Config cfg = Config::load({"tiny"}, sets, default_presets_dir());
  DriverRun r;
  r.db = opt.db_path;
  r.summary = run_workload(opt, cfg, work);
  Db db(opt.db_path);
  for (const auto& row : db.rows("select start_cycle, end_cycle, cycles, warp_insts from kernels order by kernel_seq")) {
    r.kernels.push_back({uint64_t(row[0]), uint64_t(row[1]), uint64_t(row[2]), uint64_t(row[3])});
  }
  return r;
}

// Two kernels that each use a quarter of the GPU's warps and run longer than a launch takes
// (tiny inherits v100's 6830-cycle launch gap: the second launch starts that much later).
std::vector<ScriptedWorkload::Launch> two_small(uint64_t s1, uint64_t s2) {
  return {{s1, 2, 8, 3000}, {s2, 2, 8, 3000}};
}

TEST(ConcurrentKernels, DifferentStreamsOverlapAndKeepTheirOwnCounters) {
  ScriptedWorkload work(two_small(1, 2));
  const DriverRun r = run_scripted(work);
  ASSERT_EQ(r.kernels.size(), 2u);
  const KernelRow &k1 = r.kernels[0], &k2 = r.kernels[1];
  EXPECT_LT(k2.start, k1.end) << "the second stream's kernel waited for the first";
  // Together in less than the two one after another.
  EXPECT_LT(r.summary.cycles, k1.cycles + k2.cycles);
  // Each kernel's instructions are its own warps' (2 CTAs x 8 warps x 301), and the run total
  // counts every instruction once.
  EXPECT_EQ(k1.warp_insts, 2u * 8u * 3001u);
  EXPECT_EQ(k2.warp_insts, 2u * 8u * 3001u);
  EXPECT_EQ(r.summary.warp_insts, k1.warp_insts + k2.warp_insts);
  Db db(r.db);
  EXPECT_EQ(db.value("select value from counters where kernel_seq = 0 and location = 'gpu' and name = 'warp_insts'"),
            double(k1.warp_insts + k2.warp_insts));
  // Each kernel's scheduler cycles still sum to its own cycles, category by category.
  for (int seq : {1, 2}) {
    const auto sums = db.rows("select location, sum(value) from counters where kernel_seq = " + std::to_string(seq) +
                              " and location like 'sm[%].sched[%]' and name in ('issued', 'stall_mem', "
                              "'stall_dep', 'stall_barrier', 'stall_pipe', 'stall_fetch', 'stall_bank', 'idle') "
                              "group by location");
    ASSERT_FALSE(sums.empty());
    for (const auto& s : sums) EXPECT_EQ(uint64_t(s[1]), r.kernels[size_t(seq - 1)].cycles) << "kernel " << seq;
    EXPECT_EQ(db.value("select sum(value) from counters where kernel_seq = " + std::to_string(seq) +
                       " and location like 'sm[%].sched[%]' and name = 'issued'"),
              double(2u * 8u * 3001u));
  }
}

TEST(ConcurrentKernels, OneStreamRunsInOrder) {
  ScriptedWorkload work(two_small(7, 7));
  const DriverRun r = run_scripted(work);
  ASSERT_EQ(r.kernels.size(), 2u);
  EXPECT_GT(r.kernels[1].start, r.kernels[0].end);
  EXPECT_GE(r.summary.cycles, r.kernels[0].cycles + r.kernels[1].cycles);
}

TEST(ConcurrentKernels, DefaultStreamWaitsForEveryOtherStream) {
  // CUDA's legacy default stream: a launch on stream 0 waits for the launches before it, and the
  // launches after it wait for it.
  ScriptedWorkload work({{1, 2, 8, 3000}, {0, 2, 8, 3000}, {2, 2, 8, 3000}});
  const DriverRun r = run_scripted(work);
  ASSERT_EQ(r.kernels.size(), 3u);
  EXPECT_GT(r.kernels[1].start, r.kernels[0].end);
  EXPECT_GT(r.kernels[2].start, r.kernels[1].end);
}

TEST(ConcurrentKernels, OneConcurrentKernelSerialisesStreams) {
  ScriptedWorkload work(two_small(1, 2));
  const DriverRun r = run_scripted(work, {"gpu.max_concurrent_kernels=1"});
  ASSERT_EQ(r.kernels.size(), 2u);
  EXPECT_GT(r.kernels[1].start, r.kernels[0].end);
  EXPECT_GE(r.summary.cycles, r.kernels[0].cycles + r.kernels[1].cycles);
}

TEST(ConcurrentKernels, AStreamsNextLaunchStartsAfterItsPredecessorWhileOthersRun) {
  // Stream 1: a long kernel. Stream 2: two short kernels, one after the other, both inside the
  // long one's run: the engine stops when the first short one ends so that the second starts
  // a launch gap later, not when everything is done.
  ScriptedWorkload work({{1, 2, 4, 3000}, {2, 2, 4, 100}, {2, 2, 4, 100}});
  const DriverRun r = run_scripted(work, {"gpu.kernel_launch_gap=50"});
  ASSERT_EQ(r.kernels.size(), 3u);
  EXPECT_GT(r.kernels[2].start, r.kernels[1].end);
  EXPECT_LE(r.kernels[2].start, r.kernels[1].end + 50 + 2);
  EXPECT_LT(r.kernels[2].end, r.kernels[0].end);
}

// --- Accel-Sim traces -------------------------------------------------------------------------

// The vector-add fixture twice, the copies on the given stream ids.
fs::path two_stream_trace(const std::string& id1, const std::string& id2) {
  const char* root = std::getenv("WARPSIM_SOURCE_DIR");  // set by CTest
  const fs::path src = (root != nullptr ? fs::path(root) : fs::path(default_presets_dir()).parent_path().parent_path()) /
                       "tests/traces/fixtures/accelsim/microgpusim-vectoradd-gtx1080/kernel-1.traceg";
  std::ifstream in(src);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  const fs::path dir = fs::temp_directory_path() /
                       ("warpsim_ck_trace_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
                        "_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string key = "-cuda stream id = 0";
  for (int k = 1; k <= 2; ++k) {
    std::string t = text;
    const size_t at = t.find(key);
    EXPECT_NE(at, std::string::npos);
    t.replace(at, key.size(), "-cuda stream id = " + (k == 1 ? id1 : id2));
    std::ofstream(dir / ("kernel-" + std::to_string(k) + ".traceg")) << t;
  }
  std::ofstream(dir / "kernelslist.g") << "kernel-1.traceg\nkernel-2.traceg\n";
  return dir;
}

TEST(ConcurrentKernels, TraceKernelsOnTwoStreamIdsOverlap) {
  // Real traces carry the CUstream handle value.
  const fs::path dir = two_stream_trace("94066353341264", "94066353342080");
  auto work = open_workload(dir.string());
  EXPECT_EQ(work->stream(1), 94066353342080u);
  // The kernel is shorter than v100's launch gap: with it, the second launch would start after it.
  const DriverRun r = run_scripted(*work, {"gpu.kernel_launch_gap=100"});
  ASSERT_EQ(r.kernels.size(), 2u);
  EXPECT_LT(r.kernels[1].start, r.kernels[0].end);
  EXPECT_EQ(r.kernels[0].warp_insts, r.kernels[1].warp_insts);
  EXPECT_EQ(r.summary.warp_insts, r.kernels[0].warp_insts + r.kernels[1].warp_insts);
  fs::remove_all(dir);
}

TEST(ConcurrentKernels, MalformedTraceStreamIdNamesFileAndLine) {
  const fs::path dir = two_stream_trace("1", "x7");
  auto work = open_workload(dir.string());
  try {
    work->stream(1);
    FAIL() << "accepted a malformed stream id";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("kernel-2.traceg:8:"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("cuda stream id"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace warpsim
