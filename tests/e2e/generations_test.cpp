// Chip generations (issue 12): the a100 and h100 presets load and run, and what they model that
// v100 does not is visible in the counters: the two-partition L2's far-partition penalty, the
// per-kernel shared-memory carve-out, the 80 HBM pseudo-channels of 5 stacks. Invalid new keys
// are bad input naming the key and the file.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <vector>

#include "cli_fixture.h"

namespace {

using namespace warpsim_e2e;

class Generations : public Cli {
 protected:
  // Cycles per load of the l2_lat chase (ld.global.cg, 128 B stride) over `nodes` nodes, one
  // untimed lap then one timed lap, on `config` with `sets`.
  double chase(uint32_t nodes, const std::string& config, const std::string& sets) {
    const std::string name = "chase" + std::to_string(++runs_) + ".yaml";
    std::ostringstream m;
    m << "name: chase\nkernel: " << workload("ubench/l2_lat/l2_lat.ptx") << "\n"
      << "buffers:\n  chain: {type: u64, count: " << nodes * 16 << "}\n"
      << "  out: {type: u64, count: 2}\n  final: {type: u64, count: 1}\n"
      << "launches:\n"
      << "  - {entry: chase_init_seq, grid: [" << (nodes + 255) / 256 << ", 1, 1], block: [256, 1, 1], "
      << "args: [chain, {u32: " << nodes << "}, {u32: 16}]}\n"
      << "  - {entry: l2_lat, grid: [1, 1, 1], block: [1, 1, 1], args: [chain, {u32: " << nodes
      << "}, out, final]}\n"
      << "report:\n  l2_cycles: {buffer: out, index: 0}\n  l2_count: {buffer: out, index: 1}\n";
    const Result r = warpsim("run " + write(name, m.str()) + " -c " + config + " " + sets);
    EXPECT_EQ(r.code, 0) << r.err;
    const std::string run = std::to_string(runs_);
    const double cycles = std::stod(one("select value from counters where run_id=" + run +
                                        " and location='workload' and name='l2_cycles'"));
    const double count = std::stod(one("select value from counters where run_id=" + run +
                                       " and location='workload' and name='l2_count'"));
    return cycles / count;
  }
  int runs_ = 0;
};

TEST_F(Generations, FarPartitionPenaltyMakesL2LatencyGrowWithFootprint) {
  // tiny: 8 slices of 96 KB (768 KB); two partitions of 384 KB. 128 KB fits the chasing SM's
  // partition, 640 KB only the whole L2.
  const std::string two = "--set l2.partitions=2 --set l2.far_latency=40";
  const double near_one = chase(1024, "tiny", "");
  const double far_one = chase(5120, "tiny", "");
  const double near_two = chase(1024, "tiny", two);
  const double far_two = chase(5120, "tiny", two);
  const double far_two_slow = chase(5120, "tiny", "--set l2.partitions=2 --set l2.far_latency=120");
  ::testing::Test::RecordProperty("cycles_per_load", std::to_string(near_one) + " " + std::to_string(far_one) + " " +
                                                         std::to_string(near_two) + " " + std::to_string(far_two) +
                                                         " " + std::to_string(far_two_slow));
  // One partition: both footprints are L2 hits at the same latency.
  EXPECT_NEAR(far_one, near_one, 0.05 * near_one);
  // Two partitions: a footprint within the SM's partition is served near, as with one L2 ...
  EXPECT_NEAR(near_two, near_one, 0.02 * near_one);
  // ... and beyond it, far-homed lines pay the hop both ways plus the home slice's lookup.
  EXPECT_GT(far_two, near_two + 80) << near_two;
  // The hop is what the far lines pay: 80 more cycles each way on about half the loads.
  EXPECT_GT(far_two_slow, far_two + 40) << far_two;
  EXPECT_NE(one("select sum(value) from counters where run_id=4 and kernel_seq=2 and location like 'l2[%]' "
                "and name='far_reads'"),
            "0");
  EXPECT_EQ(one("select count(*) from counters where run_id=1 and name='far_reads'"), "0")
      << "one partition registers no partition counters";
}

TEST_F(Generations, A100AndH100PresetsRunAWorkload) {
  struct Chip {
    const char* preset;
    int sms, slices, channels;
  };
  int run = 0;
  for (const Chip c : {Chip{"a100", 108, 80, 80}, Chip{"h100", 114, 80, 80}}) {
    const Result r = warpsim("run " + workload("saxpy") + " -c " + c.preset);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("check          passed"), std::string::npos) << r.out;
    const std::string id = std::to_string(++run);
    EXPECT_EQ(one("select config_name from runs where run_id=" + id), c.preset);
    EXPECT_EQ(one("select count(distinct location) from counters where run_id=" + id + " and location like 'sm[%].l1d'"),
              std::to_string(c.sms));
    EXPECT_EQ(one("select count(distinct location) from counters where run_id=" + id + " and location like 'l2[%]'"),
              std::to_string(c.slices));
    EXPECT_EQ(one("select count(distinct location) from counters where run_id=" + id + " and location like 'dram[%]'"),
              std::to_string(c.channels));
    // Every one of the 80 pseudo-channels (addresses modulo 80) carries part of saxpy's streams.
    EXPECT_EQ(one("select count(*) from counters where run_id=" + id + " and kernel_seq=1 and location like "
                  "'dram[%]' and name='reads' and value > 0"),
              std::to_string(c.channels));
  }
}

TEST_F(Generations, CarveOutFollowsTheKernelsSharedMemory) {
  // l1_bw re-reads 32 KB per SM and uses no shared memory: with A100's carve-out options the
  // driver leaves the L1 the whole 192 KB; pinned at the largest carve-out (164 KB) the L1 has
  // 28 KB and misses.
  ASSERT_EQ(warpsim("run " + workload("ubench/l1_bw") + " -c a100").code, 0);
  const std::string pinned = write("pinned.yaml", "inherit: a100\nshmem:\n  carveout_options: \"\"\n");
  ASSERT_EQ(warpsim("run " + workload("ubench/l1_bw") + " -c " + pinned).code, 0);
  const double adaptive = std::stod(one("select value from counters where run_id=1 and kernel_seq=0 and "
                                        "location='l1d' and name='hit_rate'"));
  const double fixed = std::stod(one("select value from counters where run_id=2 and kernel_seq=0 and "
                                     "location='l1d' and name='hit_rate'"));
  EXPECT_GT(adaptive, 0.95);
  EXPECT_LT(fixed, adaptive - 0.2);
}

TEST_F(Generations, LineFetchMakesTheSequentialChaseMostlyL2Hits) {
  // dram_lat_seq chases 32 B steps from DRAM: with sector fetches every load goes to DRAM; with
  // 128 B fetches (a100, h100) one load in four does and the next three hit the L2.
  const std::string seq = "run " + workload("ubench/dram_lat_seq") + " -c tiny";
  ASSERT_EQ(warpsim(seq).code, 0);
  ASSERT_EQ(warpsim(seq + " --set l2.fetch_bytes=128").code, 0);
  auto per_load = [&](int run) {
    const std::string id = std::to_string(run);
    return std::stod(one("select value from counters where run_id=" + id + " and name='dram_cycles'")) /
           std::stod(one("select value from counters where run_id=" + id + " and name='dram_count'"));
  };
  const double sector = per_load(1), line = per_load(2);
  EXPECT_LT(line, 0.75 * sector) << sector;  // (DRAM + 3 x L2) / 4: 340 -> 240 on tiny
  // The L2 hits of the line-fetch run: about three of every four chase loads.
  const double hits = std::stod(one("select value from counters where run_id=2 and kernel_seq=3 and location='l2' and name='hits'"));
  EXPECT_GT(hits, 0.7 * 4000) << hits;
  expect_bad_input(warpsim(seq + " --set l2.fetch_bytes=48"), "l2.fetch_bytes");
}

TEST_F(Generations, TraceReplayPicksThePresetOfItsBinaryVersion) {
  const std::string fixtures = source_dir() + "/tests/traces/fixtures/accelsim/";
  struct Case {
    const char* trace;
    const char* preset;
    const char* version;
  };
  int run = 0;
  for (const Case c : {Case{"microgpusim-vectoradd-gtx1080", "v100", "61"},
                       Case{"mgpusim-bfs-rodinia2-a100-k1k2", "a100", "80"},
                       Case{"mgpusim-atax-v6-h100-fixture", "h100", "90"}}) {
    const Result r = warpsim("run " + fixtures + c.trace);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find(std::string("preset         ") + c.preset + ", for the trace's binary version " + c.version),
              std::string::npos)
        << r.out;
    EXPECT_EQ(one("select config_name from runs where run_id=" + std::to_string(++run)), c.preset);
  }
  // -c always wins, and then nothing is said about it.
  const Result r = warpsim("run " + fixtures + "mgpusim-atax-v6-h100-fixture -c tiny");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.find("preset "), std::string::npos) << r.out;
  EXPECT_EQ(one("select config_name from runs where run_id=4"), "tiny");
  // A manifest without -c runs on v100, as always, without a note.
  const Result m = warpsim("run " + workload("saxpy") + " --json");
  ASSERT_EQ(m.code, 0) << m.err;
  EXPECT_EQ(m.out.find("\"preset\""), std::string::npos) << m.out;
  EXPECT_EQ(one("select config_name from runs where run_id=5"), "v100");
}

TEST_F(Generations, RealTracesReplayOnTheirPresets) {
  // The real NVBit traces of ../shared/traces (issue 12): the full sm_80 recordings on a100 and
  // the sm_90 fixtures on h100, chosen from their binary version, every kernel run to the end.
  const char* env = std::getenv("WARPSIM_SHARED_TRACES");
  const std::filesystem::path root =
      env != nullptr ? std::filesystem::path(env) : std::filesystem::path(source_dir()).parent_path() / "shared" / "traces";
  if (!std::filesystem::is_directory(root)) GTEST_SKIP() << root << " is absent";
  struct Case {
    const char* trace;
    const char* preset;
    int kernels;
    long warp_insts;
  };
  int run = 0;
  for (const Case c : {Case{"mgpusim-vectoradd-a100", "a100", 1, 26601}, Case{"mgpusim-bfs-rodinia2-a100", "a100", 16, 159509},
                       Case{"mgpusim-atax-v5-h100-fixture", "h100", 1, 60},
                       Case{"mgpusim-atax-v6-h100-fixture", "h100", 1, 60}}) {
    const Result r = warpsim("run " + (root / c.trace).string());
    ASSERT_EQ(r.code, 0) << c.trace << ": " << r.err;
    const std::string id = std::to_string(++run);
    EXPECT_EQ(one("select config_name || ' ' || status from runs where run_id=" + id), std::string(c.preset) + " ok") << c.trace;
    EXPECT_EQ(one("select count(*) from kernels where run_id=" + id), std::to_string(c.kernels)) << c.trace;
    EXPECT_EQ(one("select warp_insts from runs where run_id=" + id), std::to_string(c.warp_insts)) << c.trace;
    // Their loads went through the preset's memory system: L2 accesses, and DRAM reads for the
    // cold data.
    EXPECT_GT(std::stod(one("select value from counters where run_id=" + id +
                            " and kernel_seq=0 and location='l2' and name='accesses'")),
              0)
        << c.trace;
    EXPECT_GT(std::stod(one("select value from counters where run_id=" + id +
                            " and kernel_seq=0 and location='dram' and name='reads'")),
              0)
        << c.trace;
  }
}

TEST_F(Generations, NativeTracesReplayOnTheChipTheyCameFrom) {
  // Converted from an sm_80 trace: a100, for the binary version it recorded.
  const std::string fixtures = source_dir() + "/tests/traces/fixtures/accelsim/";
  ASSERT_EQ(warpsim("trace convert " + fixtures + "mgpusim-bfs-rodinia2-a100-k1k2 -o bfs.wtr").code, 0);
  const Result info = warpsim("trace info bfs.wtr");
  EXPECT_NE(info.out.find("from a binary version 80 trace"), std::string::npos) << info.out;
  Result r = warpsim("run bfs.wtr");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("preset         a100, for the trace's binary version 80"), std::string::npos) << r.out;
  EXPECT_EQ(one("select config_name from runs where run_id=1"), "a100");
  // Recorded on tiny: tiny, the preset it ran on, whatever -c said at recording.
  ASSERT_EQ(warpsim("trace record " + workload("saxpy") + " -c tiny -o s.wtr").code, 0);
  r = warpsim("run s.wtr");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("preset         tiny, the preset the trace was recorded on"), std::string::npos) << r.out;
  EXPECT_EQ(one("select config_name from runs where run_id=3"), "tiny");
  EXPECT_EQ(one("select cycles from runs where run_id=2"), one("select cycles from runs where run_id=3"));
  // -c still wins.
  ASSERT_EQ(warpsim("run s.wtr -c v100").code, 0);
  EXPECT_EQ(one("select config_name from runs where run_id=4"), "v100");
}

TEST_F(Generations, InvalidNewKeysAreBadInputNamingKeyAndFile) {
  const std::string saxpy = "run " + workload("saxpy") + " -c ";
  Result r = warpsim(saxpy + write("p3.yaml", "inherit: tiny\nl2:\n  partitions: 3\n"));
  expect_bad_input(r, "p3.yaml:3:");
  EXPECT_NE(r.err.find("l2.partitions"), std::string::npos) << r.err;
  r = warpsim(saxpy + write("one_sm.yaml", "inherit: tiny\ngpu:\n  num_sms: 1\nl2:\n  partitions: 2\n"));
  expect_bad_input(r, "one_sm.yaml:5:");
  EXPECT_NE(r.err.find("l2.partitions"), std::string::npos) << r.err;
  r = warpsim(saxpy + write("hash.yaml", "inherit: a100\ndram:\n  channel_hash: xor\n"));
  expect_bad_input(r, "hash.yaml:3:");
  EXPECT_NE(r.err.find("dram.channel_hash"), std::string::npos) << r.err;
  r = warpsim(saxpy + write("carve.yaml", "inherit: a100\nshmem:\n  carveout_options: \"0, 8, 300\"\n"));
  expect_bad_input(r, "carve.yaml:3:");
  EXPECT_NE(r.err.find("shmem.carveout_options"), std::string::npos) << r.err;
  r = warpsim(saxpy + write("carve2.yaml", "inherit: a100\nshmem:\n  carveout_options: \"0, x\"\n"));
  expect_bad_input(r, "carve2.yaml:3:");
  expect_bad_input(warpsim(saxpy + "tiny --set l2.far_latency=-1"), "l2.far_latency");
}

}  // namespace
