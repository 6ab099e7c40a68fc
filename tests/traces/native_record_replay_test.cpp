// `trace record` in small: an execution-mode run recorded through RecordingKernelSource and
// replayed from the file gives the driver exactly the same instructions, member for member,
// as peek() and issue() showed them while recording.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "isa/assembler.h"
#include "isa/exec/device_memory.h"
#include "isa/exec/exec_kernel_source.h"
#include "isa/exec/param_buffer.h"
#include "tests/traces/native_test_support.h"
#include "traces/native/convert.h"
#include "traces/native/native_trace.h"
#include "traces/native/recording_kernel_source.h"
#include "traces/native/trace_writer.h"

#ifndef WARPSIM_SOURCE_DIR
#define WARPSIM_SOURCE_DIR "."
#endif

namespace warpsim::traces {
namespace {

std::string workload_text(const std::string& relative) {
  const char* env = std::getenv("WARPSIM_SOURCE_DIR");
  const std::string path = std::string(env && *env ? env : WARPSIM_SOURCE_DIR) + "/" + relative;
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (ss.str().empty()) throw std::runtime_error("cannot read " + path);
  return ss.str();
}

// One of the workloads' kernels (u32 n, u64 in, u64 out) on random input.
struct Launch {
  isa::Program program;
  isa::DeviceMemory mem;
  uint64_t in = 0, out = 0;
  uint32_t n = 0;
  Dim3 grid, block;

  Launch(const std::string& file, uint32_t elements, unsigned threads, uint32_t max_value)
      : program(isa::assemble(workload_text(file), file)), n(elements) {
    block = Dim3{threads, 1, 1};
    grid = Dim3{(elements + threads - 1) / threads, 1, 1};
    std::vector<uint32_t> data(elements);
    uint32_t x = 12345;
    for (uint32_t& v : data) v = (x = x * 1664525u + 1013904223u) % max_value;
    in = mem.allocate(4ull * elements);
    mem.write(in, data.data(), 4ull * elements);
    out = mem.allocate(4ull * elements);
  }

  std::unique_ptr<KernelSource> source() {
    std::vector<isa::ParamArg> args = {isa::ParamArg::of_int(isa::ScalarType::u32, n),
                                       isa::ParamArg::of_address(in),
                                       isa::ParamArg::of_address(out)};
    const isa::Kernel& k = program.kernels.at(0);
    return std::make_unique<isa::ExecKernelSource>(k, mem, grid, block, 0,
                                                   isa::build_param_buffer(k, args));
  }
};

void expect_same_log(const testing::RunLog& want, const testing::RunLog& got) {
  ASSERT_EQ(want.size(), got.size());
  for (const auto& [key, seen] : want) {
    auto it = got.find(key);
    ASSERT_NE(it, got.end()) << "CTA " << key.first << " warp " << key.second;
    ASSERT_EQ(it->second.size(), seen.size()) << "CTA " << key.first << " warp " << key.second;
    for (size_t i = 0; i < seen.size(); ++i) {
      ASSERT_EQ(testing::diff(seen[i].issued, it->second[i].issued), "")
          << "CTA " << key.first << " warp " << key.second << " record " << i;
      ASSERT_EQ(testing::diff(seen[i].peeked, it->second[i].peeked, false), "")
          << "CTA " << key.first << " warp " << key.second << " record " << i << " (peek)";
    }
  }
}

// Records `launch` with the driver visiting `resident` CTAs at once, then replays the file
// with a different interleaving; returns the recorded log.
testing::RunLog record_and_replay(Launch& launch, const std::string& path, unsigned resident,
                                  uint64_t stop_after = 0) {
  testing::RunLog recorded;
  {
    TraceWriter w(path);
    {
      RecordingKernelSource rec(launch.source(), w);
      recorded = testing::run(rec, resident, 1, stop_after);
    }
    w.finish();
  }
  NativeTrace t = NativeTrace::open(path);
  EXPECT_EQ(t.num_kernels(), 1u);
  auto src = t.kernel(0);
  EXPECT_EQ(src->name(), launch.program.kernels[0].name);
  EXPECT_EQ(src->grid().x, launch.grid.x);
  EXPECT_EQ(src->block().x, launch.block.x);
  EXPECT_EQ(src->regs_per_thread(), launch.program.kernels[0].regs);
  // A stopped run must be replayed with the same interleaving to stop at the same place;
  // a complete one may interleave differently.
  testing::RunLog replayed = stop_after ? testing::run(*src, resident, 1, stop_after)
                                        : testing::run(*src, resident + 2, 0);
  expect_same_log(recorded, replayed);
  uint64_t insts = 0, threads = 0;
  for (const auto& kv : recorded)
    for (const testing::Seen& s : kv.second) {
      ++insts;
      threads += static_cast<unsigned>(__builtin_popcount(s.issued.active_mask));
    }
  EXPECT_EQ(t.info(0).warp_insts, insts);
  EXPECT_EQ(t.info(0).thread_insts, threads);
  return recorded;
}

TEST(NativeRecordReplay, ReduceWithBarriersSharedMemoryAndDivergence) {
  // 12 CTAs of 256 threads; the last is partly past n, so its loads diverge.
  Launch l("workloads/reduce/reduce.s", 12 * 256 - 77, 256, 1000);
  const std::string path = testing::temp_path("reduce.wtr");
  testing::RunLog log = record_and_replay(l, path, 3);
  // The recorder did not disturb execution: the sums are right.
  std::vector<uint32_t> in(l.n), out(12);
  l.mem.read(l.in, in.data(), 4ull * l.n);
  l.mem.read(l.out, out.data(), 4ull * 12);
  for (uint32_t c = 0; c < 12; ++c) {
    uint32_t sum = 0;
    for (uint32_t t = c * 256; t < std::min(l.n, (c + 1) * 256); ++t) sum += in[t];
    EXPECT_EQ(out[c], sum) << c;
  }
  // The run had what the test is about.
  bool barrier = false, shared = false, global = false, guarded = false, partial = false;
  for (const auto& kv : log)
    for (const testing::Seen& s : kv.second) {
      barrier |= s.issued.op_class == OpClass::barrier;
      shared |= s.issued.space == MemSpace::shared && s.issued.active_mask != 0;
      global |= s.issued.space == MemSpace::global && s.issued.active_mask != 0;
      guarded |= s.peeked.active_mask != s.issued.active_mask;
      partial |= s.issued.active_mask != 0 && s.issued.active_mask != 0xFFFFFFFFu;
    }
  EXPECT_TRUE(barrier && shared && global && guarded && partial);
  NativeTrace t = NativeTrace::open(path);
  EXPECT_EQ(t.info(0).ctas, 12u);
  EXPECT_EQ(t.info(0).incomplete_ctas, 0u);
}

TEST(NativeRecordReplay, BranchyDataDependentLoops) {
  Launch l("workloads/branchy/branchy.s", 5 * 96 - 20, 96, 300);
  record_and_replay(l, testing::temp_path("branchy.wtr"), 2);
}

TEST(NativeRecordReplay, ARunStoppedEarlyReplaysTheSameStop) {
  Launch l("workloads/reduce/reduce.s", 8 * 256, 256, 1000);
  const std::string path = testing::temp_path("stopped.wtr");
  record_and_replay(l, path, 3, 2500);
  NativeTrace t = NativeTrace::open(path);
  EXPECT_GT(t.info(0).incomplete_ctas, 0u);
  EXPECT_LT(t.info(0).ctas, 8u);
  EXPECT_NE(describe(t).find("incomplete"), std::string::npos);
}

TEST(NativeRecordReplay, OperandsKnownOnlyAtIssue) {
  // A named barrier whose id and thread count come from registers: peek() shows 0 for both,
  // issue() the values; replay must show both views.
  isa::Program p = isa::assemble(R"(.kernel k
.param u64 out
  S2R R0, SR_TID.X
  LD.P.64 R2, [out]
  IMAD.WIDE.U32 R2, R0, 4, R2
  MOV R5, 3
  MOV R6, 128
  BAR.SYNC R5, R6
  ST.G.32 [R2], R0
  EXIT
)",
                                 "bar.s");
  isa::DeviceMemory mem;
  const uint64_t out = mem.allocate(4 * 256);
  const isa::Kernel& k = p.kernels.at(0);
  const std::string path = testing::temp_path("named_bar.wtr");
  testing::RunLog recorded;
  {
    TraceWriter w(path);
    {
      RecordingKernelSource rec(
          std::make_unique<isa::ExecKernelSource>(
              k, mem, Dim3{2, 1, 1}, Dim3{128, 1, 1}, 0,
              isa::build_param_buffer(k, {isa::ParamArg::of_address(out)})),
          w);
      recorded = testing::run(rec, 2, 1);
    }
    w.finish();
  }
  bool differs = false;
  for (const auto& kv : recorded)
    for (const testing::Seen& s : kv.second)
      if (s.issued.op_class == OpClass::barrier) {
        EXPECT_EQ(s.issued.barrier_id, 3u);
        EXPECT_EQ(s.issued.barrier_threads, 128u);
        differs |= s.peeked.barrier_threads != s.issued.barrier_threads;
      }
  EXPECT_TRUE(differs);
  NativeTrace t = NativeTrace::open(path);
  auto src = t.kernel(0);
  expect_same_log(recorded, testing::run(*src, 1));
}

TEST(NativeRecordReplay, ConvertingATraceKeepsEveryRecord) {
  Launch l("workloads/reduce/reduce.s", 6 * 256 - 5, 256, 1000);
  const std::string path = testing::temp_path("first.wtr");
  testing::RunLog recorded = record_and_replay(l, path, 2);
  NativeTrace t = NativeTrace::open(path);
  const std::string copy = testing::temp_path("copy.wtr");
  size_t next = 0;
  WriterOptions opt;
  opt.codec = Codec::lzma;
  convert_to_native(
      [&]() -> std::unique_ptr<KernelSource> {
        return next < t.num_kernels() ? t.kernel(next++) : nullptr;
      },
      copy, opt);
  NativeTrace c = NativeTrace::open(copy);
  auto src = c.kernel(0);
  expect_same_log(recorded, testing::run(*src, 1));
  EXPECT_EQ(c.info(0).warp_insts, t.info(0).warp_insts);
  EXPECT_EQ(c.info(0).static_insts, t.info(0).static_insts);
}

}  // namespace
}  // namespace warpsim::traces
