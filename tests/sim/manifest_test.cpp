// The workload manifest (DESIGN.md §6): parsing with path:line errors, the documented `random`
// recipe (so CPU references can reproduce inputs), expected-output checks and reports.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "sim/driver/buffers.h"
#include "sim/driver/manifest.h"
#include "sim/error.h"

namespace warpsim::workload {
namespace {

namespace fs = std::filesystem;

class ManifestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("warpsim_manifest_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "k.s") << ".kernel k\n  EXIT\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& text) {
    const fs::path p = dir_ / "manifest.yaml";
    std::ofstream(p) << text;
    return p.string();
  }
  // The error's text for a manifest that must be rejected.
  std::string error_of(const std::string& text) {
    try {
      load_manifest(write(text));
    } catch (const InputError& e) {
      return e.what();
    }
    return "accepted";
  }
  fs::path dir_;
};

const char* kLaunch = "launches:\n  - {entry: k, grid: [1], block: [32]}\n";

TEST_F(ManifestTest, ParsesBuffersLaunchesExpectAndReport) {
  std::ofstream(dir_ / "y.bin", std::ios::binary) << std::string(16, '\0');
  const Manifest m = load_manifest(write(
      "name: demo\nkernel: k.s\nbuffers:\n"
      "  x: {type: f32, count: 4, init: {random: {seed: 1, min: -1.0, max: 1.0}}}\n"
      "  y: {type: u32, count: 4, init: {iota: {start: 3, step: 2}}}\n"
      "launches:\n  - entry: k\n    grid: [2, 3]\n    block: [64]\n    shared_bytes: 128\n"
      "    args: [{u32: 7}, {f32: 2.5}, x]\n"
      "expect:\n  y: {file: y.bin}\n"
      "report:\n  first: {buffer: y, index: 1}\n  total: {buffer: y, reduce: sum}\n"));
  EXPECT_EQ(m.name, "demo");
  ASSERT_EQ(m.buffers.size(), 2u);
  EXPECT_EQ(m.buffers[0].init.kind, InitSpec::Kind::random);
  ASSERT_EQ(m.launches.size(), 1u);
  EXPECT_EQ(m.launches[0].grid[1], 3u);
  EXPECT_EQ(m.launches[0].grid[2], 1u);
  EXPECT_EQ(m.launches[0].shared_bytes, 128u);
  ASSERT_EQ(m.launches[0].args.size(), 3u);
  EXPECT_EQ(m.launches[0].args[2].buffer, "x");
  EXPECT_EQ(m.launches[0].args[1].scalar.bits, 0x40200000u);
  ASSERT_EQ(m.reports.size(), 2u);
  EXPECT_EQ(m.reports[1].reduce, ReportSpec::Reduce::sum);
}

TEST_F(ManifestTest, StructArgumentsListTheirFields) {
  const Manifest m = load_manifest(write(
      "kernel: k.s\nbuffers:\n  x: {type: f32, count: 4}\n"
      "launches:\n  - {entry: k, grid: [1], block: [32], args: [{struct: [{f32: 0.5}, {i32: -2}, x]}]}\n"));
  ASSERT_EQ(m.launches[0].args.size(), 1u);
  const ArgSpec& a = m.launches[0].args[0];
  EXPECT_TRUE(a.is_struct);
  ASSERT_EQ(a.fields.size(), 3u);
  EXPECT_EQ(a.fields[0].scalar.bits, 0x3f000000u);
  EXPECT_EQ(a.fields[1].scalar.type, ElemType::i32);
  EXPECT_EQ(a.fields[2].buffer, "x");
  auto launch = [](const std::string& args) {
    return "kernel: k.s\nlaunches:\n  - {entry: k, grid: [1], block: [32], args: [" + args + "]}\n";
  };
  EXPECT_NE(error_of(launch("{struct: []}")).find("manifest.yaml:3: struct must be a non-empty list"),
            std::string::npos);
  EXPECT_NE(error_of(launch("{struct: {u32: 1}}")).find("manifest.yaml:3: struct must be"), std::string::npos);
  EXPECT_NE(error_of(launch("{struct: [{struct: [{u32: 1}]}]}")).find("nested structs are not supported"),
            std::string::npos);
  EXPECT_NE(error_of(launch("{struct: [nobuf]}")).find("manifest.yaml:3: argument 'nobuf' is not a buffer"),
            std::string::npos);
}

TEST_F(ManifestTest, FolderMeansItsManifest) {
  write(std::string("kernel: k.s\n") + kLaunch);
  EXPECT_EQ(load_manifest(dir_.string()).launches.size(), 1u);
}

TEST_F(ManifestTest, ErrorsNameFileAndLine) {
  EXPECT_NE(error_of("kernel: k.s\nbuffers:\n  x: {type: f31, count: 4}\n" + std::string(kLaunch))
                .find("manifest.yaml:3: unknown type 'f31'"),
            std::string::npos);
  EXPECT_NE(error_of("kernel: k.s\nbuffers:\n  x: {type: u8, count: 4, init: {fill: 300}}\n" +
                     std::string(kLaunch))
                .find("manifest.yaml:3:"),
            std::string::npos);
  EXPECT_NE(error_of("kernel: nothere.s\n" + std::string(kLaunch)).find("manifest.yaml:1: file not found"),
            std::string::npos);
  EXPECT_NE(error_of("kernel: k.s\nlaunches:\n  - {entry: k, grid: [0], block: [32]}\n").find("manifest.yaml:3:"),
            std::string::npos);
  EXPECT_NE(error_of("kernel: k.s\n" + std::string(kLaunch) + "expect:\n  z: {fill: 1}\n").find("manifest.yaml:5:"),
            std::string::npos);
  EXPECT_NE(error_of("kernel: k.s\nlaunches: []\n").find("non-empty"), std::string::npos);
  EXPECT_NE(error_of("kernel: k.s\nbogus: 1\n" + std::string(kLaunch)).find("manifest.yaml:2: unknown key 'bogus'"),
            std::string::npos);
  EXPECT_NE(error_of("kernel: k.s\nlaunches:\n  - {entry: k, grid: [1], block: [32], args: [nobuf]}\n")
                .find("manifest.yaml:3:"),
            std::string::npos);
  EXPECT_NE(error_of("kernel: [k.s\n").find("manifest.yaml:"), std::string::npos);
}

BufferSpec random_buffer(ElemType t, uint64_t count, const std::string& lo, const std::string& hi) {
  BufferSpec b;
  b.type = t;
  b.count = count;
  b.init.kind = InitSpec::Kind::random;
  b.init.seed = 42;
  b.init.min = lo;
  b.init.max = hi;
  return b;
}

TEST(BufferInit, RandomFloatsFollowTheDocumentedRecipe) {
  const auto bytes = initial_contents(random_buffer(ElemType::f64, 100, "-2.0", "3.0"), "m");
  std::mt19937_64 rng(42);
  for (uint64_t i = 0; i < 100; ++i) {
    const double expected = -2.0 + 5.0 * double(rng() >> 11) * 0x1.0p-53;
    EXPECT_EQ(element_value(bytes, ElemType::f64, i), expected) << i;
  }
}

TEST(BufferInit, RandomIntegersFollowTheDocumentedRecipe) {
  const auto bytes = initial_contents(random_buffer(ElemType::i32, 100, "-5", "5"), "m");
  std::mt19937_64 rng(42);
  for (uint64_t i = 0; i < 100; ++i) {
    const int64_t expected = -5 + int64_t(rng() % 11);
    EXPECT_EQ(element_value(bytes, ElemType::i32, i), double(expected)) << i;
  }
}

TEST(BufferInit, FillIotaAndF16) {
  BufferSpec b;
  b.type = ElemType::f16;
  b.count = 3;
  b.init.kind = InitSpec::Kind::iota;
  b.init.iota_start = 1.5;
  b.init.iota_step = 0.5;
  const auto bytes = initial_contents(b, "m");
  EXPECT_EQ(element_bits(bytes, ElemType::f16, 0), 0x3E00u);  // 1.5 in binary16
  EXPECT_EQ(element_value(bytes, ElemType::f16, 2), 2.5);
}

TEST(ExpectCheck, ReportsFirstBadIndexAndHonoursTolerance) {
  BufferSpec b;
  b.name = "y";
  b.type = ElemType::f32;
  b.count = 4;
  std::vector<uint8_t> actual(16);
  const float vals[4] = {1.0f, 2.0f, 3.0f, 4.0f};
  std::memcpy(actual.data(), vals, 16);
  ExpectSpec e;
  e.buffer = "y";
  e.fill = "2.0";
  e.tolerance = 0.0;
  EXPECT_NE(check_expect(e, b, actual, "m").find("index 0"), std::string::npos);
  e.tolerance = 1.5;
  EXPECT_NE(check_expect(e, b, actual, "m").find("index 3"), std::string::npos);
  e.tolerance = 2.5;
  EXPECT_EQ(check_expect(e, b, actual, "m"), "");
}

TEST(Report, IndexAndReductions) {
  BufferSpec b;
  b.type = ElemType::u32;
  b.count = 4;
  std::vector<uint8_t> bytes(16);
  const uint32_t vals[4] = {5, 1, 9, 3};
  std::memcpy(bytes.data(), vals, 16);
  ReportSpec r;
  r.index = 2;
  EXPECT_EQ(report_value(r, b, bytes), 9.0);
  r.reduce = ReportSpec::Reduce::sum;
  EXPECT_EQ(report_value(r, b, bytes), 18.0);
  r.reduce = ReportSpec::Reduce::min;
  EXPECT_EQ(report_value(r, b, bytes), 1.0);
  r.reduce = ReportSpec::Reduce::max;
  EXPECT_EQ(report_value(r, b, bytes), 9.0);
  r.reduce = ReportSpec::Reduce::mean;
  EXPECT_EQ(report_value(r, b, bytes), 4.5);
}

}  // namespace
}  // namespace warpsim::workload
