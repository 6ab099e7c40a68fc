// A kernel's CTAs can be opened in any order, several at once, any number of times.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "sim/error.h"
#include "tests/traces/native_test_support.h"
#include "traces/native/convert.h"
#include "traces/native/native_trace.h"
#include "traces/native/trace_writer.h"

namespace warpsim::traces {
namespace {

using testing::CtaScript;
using testing::make_inst;
using testing::Step;

// CTA c, warp w: (c % 5) + w + 2 instructions whose pcs and addresses name the CTA.
std::vector<CtaScript> script(uint64_t ctas, unsigned warps) {
  std::vector<CtaScript> k(ctas);
  for (uint64_t c = 0; c < ctas; ++c) {
    k[c].resize(warps);
    for (unsigned w = 0; w < warps; ++w) {
      const size_t n = c % 5 + w + 2;
      for (size_t i = 0; i < n; ++i) {
        Step s;
        s.issued = make_inst(static_cast<uint32_t>(16 * i), OpClass::load, 0xFFFFFFFFu,
                             MemSpace::global, 4);
        for (unsigned l = 0; l < kWarpSize; ++l) s.issued.addr[l] = c << 20 | w << 12 | l * 4;
        s.peek_mask = s.issued.active_mask;
        k[c][w].push_back(s);
      }
    }
  }
  return k;
}

struct Fixture : ::testing::Test {
  const uint64_t ctas = 64;
  std::vector<CtaScript> s = script(ctas, 3);
  std::string path = testing::temp_path("random.wtr");

  void SetUp() override {
    testing::ScriptedKernelSource src("k", Dim3{8, 8, 1}, Dim3{70, 1, 1}, s);
    WriterOptions opt;
    opt.chunk_bytes = 64;  // several chunks per warp
    TraceWriter w(path, opt);
    write_kernel(src, w);
    w.finish();
  }

  void expect_cta(WarpStream& cta, uint64_t c) {
    ASSERT_EQ(cta.num_warps(), 3u);
    for (unsigned w = 0; w < 3; ++w) {
      for (const Step& want : s[c][w]) {
        ASSERT_NE(cta.peek(w), nullptr);
        ASSERT_EQ(testing::diff(want.issued, cta.issue(w, 0)), "") << "CTA " << c;
      }
      EXPECT_EQ(cta.peek(w), nullptr);
    }
  }
};

using NativeRandomAccess = Fixture;

TEST_F(NativeRandomAccess, CtasInAnyOrder) {
  NativeTrace t = NativeTrace::open(path);
  auto k = t.kernel(0);
  std::vector<uint64_t> order(ctas);
  for (uint64_t c = 0; c < ctas; ++c) order[c] = c;
  std::shuffle(order.begin(), order.end(), std::mt19937(7));
  for (uint64_t c : order) {
    auto cta = k->open_cta(c, 0);
    expect_cta(*cta, c);
  }
}

TEST_F(NativeRandomAccess, TheSameCtaTwiceAndInterleavedStreams) {
  NativeTrace t = NativeTrace::open(path);
  auto k = t.kernel(0);
  auto a = k->open_cta(42, 0);
  auto b = k->open_cta(42, 1);
  auto c = k->open_cta(3, 0);
  // Advance one instruction of each in turn; each stream keeps its own position.
  ASSERT_EQ(a->issue(0, 0).addr[1], uint64_t(42) << 20 | 4);
  ASSERT_EQ(c->issue(0, 0).addr[1], uint64_t(3) << 20 | 4);
  ASSERT_EQ(b->issue(0, 0).addr[1], uint64_t(42) << 20 | 4);
  ASSERT_EQ(a->issue(0, 0).pc, 16u);
  b.reset();
  c.reset();
  auto again = k->open_cta(42, 0);
  expect_cta(*again, 42);
}

TEST_F(NativeRandomAccess, StreamsOutliveTheirSourceAndTrace) {
  std::unique_ptr<WarpStream> cta;
  {
    NativeTrace t = NativeTrace::open(path);
    cta = t.kernel(0)->open_cta(17, 0);
  }
  expect_cta(*cta, 17);
}

TEST_F(NativeRandomAccess, OutOfRangeIsBadInput) {
  NativeTrace t = NativeTrace::open(path);
  auto k = t.kernel(0);
  try {
    k->open_cta(64, 0);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.path(), path);
    EXPECT_NE(e.problem().find("CTA 64 is outside the grid (64 CTAs)"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(t.kernel(1), InputError);
  EXPECT_THROW(t.info(7), InputError);
}

TEST(NativeRandomAccessSparse, UnrecordedCtasAreBadInput) {
  auto s = script(10, 1);
  testing::ScriptedKernelSource src("k", Dim3{10, 1, 1}, Dim3{32, 1, 1}, s);
  const std::string path = testing::temp_path("sparse.wtr");
  TraceWriter w(path);
  const uint32_t k = w.begin_kernel(LaunchHeader::of(src));
  for (uint64_t c : {7u, 2u, 5u}) {  // out of order, with gaps
    auto cta = w.begin_cta(k, c);
    for (const Step& st : s[c][0]) cta->append(0, st.issued);
    cta->warp_exited(0);
  }
  w.finish();
  NativeTrace t = NativeTrace::open(path);
  EXPECT_EQ(t.info(0).ctas, 3u);
  auto ks = t.kernel(0);
  for (uint64_t c : {2u, 5u, 7u}) {
    auto cta = ks->open_cta(c, 0);
    for (const Step& st : s[c][0]) ASSERT_EQ(testing::diff(st.issued, cta->issue(0, 0)), "");
    EXPECT_EQ(cta->peek(0), nullptr);
  }
  for (uint64_t c : {0u, 3u, 8u, 9u}) {
    try {
      ks->open_cta(c, 0);
      FAIL() << c;
    } catch (const InputError& e) {
      EXPECT_NE(e.problem().find("CTA " + std::to_string(c) + " is not in the trace"),
                std::string::npos)
          << e.what();
    }
  }
}

}  // namespace
}  // namespace warpsim::traces
