// Damaged files: every problem is an InputError naming the file, never a crash or a silent
// wrong replay.
#include <gtest/gtest.h>

#include <cstdio>

#include "sim/error.h"
#include "tests/traces/native_test_support.h"
#include "traces/native/compression.h"
#include "traces/native/convert.h"
#include "traces/native/format.h"
#include "traces/native/native_trace.h"
#include "traces/native/trace_writer.h"

namespace warpsim::traces {
namespace {

using testing::CtaScript;
using testing::make_inst;
using testing::Step;

std::vector<CtaScript> small_script() {
  std::vector<CtaScript> k(3);
  for (uint64_t c = 0; c < 3; ++c) {
    k[c].resize(2);
    for (unsigned w = 0; w < 2; ++w)
      for (uint32_t i = 0; i < 40; ++i) {
        Step s;
        s.issued = make_inst(16 * (i % 13), i % 3 ? OpClass::store : OpClass::int_alu,
                             0xFFFF00FFu >> (i % 4), MemSpace::global, 8);
        for (unsigned l = 0; l < kWarpSize; ++l) s.issued.addr[l] = 0x10000 + 8 * l + i * 4096;
        s.peek_mask = s.issued.active_mask;
        k[c][w].push_back(s);
      }
  }
  return k;
}

std::string write_small(WriterOptions opt = {}) {
  auto s = small_script();
  testing::ScriptedKernelSource src("k", Dim3{3, 1, 1}, Dim3{64, 1, 1}, s);
  const std::string path = testing::temp_path("small.wtr");
  opt.chunk_bytes = 128;
  TraceWriter w(path, opt);
  write_kernel(src, w);
  w.finish();
  return path;
}

// Opens the trace and replays every kernel and CTA completely.
void replay_all(const std::string& path) {
  NativeTrace t = NativeTrace::open(path);
  for (size_t k = 0; k < t.num_kernels(); ++k) {
    auto src = t.kernel(k);
    testing::run(*src, 2);
  }
}

std::string problem_of(const std::string& path) {
  try {
    replay_all(path);
  } catch (const InputError& e) {
    EXPECT_EQ(e.path(), path);
    return e.problem();
  }
  return "";
}

TEST(NativeCorruption, TheIntactFileReplays) { EXPECT_EQ(problem_of(write_small()), ""); }

TEST(NativeCorruption, MissingAndEmptyFiles) {
  EXPECT_NE(problem_of("/nonexistent/x.wtr").find("cannot open"), std::string::npos);
  const std::string empty = testing::temp_path("empty.wtr");
  testing::write_file(empty, {});
  EXPECT_NE(problem_of(empty).find("bad magic"), std::string::npos);
}

TEST(NativeCorruption, BadMagicVersionAndFlags) {
  const std::string path = write_small();
  const std::vector<uint8_t> good = testing::read_file(path);
  auto with = [&](size_t at, uint8_t v) {
    std::vector<uint8_t> b = good;
    b[at] = v;
    const std::string p = testing::temp_path("hdr.wtr");
    testing::write_file(p, b);
    return problem_of(p);
  };
  EXPECT_NE(with(1, 'X').find("not a warpsim native trace (bad magic number)"),
            std::string::npos);
  EXPECT_NE(with(8, 3).find("format version 3, this build reads 1 to 2"), std::string::npos);
  EXPECT_NE(with(8, 0).find("format version 0, this build reads 1 to 2"), std::string::npos);
  EXPECT_NE(with(10, 1).find("unknown header flags"), std::string::npos);
  EXPECT_NE(with(13, 1).find("unknown header flags"), std::string::npos);
}

// Version 1 had no binary version, recorded preset or stream per kernel: the same file without
// those fields, as a version 1 writer wrote it, replays with its kernel on the default stream.
TEST(NativeCorruption, AVersionOneFileStillReads) {
  std::vector<uint8_t> b = testing::read_file(write_small());
  auto u64_at = [&](size_t at) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = v << 8 | b[at + size_t(i)];
    return v;
  };
  const size_t footer_at = size_t(u64_at(b.size() - native::kTrailerBytes));
  size_t at = footer_at;
  auto varint = [&] {
    uint64_t v = 0;
    for (unsigned shift = 0;; shift += 7) {
      const uint8_t byte = b[at++];
      v |= uint64_t(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) return v;
    }
  };
  at += size_t(varint());  // schema
  at += size_t(varint());  // description
  // Version 2's binary version and recorded preset (0 and empty here): two one-byte varints.
  ASSERT_EQ(b[at], 0u);
  ASSERT_EQ(b[at + 1], 0u);
  b.erase(b.begin() + long(at), b.begin() + long(at) + 2);
  ASSERT_EQ(varint(), 1u);  // kernels
  at += size_t(varint());  // name
  for (int i = 0; i < 8; ++i) varint();  // grid, block, registers, shared bytes
  ASSERT_EQ(b[at], 0u);  // the stream: the default one, a one-byte varint
  b.erase(b.begin() + long(at));
  b[8] = 1;  // version 1
  const size_t footer_bytes = b.size() - native::kTrailerBytes - footer_at;
  uint8_t* trailer = &b[b.size() - native::kTrailerBytes];
  for (int i = 0; i < 8; ++i) trailer[8 + i] = uint8_t(uint64_t(footer_bytes) >> (8 * i));
  const uint32_t crc = native::crc32(&b[footer_at], footer_bytes);
  for (int i = 0; i < 4; ++i) trailer[16 + i] = uint8_t(crc >> (8 * i));
  const std::string p = testing::temp_path("v1.wtr");
  testing::write_file(p, b);
  EXPECT_EQ(problem_of(p), "");
  NativeTrace t = NativeTrace::open(p);
  EXPECT_EQ(t.version(), 1u);
  EXPECT_EQ(t.info(0).stream, 0u);
  EXPECT_EQ(t.info(0).warp_insts, NativeTrace::open(write_small()).info(0).warp_insts);
}

TEST(NativeCorruption, EveryTruncationIsDetected) {
  const std::string path = write_small();
  const std::vector<uint8_t> good = testing::read_file(path);
  const std::string p = testing::temp_path("cut.wtr");
  for (size_t n = 0; n < good.size(); ++n) {
    testing::write_file(p, std::vector<uint8_t>(good.begin(), good.begin() + long(n)));
    const std::string why = problem_of(p);
    ASSERT_NE(why, "") << "cut at " << n;
  }
  testing::write_file(p, std::vector<uint8_t>(good.begin(), good.end() - 1));
  EXPECT_NE(problem_of(p).find("unfinished"), std::string::npos);
}

TEST(NativeCorruption, AnUnfinishedWriterLeavesAnUnreadableFile) {
  auto s = small_script();
  testing::ScriptedKernelSource src("k", Dim3{3, 1, 1}, Dim3{64, 1, 1}, s);
  const std::string path = testing::temp_path("unfinished.wtr");
  {
    TraceWriter w(path);
    write_kernel(src, w);
  }  // no finish()
  EXPECT_NE(problem_of(path).find("unfinished"), std::string::npos);
}

TEST(NativeCorruption, ACorruptChunkIsReportedWhereItIsRead) {
  const std::string path = write_small();
  std::vector<uint8_t> b = testing::read_file(path);
  b[native::kHeaderBytes + 2] ^= 0x40;  // inside the first chunk written (CTA 0, warp 0 or 1)
  testing::write_file(path, b);
  NativeTrace t = NativeTrace::open(path);  // the footer is intact
  auto k = t.kernel(0);
  auto cta = k->open_cta(0, 0);  // so is the directory
  try {
    for (unsigned w = 0; w < 2; ++w)
      while (cta->peek(w)) cta->issue(w, 0);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(e.problem().find("kernel 0 (k), CTA 0, warp "), std::string::npos) << e.what();
    EXPECT_NE(e.problem().find("corrupt chunk 0: checksum mismatch"), std::string::npos)
        << e.what();
  }
}

TEST(NativeCorruption, EveryFlippedByteIsDetected) {
  for (Codec codec : {Codec::zstd, Codec::lzma}) {
    WriterOptions opt;
    opt.codec = codec;
    const std::string path = write_small(opt);
    const std::vector<uint8_t> good = testing::read_file(path);
    const std::string p = testing::temp_path("flip.wtr");
    for (size_t i = 0; i < good.size(); ++i) {
      std::vector<uint8_t> b = good;
      b[i] ^= static_cast<uint8_t>(1u << (i % 8));
      testing::write_file(p, b);
      ASSERT_NE(problem_of(p), "") << "byte " << i << " of " << good.size();
    }
  }
}

}  // namespace
}  // namespace warpsim::traces
