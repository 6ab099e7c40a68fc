// The chip-assembly workloads compute what their header comments promise (the CPU references
// here follow those comments).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>

#include "isa/assembler.h"
#include "sim/error.h"
#include "tests/isa/kernel_runner.h"

namespace warpsim::isa {
namespace {

using testing::download;
using testing::run_kernel;
using testing::upload;

Program load(const std::string& rel) { return assemble_file(testing::source_path(rel)); }

TEST(Workloads, Saxpy) {
  Program p = load("workloads/saxpy/saxpy.s");
  const Kernel& k = *p.find("saxpy");
  const uint32_t n = 1000;  // not a multiple of the block: the tail exits early
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> u(-1, 1);
  std::vector<float> x(n), y(n);
  for (uint32_t i = 0; i < n; ++i) x[i] = u(rng), y[i] = u(rng);
  DeviceMemory mem;
  uint64_t dx = upload(mem, x), dy = upload(mem, y);
  const float a = 2.5f;
  run_kernel(k, mem, Dim3{(n + 255) / 256, 1, 1}, Dim3{256, 1, 1},
             {ParamArg::of_int(ScalarType::u32, n), ParamArg::of_f32(a), ParamArg::of_address(dx),
              ParamArg::of_address(dy)});
  auto out = download<float>(mem, dy, n);
  for (uint32_t i = 0; i < n; ++i) EXPECT_EQ(out[i], std::fma(a, x[i], y[i])) << i;
}

TEST(Workloads, Reduce) {
  Program p = load("workloads/reduce/reduce.s");
  const Kernel& k = *p.find("reduce");
  const uint32_t n = 5000, block = 256, grid = (n + block - 1) / block;
  std::mt19937 rng(2);
  std::vector<uint32_t> in(n);
  for (auto& v : in) v = rng();  // large values: the sums wrap
  DeviceMemory mem;
  uint64_t din = upload(mem, in), dout = mem.allocate(4 * grid);
  testing::RunStats stats = run_kernel(k, mem, Dim3{grid, 1, 1}, Dim3{block, 1, 1},
                                       {ParamArg::of_int(ScalarType::u32, n),
                                        ParamArg::of_address(din), ParamArg::of_address(dout)});
  auto out = download<uint32_t>(mem, dout, grid);
  for (uint32_t c = 0; c < grid; ++c) {
    uint32_t sum = 0;
    for (uint32_t t = 0; t < block; ++t)
      if (c * block + t < n) sum += in[c * block + t];
    EXPECT_EQ(out[c], sum) << c;
  }
  EXPECT_GT(stats.warp_insts, 0u);
}

uint32_t branchy_ref(uint32_t x) {
  if (x == 0) return 0xFFFFFFFFu;
  uint32_t steps = 0, acc = 0;
  while (x > 1 && steps < 100) {
    if (x & 1) {
      x = 3 * x + 1;
      if (x & 2)
        acc += x;
      else
        acc ^= x;
    } else {
      x >>= 1;
    }
    ++steps;
  }
  return (steps << 16) | (acc & 0xFFFF);
}

TEST(Workloads, Branchy) {
  Program p = load("workloads/branchy/branchy.s");
  const Kernel& k = *p.find("branchy");
  const uint32_t n = 777;
  std::mt19937 rng(3);
  std::vector<uint32_t> in(n);
  for (uint32_t i = 0; i < n; ++i) in[i] = i % 13 == 0 ? 0 : rng() % 1000;
  in[1] = 0xFFFFFFFFu;  // 3x+1 wraps
  DeviceMemory mem;
  uint64_t din = upload(mem, in), dout = mem.allocate(4 * n);
  run_kernel(k, mem, Dim3{(n + 127) / 128, 1, 1}, Dim3{128, 1, 1},
             {ParamArg::of_int(ScalarType::u32, n), ParamArg::of_address(din),
              ParamArg::of_address(dout)});
  auto out = download<uint32_t>(mem, dout, n);
  for (uint32_t i = 0; i < n; ++i) EXPECT_EQ(out[i], branchy_ref(in[i])) << i << " x=" << in[i];
}

TEST(Workloads, ParamBufferChecksArguments) {
  Program p = load("workloads/saxpy/saxpy.s");
  const Kernel& k = p.kernels[0];
  EXPECT_THROW(build_param_buffer(k, {ParamArg::of_int(ScalarType::u32, 1)}), InputError);
  try {
    build_param_buffer(k,
                       {ParamArg::of_int(ScalarType::u32, 1), ParamArg::of_int(ScalarType::u32, 2),
                        ParamArg::of_address(0), ParamArg::of_address(0)});
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("arg 2 (a): expected f32, got u32"), std::string::npos)
        << e.what();
  }
  auto buf = build_param_buffer(
      k, {ParamArg::of_int(ScalarType::u32, 7), ParamArg::of_f32(1.0f),
          ParamArg::of_address(0x1122334455667788), ParamArg::of_int(ScalarType::u64, 5)});
  ASSERT_EQ(buf.size(), 24u);
  EXPECT_EQ(buf[0], 7);
  EXPECT_EQ(buf[7], 0x3F);
  EXPECT_EQ(buf[8], 0x88);
  EXPECT_EQ(buf[15], 0x11);
  EXPECT_EQ(buf[16], 5);
}

TEST(Workloads, LaunchChecks) {
  Program p = load("workloads/saxpy/saxpy.s");
  DeviceMemory mem;
  EXPECT_THROW(ExecKernelSource(p.kernels[0], mem, Dim3{1, 1, 1}, Dim3{2048, 1, 1}, 0,
                                std::vector<uint8_t>(24)),
               InputError);
  EXPECT_THROW(ExecKernelSource(p.kernels[0], mem, Dim3{1, 1, 1}, Dim3{32, 1, 1}, 0,
                                std::vector<uint8_t>(8)),
               InputError);
}

// Not a benchmark gate (that is scripts/bench.sh); a guard against accidental slowness.
TEST(Workloads, EmulatorThroughput) {
  Program p = load("workloads/branchy/branchy.s");
  const uint32_t n = 64 * 256;
  std::vector<uint32_t> in(n);
  for (uint32_t i = 0; i < n; ++i) in[i] = i * 2654435761u % 100000;
  DeviceMemory mem;
  uint64_t din = upload(mem, in), dout = mem.allocate(4 * n);
  auto t0 = std::chrono::steady_clock::now();
  testing::RunStats s = run_kernel(p.kernels[0], mem, Dim3{n / 256, 1, 1}, Dim3{256, 1, 1},
                                   {ParamArg::of_int(ScalarType::u32, n), ParamArg::of_address(din),
                                    ParamArg::of_address(dout)});
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("emulated %llu warp instructions in %.3f s: %.2f M warp-inst/s\n",
              static_cast<unsigned long long>(s.warp_insts), secs, s.warp_insts / secs / 1e6);
  EXPECT_GT(s.warp_insts, 100000u);
}

}  // namespace
}  // namespace warpsim::isa
