// Hand-made instruction lists written and replayed: every record must come back member for
// member, whatever the mask, space, width, addresses, codec and chunk size.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <tuple>

#include "tests/traces/native_test_support.h"
#include "traces/native/convert.h"
#include "traces/native/native_trace.h"
#include "traces/native/record_codec.h"
#include "traces/native/trace_writer.h"

namespace warpsim::traces {
namespace {

using testing::CtaScript;
using testing::make_inst;
using testing::Step;
using testing::WarpScript;

// A warp's list exercising the encoder: mask 0, partial masks, every space and class, widths
// 1..16, random / strided / negative / scattered addresses, a peek mask wider than the issued
// one, the same pc with different static parts, and loops (entries revisited).
WarpScript warp_script(uint64_t seed, size_t length) {
  std::mt19937_64 rng(seed);
  WarpScript s;
  const MemSpace spaces[] = {MemSpace::global, MemSpace::shared, MemSpace::local,
                             MemSpace::constant, MemSpace::param};
  const OpClass mem_classes[] = {OpClass::load, OpClass::store, OpClass::atomic};
  const uint8_t widths[] = {1, 2, 4, 8, 16};
  uint32_t pc = 0;
  while (s.size() < length) {
    const unsigned kind = static_cast<unsigned>(rng() % 10);
    uint32_t mask = 0;
    switch (rng() % 5) {
      case 0: mask = 0xFFFFFFFFu; break;
      case 1: mask = 0; break;
      case 2: mask = static_cast<uint32_t>(rng()); break;
      case 3: mask = 1u << (rng() % 32); break;
      default: mask = 0x0000FFFFu; break;
    }
    Step st;
    if (kind < 5) {
      const MemSpace sp = spaces[rng() % 5];
      st.issued = make_inst(pc, mem_classes[rng() % 3], mask, sp, widths[rng() % 5]);
      const uint64_t base = rng();
      const int64_t stride = static_cast<int64_t>(rng() % 3 == 0 ? -8 : rng() % 256);
      for (unsigned l = 0; l < kWarpSize; ++l) {
        if (!((mask >> l) & 1u)) continue;
        st.issued.addr[l] = kind == 4 ? rng() : base + uint64_t(stride) * l;
      }
    } else if (kind < 8) {
      st.issued = make_inst(pc, kind == 5 ? OpClass::fp32 : OpClass::int_alu, mask);
      st.issued.num_dst = 4;
      st.issued.dst = {1, 2, 3, 4};
      st.issued.num_src = static_cast<uint8_t>(rng() % 9);
      for (unsigned i = 0; i < st.issued.num_src; ++i)
        st.issued.src[i] = static_cast<uint16_t>(rng() % 263);
    } else if (kind == 8) {
      st.issued = make_inst(pc, OpClass::branch, mask);
      st.issued.cache_op = CacheOp::cg;  // a different static part at a pc seen before
    } else {
      st.issued = make_inst(pc, OpClass::barrier, mask);
    }
    st.peek_mask = (rng() % 4 == 0) ? (mask | static_cast<uint32_t>(rng())) : mask;
    if (rng() % 16 == 0) {  // an operand peek() could not know yet
      st.peek_differs = true;
      st.peek_static = st.issued;
      st.peek_static.access_bytes = static_cast<uint8_t>(st.issued.access_bytes + 1);
    }
    s.push_back(st);
    pc = (rng() % 8 == 0) ? static_cast<uint32_t>(rng() % 8) * 16 : pc + 16;  // loops back
  }
  s.back().issued = make_inst(pc, OpClass::exit, 0xFFFFFFFFu);
  s.back().peek_mask = 0xFFFFFFFFu;
  return s;
}

std::vector<CtaScript> kernel_script(uint64_t ctas, unsigned warps, size_t length) {
  std::vector<CtaScript> k(ctas);
  for (uint64_t c = 0; c < ctas; ++c)
    for (unsigned w = 0; w < warps; ++w)
      k[c].push_back(warp_script(c * 131 + w, length + (c + w) % 7));
  return k;
}

void expect_replays(const std::vector<CtaScript>& script, const NativeTrace& t, size_t kernel) {
  std::unique_ptr<KernelSource> src = t.kernel(kernel);
  testing::RunLog log = testing::run(*src, 3, 1);
  for (uint64_t c = 0; c < script.size(); ++c) {
    for (unsigned w = 0; w < script[c].size(); ++w) {
      const auto& want = script[c][w];
      const auto& got = log[{c, w}];
      ASSERT_EQ(got.size(), want.size()) << "CTA " << c << " warp " << w;
      for (size_t i = 0; i < want.size(); ++i) {
        ASSERT_EQ(testing::diff(want[i].issued, got[i].issued), "")
            << "CTA " << c << " warp " << w << " record " << i;
        ASSERT_EQ(got[i].peeked.active_mask, want[i].peek_mask) << "record " << i;
        WarpInst peeked = want[i].peek_differs ? want[i].peek_static : want[i].issued;
        peeked.active_mask = want[i].peek_mask;
        ASSERT_EQ(testing::diff(peeked, got[i].peeked, false), "") << "record " << i;
      }
    }
  }
}

class NativeRoundTrip : public ::testing::TestWithParam<std::tuple<Codec, uint32_t>> {};

TEST_P(NativeRoundTrip, EveryRecordComesBack) {
  const auto [codec, chunk] = GetParam();
  const auto script = kernel_script(5, 2, 600);
  testing::ScriptedKernelSource src("mixed", Dim3{5, 1, 1}, Dim3{40, 1, 1}, script);
  const std::string path = testing::temp_path("roundtrip.wtr");
  WriterOptions opt;
  opt.codec = codec;
  opt.chunk_bytes = chunk;
  TraceWriter w(path, opt);
  KernelWritten k = write_kernel(src, w);
  w.finish();
  EXPECT_EQ(k.ctas, 5u);

  NativeTrace t = NativeTrace::open(path);
  ASSERT_EQ(t.num_kernels(), 1u);
  const NativeKernelInfo& info = t.info(0);
  EXPECT_EQ(info.name, "mixed");
  EXPECT_EQ(info.grid.x, 5u);
  EXPECT_EQ(info.block.x, 40u);
  EXPECT_EQ(info.regs_per_thread, 32u);
  EXPECT_EQ(info.shared_bytes, 1024u);
  EXPECT_EQ(info.ctas, 5u);
  EXPECT_EQ(info.warps, 10u);
  EXPECT_EQ(info.warp_insts, k.warp_insts);
  EXPECT_EQ(info.thread_insts, k.thread_insts);
  EXPECT_EQ(info.incomplete_ctas, 0u);
  if (chunk < 1024) {
    EXPECT_GT(info.chunks, 10u * 4);  // several chunks per warp
  }
  expect_replays(script, t, 0);
}

INSTANTIATE_TEST_SUITE_P(Codecs, NativeRoundTrip,
                         ::testing::Combine(::testing::Values(Codec::zstd, Codec::lzma,
                                                              Codec::none),
                                            ::testing::Values(256u, 16u * 1024)));

// The reader writes only the lanes a record carries and clears the lanes an earlier record
// left: whatever the sequence of masks, an issued instruction's other addresses read 0.
TEST(NativeRoundTrip, AddressesOutsideTheRecordReadZero) {
  const auto script = kernel_script(2, 2, 600);
  testing::ScriptedKernelSource src("lanes", Dim3{2, 1, 1}, Dim3{64, 1, 1}, script);
  const std::string path = testing::temp_path("lanes.wtr");
  TraceWriter w(path, WriterOptions{});
  write_kernel(src, w);
  w.finish();
  NativeTrace t = NativeTrace::open(path);
  std::unique_ptr<KernelSource> replay = t.kernel(0);
  testing::RunLog log = testing::run(*replay, 2);
  for (uint64_t c = 0; c < script.size(); ++c) {
    for (unsigned wi = 0; wi < script[c].size(); ++wi) {
      const auto& want = script[c][wi];
      const auto& got = log[{c, wi}];
      ASSERT_EQ(got.size(), want.size());
      for (size_t i = 0; i < want.size(); ++i) {
        const WarpInst& issued = want[i].issued;
        for (unsigned l = 0; l < kWarpSize; ++l) {
          const bool carried = native::has_addresses(issued) && ((issued.active_mask >> l) & 1u);
          ASSERT_EQ(got[i].issued.addr[l], carried ? issued.addr[l] : 0u)
              << "CTA " << c << " warp " << wi << " record " << i << " lane " << l;
        }
      }
    }
  }
}

TEST(NativeRoundTrip, SeveralKernelsAndTheInfoText) {
  const auto a = kernel_script(2, 1, 50);
  const auto b = kernel_script(3, 4, 20);
  testing::ScriptedKernelSource ka("first", Dim3{2, 1, 1}, Dim3{32, 1, 1}, a);
  testing::ScriptedKernelSource kb("second", Dim3{3, 1, 1}, Dim3{2, 64, 1}, b);
  const std::string path = testing::temp_path("two.wtr");
  WriterOptions opt;
  opt.description = "made by a test";
  std::vector<KernelSource*> list = {&ka, &kb};
  size_t next = 0;
  // convert_to_native takes ownership of each kernel; wrap the borrowed ones.
  struct Borrowed : KernelSource {
    KernelSource* k;
    explicit Borrowed(KernelSource* p) : k(p) {}
    const std::string& name() const override { return k->name(); }
    Dim3 grid() const override { return k->grid(); }
    Dim3 block() const override { return k->block(); }
    unsigned regs_per_thread() const override { return k->regs_per_thread(); }
    unsigned shared_bytes_per_cta() const override { return k->shared_bytes_per_cta(); }
    std::unique_ptr<WarpStream> open_cta(uint64_t c, unsigned sm) override {
      return k->open_cta(c, sm);
    }
  };
  ConvertStats stats = convert_to_native(
      [&]() -> std::unique_ptr<KernelSource> {
        if (next == list.size()) return nullptr;
        return std::make_unique<Borrowed>(list[next++]);
      },
      path, opt);
  EXPECT_EQ(stats.kernels, 2u);
  EXPECT_EQ(stats.ctas, 5u);

  NativeTrace t = NativeTrace::open(path);
  ASSERT_EQ(t.num_kernels(), 2u);
  EXPECT_EQ(t.description(), "made by a test");
  EXPECT_EQ(t.info(1).name, "second");
  EXPECT_EQ(t.info(1).block.y, 64u);
  EXPECT_EQ(t.info(0).warp_insts + t.info(1).warp_insts, stats.warp_insts);
  expect_replays(a, t, 0);
  expect_replays(b, t, 1);

  const std::string text = describe(t);
  EXPECT_NE(text.find("2 kernels"), std::string::npos) << text;
  EXPECT_NE(text.find("kernel 2: second  grid (3,1,1)  block (2,64,1)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("warp insts " + std::to_string(t.info(0).warp_insts)), std::string::npos)
      << text;
  EXPECT_NE(text.find("made by a test"), std::string::npos) << text;
}

TEST(NativeRoundTrip, EmptyWarpsAndAnEmptyTrace) {
  // A CTA whose second warp issues nothing (its script is empty).
  std::vector<CtaScript> s(1);
  s[0].push_back(warp_script(1, 10));
  s[0].push_back({});
  testing::ScriptedKernelSource src("k", Dim3{1, 1, 1}, Dim3{64, 1, 1}, s);
  const std::string path = testing::temp_path("empty_warp.wtr");
  TraceWriter w(path);
  write_kernel(src, w);
  w.finish();
  NativeTrace t = NativeTrace::open(path);
  auto k = t.kernel(0);
  auto cta = k->open_cta(0, 0);
  EXPECT_EQ(cta->peek(1), nullptr);
  expect_replays(s, t, 0);

  const std::string none = testing::temp_path("none.wtr");
  TraceWriter w2(none);
  w2.finish();
  NativeTrace e = NativeTrace::open(none);
  EXPECT_EQ(e.num_kernels(), 0u);
  EXPECT_NE(describe(e).find("0 kernels"), std::string::npos);
}

}  // namespace
}  // namespace warpsim::traces
