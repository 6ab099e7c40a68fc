// Real traces recorded on GPUs replay their exact instruction counts: the small ones committed
// under fixtures/accelsim/ (always), and everything in ../shared/traces/ when that folder exists
// (skipped otherwise). Expected thread-level counts were computed independently (README there).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "isa/sass/sass_table.h"
#include "tests/traces/accelsim_test_support.h"

namespace warpsim::traces::test {
namespace {

namespace fs = std::filesystem;

struct Expected {
  const char* folder;
  uint64_t kernels;
  uint64_t warp_insts;
  uint64_t thread_insts;
  uint64_t memcpys;
};

struct Totals {
  uint64_t kernels = 0, warp_insts = 0, thread_insts = 0, memcpys = 0;
};

Totals replay_all(const std::string& path) {
  AccelSimTrace t = AccelSimTrace::open(path);  // unknown opcodes are errors
  Totals s;
  for (const TraceCommand& c : t.commands()) {
    if (c.kind == TraceCommand::Kind::memcpy_htod) {
      ++s.memcpys;
      continue;
    }
    auto k = t.kernel(c.kernel_index);
    ReplayStats r = replay(*k, 4);
    EXPECT_EQ(r.warp_insts, k->listed_warp_insts()) << c.path;
    EXPECT_EQ(r.ctas, k->grid().count());
    ++s.kernels;
    s.warp_insts += r.warp_insts;
    s.thread_insts += r.thread_insts;
  }
  EXPECT_TRUE(t.warnings().empty()) << t.warnings()[0];
  return s;
}

void check(const std::string& root, const Expected& e) {
  SCOPED_TRACE(e.folder);
  Totals s = replay_all(root + "/" + e.folder);
  EXPECT_EQ(s.kernels, e.kernels);
  EXPECT_EQ(s.warp_insts, e.warp_insts);
  EXPECT_EQ(s.thread_insts, e.thread_insts);
  EXPECT_EQ(s.memcpys, e.memcpys);
}

TEST(AccelsimRealTraces, CommittedFixturesReplayExactCounts) {
  const std::string root = std::string(WARPSIM_SOURCE_DIR) + "/tests/traces/fixtures/accelsim";
  for (const Expected& e : {
           Expected{"microgpusim-vectoradd-gtx1080", 1, 344, 10516, 3},
           Expected{"mgpusim-atax-v5-h100-fixture", 1, 60, 1728, 2},
           Expected{"mgpusim-atax-v6-h100-fixture", 1, 60, 1728, 2},
           Expected{"mgpusim-bfs-rodinia2-a100-k1k2", 2, 1799 + 1814, 45316 + 49292, 7},
           Expected{"hamhyungkyu-vecadd-turing-2tb", 1, 960, 28672, 0},
       })
    check(root, e);
}

TEST(AccelsimRealTraces, SharedTracesReplayExactCounts) {
  const std::string root = shared_traces_dir();
  if (!fs::is_directory(root)) GTEST_SKIP() << root << " is absent";
  for (const Expected& e : {
           Expected{"microgpusim-vectoradd-gtx1080", 1, 344, 10516, 3},
           Expected{"mgpusim-vectoradd-a100", 1, 26601, 801056, 2},
           Expected{"mgpusim-bfs-rodinia2-a100", 16, 159509, 1280630, 14},
           Expected{"hamhyungkyu-vecadd-turing", 1, 46941, 1402112, 0},
           Expected{"mgpusim-atax-v5-h100-fixture", 1, 60, 1728, 2},
           Expected{"mgpusim-atax-v6-h100-fixture", 1, 60, 1728, 2},
       })
    check(root, e);
  // The raw (not post-processed) one is refused.
  InputError e =
      expect_input_error([&] { AccelSimTrace::open(root + "/nvbit-rs-vecadd-pascal-raw"); });
  EXPECT_NE(std::string(e.what()).find("post-traces-processing"), std::string::npos);
}

TEST(AccelsimRealTraces, SharedTracesAgreeCompressed) {
  // The same trace as .xz (made here) replays identically, instruction by instruction.
  const std::string root = shared_traces_dir();
  if (!fs::is_directory(root)) GTEST_SKIP() << root << " is absent";
  ScratchDir dir;
  const std::string src = root + "/mgpusim-vectoradd-a100/kernel-1.traceg";
  write_xz(dir.file("kernel-1.traceg.xz"), read_file(src));
  auto a = AccelSimKernel::open(src);
  auto b = AccelSimKernel::open(dir.file("kernel-1.traceg.xz"));
  uint64_t ha = 0, hb = 0;
  auto hasher = [](uint64_t& h) {
    return [&h](uint64_t cta, unsigned w, const WarpInst& i) {
      h = h * 1000003 ^ (cta * 64 + w) ^ (uint64_t(i.pc) << 32) ^ i.active_mask ^ i.opcode;
      if (i.space != MemSpace::none)
        for (unsigned l = 0; l < 32; ++l)
          if (i.active_mask >> l & 1) h = h * 31 + i.addr[l];
    };
  };
  ReplayOptions oa, ob;
  oa.visit = hasher(ha);
  ob.visit = hasher(hb);
  oa.resident_ctas = 8;
  ob.resident_ctas = 8;
  EXPECT_EQ(replay_kernel(*a, oa).warp_insts, replay_kernel(*b, ob).warp_insts);
  EXPECT_EQ(ha, hb);
  EXPECT_EQ(b->stats().xz_rewinds, 0u);  // CTAs opened in file order
}

}  // namespace
}  // namespace warpsim::traces::test
