// The Accel-Sim reader as a specification: what each part of the format means for the
// WarpInsts the timing model sees, and that replay counts are exact (every instruction line, mask
// 0 included; thread-level = sum of popcount(mask)).
#include <gtest/gtest.h>

#include <algorithm>
#include <bitset>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <sstream>
#include <tuple>

#include "isa/sass/sass_table.h"
#include "tests/traces/accelsim_test_support.h"

namespace warpsim::traces::test {
namespace {

namespace fs = std::filesystem;

uint64_t popcount_sum(const std::vector<SynthCta>& ctas,
                      const std::function<uint32_t(const std::string&)>& mask_of) {
  uint64_t n = 0;
  for (const SynthCta& c : ctas)
    for (const SynthWarp& w : c.warps)
      for (const std::string& l : w.lines) n += std::bitset<32>(mask_of(l)).count();
  return n;
}

uint64_t line_count(const std::vector<SynthCta>& ctas) {
  uint64_t n = 0;
  for (const SynthCta& c : ctas)
    for (const SynthWarp& w : c.warps) n += w.lines.size();
  return n;
}

// The mask is the token after the PC (and after the prefixes of the given sizes).
uint32_t mask_at(const std::string& line, size_t skip) {
  std::istringstream ss(line);
  std::string tok;
  for (size_t i = 0; i <= skip + 1; ++i) ss >> tok;
  return static_cast<uint32_t>(std::stoul(tok, nullptr, 16));
}

// A grid of 2x2 CTAs of 64 threads (2 warps) with a mix of instruction kinds.
SynthKernel mixed_kernel(const std::string& version, bool lineinfo, int immediates) {
  SynthKernel k;
  k.grid[0] = 2;
  k.grid[1] = 2;
  k.block[0] = 64;
  k.tracer_version = version;
  k.lineinfo = lineinfo;
  auto imm = [&](const std::string& l) {
    std::string s = l;
    for (int i = 0; i < immediates; ++i) s += i == 0 ? " -1" : " 7";
    return (lineinfo ? std::string("42 ") : std::string()) + s;
  };
  for (uint32_t y = 0; y < 2; ++y)
    for (uint32_t x = 0; x < 2; ++x) {
      SynthCta c;
      c.x = x;
      c.y = y;
      for (unsigned w = 0; w < 2; ++w) {
        SynthWarp sw;
        sw.id = w;
        sw.lines = {
            imm("0000 ffffffff 1 R1 MOV 0 0"),
            imm("0010 ffffffff 1 R0 S2R 0 0"),
            imm("0020 0000ffff 1 R2 IADD3 2 R0 R255 0"),
            imm("0030 0000ffff 1 R4 LDG.E.64 1 R2 8 1 0x7f1000000000 8"),
            imm("0040 00000f0f 1 R9 FFMA 3 R4 R5 R9 0"),
            imm("0050 00000001 0 STG.E 2 R2 R9 4 2 0x7f2000000000"),
            imm("0060 00000000 0 EXIT 0 0"),
            imm("0070 ffffffff 0 EXIT 0 0"),
        };
        sw.lines.resize(sw.lines.size() - (x + y + w) % 3);  // warps of different lengths
        c.warps.push_back(sw);
      }
      k.ctas.push_back(c);
    }
  return k;
}

struct FormatCase {
  std::string version;
  bool lineinfo;
  int immediates;
  bool xz;
};

class FormatVersions : public ::testing::TestWithParam<FormatCase> {};

TEST_P(FormatVersions, ReplayGivesExactWarpAndThreadCounts) {
  const FormatCase& p = GetParam();
  SynthKernel k = mixed_kernel(p.version, p.lineinfo, p.immediates);
  ScratchDir dir;
  std::string path = dir.file(p.xz ? "kernel-1.traceg.xz" : "kernel-1.traceg");
  (p.xz ? write_xz : write_file)(path, k.render());
  auto kernel = AccelSimKernel::open(path);
  EXPECT_EQ(kernel->listed_warp_insts(), line_count(k.ctas));
  ReplayStats s = replay(*kernel);
  EXPECT_EQ(s.ctas, 4u);
  EXPECT_EQ(s.warp_insts, line_count(k.ctas));
  EXPECT_EQ(s.thread_insts, popcount_sum(k.ctas, [&](const std::string& l) {
              return mask_at(l, p.lineinfo ? 1 : 0);
            }));
  uint64_t exits = 0, loads = 0;
  for (const SynthCta& c : k.ctas)
    for (const SynthWarp& w : c.warps)
      for (const std::string& l : w.lines) {
        exits += l.find(" EXIT ") != std::string::npos;
        loads += l.find(" LDG.") != std::string::npos;
      }
  EXPECT_EQ(s.by_class[size_t(OpClass::exit)], exits);
  EXPECT_EQ(s.by_class[size_t(OpClass::load)], loads);
  EXPECT_EQ(s.by_space[size_t(MemSpace::global)], loads + 8);  // + the STGs (never cut)
}

INSTANTIATE_TEST_SUITE_P(
    Accelsim, FormatVersions,
    ::testing::Values(FormatCase{"3", false, 0, false}, FormatCase{"3", false, 0, true},
                      FormatCase{"4", false, 0, false}, FormatCase{"4", true, 0, false},
                      FormatCase{"4", true, 1, true}, FormatCase{"5", false, 1, false},
                      FormatCase{"5", false, 2, false}, FormatCase{"5", true, 2, true}),
    [](const ::testing::TestParamInfo<FormatCase>& i) {
      return "v" + i.param.version + (i.param.lineinfo ? "_lineinfo" : "") + "_imm" +
             std::to_string(i.param.immediates) + (i.param.xz ? "_xz" : "_plain");
    });

// One warp of the given lines in a 1-CTA, 1-warp kernel; returns the opened kernel.
std::unique_ptr<AccelSimKernel> one_warp(ScratchDir& dir, const std::vector<std::string>& lines,
                                         SynthKernel k = SynthKernel{}) {
  SynthCta c;
  c.warps.push_back(SynthWarp{0, lines});
  k.ctas = {c};
  std::string path = dir.file("kernel-1.traceg");
  write_file(path, k.render());
  return AccelSimKernel::open(path);
}

// Every instruction of warp 0 of CTA 0, as issued.
std::vector<WarpInst> issued(AccelSimKernel& k, uint64_t cta = 0, unsigned warp = 0) {
  std::vector<WarpInst> out;
  auto s = k.open_cta(cta, 0);
  while (s->peek(warp) != nullptr) out.push_back(s->issue(warp, 0));
  return out;
}

TEST(AccelsimReader, HeaderFieldsBecomeTheKernelSource) {
  ScratchDir dir;
  SynthKernel k;
  k.name = "_Z3fooPfi";
  k.grid[0] = 7;
  k.grid[2] = 3;
  k.block[0] = 96;
  k.binary_version = 86;
  k.extra_header = {{"shmem", "4096"}, {"nregs", "40"}, {"cuda stream id", "93824992250000"}};
  auto kernel = one_warp(dir, {"0000 ffffffff 0 EXIT 0 0 0"}, k);
  EXPECT_EQ(kernel->name(), "_Z3fooPfi");
  EXPECT_EQ(kernel->grid().x, 7u);
  EXPECT_EQ(kernel->grid().z, 3u);
  EXPECT_EQ(kernel->block().x, 96u);
  EXPECT_EQ(kernel->regs_per_thread(), 40u);
  EXPECT_EQ(kernel->shared_bytes_per_cta(), 4096u);
  const KernelHeader& h = kernel->header();
  EXPECT_EQ(h.binary_version, 86);
  EXPECT_EQ(h.cuda_stream_id, 93824992250000u);
  EXPECT_EQ(h.shmem_base, 0x00007f0000000000u);
  EXPECT_EQ(h.local_base, 0x00007e0000000000u);
  EXPECT_EQ(h.tracer_version, "5");
  EXPECT_EQ(kernel->sass_table().name(), "Ampere (sm_80)");
  EXPECT_EQ(kernel->open_cta(0, 0)->num_warps(), 3u);
  EXPECT_EQ(kernel->ctas_in_trace(), 1u);
}

TEST(AccelsimReader, AddressCompressionModesDecodePerActiveLane) {
  ScratchDir dir;
  auto k = one_warp(
      dir,
      {
          // list_all: one address per active lane (lanes 0, 2, 31)
          "0000 80000005 1 R2 LDG.E 1 R4 4 0 0x0000000000001000 0x0000000000002000 "
          "0x0000000000003000",
          // base_stride: lanes 4..7, stride -8
          "0010 000000f0 1 R2 LDG.E 1 R4 4 1 0x5000 -8",
          // base_delta: lanes 1, 3, 8 with deltas +100, -50
          "0020 0000010a 1 R2 LDG.E 1 R4 4 2 0x7000 100 -50",
          // base_delta with one active lane: base only
          "0030 00010000 1 R2 LDG.E 1 R4 4 2 0x9000",
          // mask 0: base_stride with nothing to decode (the tracer's output for an all-off warp)
          "0040 00000000 1 R2 LDG.E.64 1 R4 8 1 0x0 0",
      });
  std::vector<WarpInst> in = issued(*k);
  ASSERT_EQ(in.size(), 5u);
  EXPECT_EQ(in[0].addr[0], 0x1000u);
  EXPECT_EQ(in[0].addr[2], 0x2000u);
  EXPECT_EQ(in[0].addr[31], 0x3000u);
  for (unsigned lane = 4; lane < 8; ++lane) EXPECT_EQ(in[1].addr[lane], 0x5000u - 8 * (lane - 4));
  EXPECT_EQ(in[2].addr[1], 0x7000u);
  EXPECT_EQ(in[2].addr[3], 0x7000u + 100);
  EXPECT_EQ(in[2].addr[8], 0x7000u + 100 - 50);
  EXPECT_EQ(in[3].addr[16], 0x9000u);
  EXPECT_EQ(in[4].active_mask, 0u);
  EXPECT_EQ(in[4].op_class, OpClass::load);
  EXPECT_EQ(in[4].access_bytes, 8u);
  for (const WarpInst& i : in) EXPECT_EQ(i.space, MemSpace::global);
}

TEST(AccelsimReader, ImmediatesZeroOneOrTwoPossiblyNegative) {
  ScratchDir dir;
  auto k = one_warp(dir, {
                             "0000 ffffffff 1 R0 IADD3 2 R5 R255 0",
                             "0010 ffffffff 1 R0 IADD3 2 R5 R255 0 -1",
                             "0020 ffffffff 1 R0 IADD3 2 R5 R255 0 -1 0",
                             "0030 ffffffff 1 R2 LDG.E 1 R4 4 1 0x100 4 -7 9",
                         });
  std::vector<WarpInst> in = issued(*k);
  ASSERT_EQ(in.size(), 4u);
  EXPECT_EQ(in[3].addr[31], 0x100u + 31 * 4);
}

TEST(AccelsimReader, RegistersRzDroppedUniformRegistersOwnRangeLoadsWiden) {
  ScratchDir dir;
  SynthKernel kh;
  kh.binary_version = 75;  // uniform registers arrived with Turing
  auto k = one_warp(dir,
                    {
                        "0000 ffffffff 1 R10 IMAD 3 R10 UR4 R255 0 0",
                        "0010 ffffffff 1 UR4 UMOV 1 UR63 0 0",
                        "0020 ffffffff 1 R4 LDG.E.128 1 R2 16 1 0x1000 16",
                        "0030 ffffffff 1 R255 IADD3 2 R1 R2 0",
                        "0040 ffffffff 1 R253 LDS.U.128 1 R1 16 1 0x7f0000000000 16",
                    },
                    kh);
  std::vector<WarpInst> in = issued(*k);
  ASSERT_EQ(in.size(), 5u);
  ASSERT_EQ(in[0].num_dst, 1u);
  EXPECT_EQ(in[0].dst[0], 10u);
  ASSERT_EQ(in[0].num_src, 2u);
  EXPECT_EQ(in[0].src[0], 10u);
  EXPECT_EQ(in[0].src[1], 512u + 4);
  ASSERT_EQ(in[1].num_dst, 1u);
  EXPECT_EQ(in[1].dst[0], 512u + 4);
  EXPECT_EQ(in[1].num_src, 0u);  // URZ
  ASSERT_EQ(in[2].num_dst, 4u);  // R4..R7
  for (unsigned i = 0; i < 4; ++i) EXPECT_EQ(in[2].dst[i], 4u + i);
  EXPECT_EQ(in[3].num_dst, 0u);  // writes RZ
  ASSERT_EQ(in[4].num_dst, 2u);  // R253, R254; never RZ
  EXPECT_EQ(in[4].dst[1], 254u);
}

// Answers with a distinct index per opcode text it knows, and counts how often it is asked.
struct FakeTiming : OpTimingResolver {
  mutable int asked = 0;
  uint16_t resolve(std::string_view text, OpClass c) const override {
    ++asked;
    if (text == "MUFU.EX2" && c == OpClass::sfu) return 7;
    if (text == "IMAD.WIDE.U32") return 3;
    return kClassTiming;
  }
};

TEST(AccelsimReader, BoundTimingResolvesEachOpcodeTextOnce) {
  ScratchDir dir;
  SynthKernel kh;
  const std::vector<std::string> lines = {
      "0000 ffffffff 1 R2 MUFU.EX2 1 R2 0",
      "0010 ffffffff 1 R4 IMAD.WIDE.U32 2 R2 R3 0",
      "0020 ffffffff 1 R2 MUFU.EX2 1 R2 0",  // the same line again: memoized, same timing
      "0030 ffffffff 1 R5 FFMA 3 R2 R3 R4 0",
      "0040 ffffffff 0 EXIT 0 0",
  };
  auto k = one_warp(dir, lines, kh);
  std::vector<WarpInst> unbound = issued(*k);
  for (const WarpInst& i : unbound) EXPECT_EQ(i.timing, kClassTiming);  // nothing bound: classes
  FakeTiming timing;
  k->bind_timing(timing);
  std::vector<WarpInst> in = issued(*k);
  ASSERT_EQ(in.size(), 5u);
  EXPECT_EQ(in[0].timing, 7u);
  EXPECT_EQ(in[1].timing, 3u);
  EXPECT_EQ(in[2].timing, 7u);
  EXPECT_EQ(in[3].timing, kClassTiming);
  EXPECT_EQ(timing.asked, 4);  // one question per distinct opcode string
}

TEST(AccelsimReader, OpcodesGiveClassSpaceWidthAndCacheOperator) {
  ScratchDir dir;
  SynthKernel kh;
  kh.binary_version = 80;
  auto k = one_warp(
      dir,
      {
          "0000 ffffffff 1 R1 LDC.64 0 0 0",                            // 0 constant, no addresses
          "0010 ffffffff 1 R2 LDS.U.64 1 R1 8 1 0x7f0000000100 8",      // 1 shared
          "0020 ffffffff 1 R2 LDL 1 R1 4 1 0x7e0000000000 4",           // 2 local
          "0030 ffffffff 1 R2 LD.E 1 R1 4 1 0x7f0000000200 4",          // 3 generic -> shared
          "0040 ffffffff 1 R2 LD.E 1 R1 4 1 0x7e0000000010 4",          // 4 generic -> local
          "0050 ffffffff 0 ST.E.U8 2 R1 R2 1 1 0x000055550000 1",       // 5 generic -> global
          "0060 ffffffff 1 R2 ATOMS.ADD 2 R1 R3 4 1 0x7f0000000000 4",  // 6 shared atomic
          "0070 ffffffff 0 RED.E.ADD.STRONG.GPU 2 R4 R5 4 1 0x1000 0",  // 7 generic atomic
          "0080 ffffffff 0 LDGSTS.E.BYPASS.LTC128B.128 2 R6 R8 16 1 0x2000 16",  // 8 cp.async
          "0090 ffffffff 1 R2 LDG.E.64.STRONG.GPU 1 R4 8 1 0x1000 8",            // 9 L1 bypass
          "00a0 ffffffff 1 R2 LDG.E.CONSTANT 1 R4 4 1 0x1000 4",                 // 10 nc
          "00b0 ffffffff 1 R2 TEX.SCR.LL 2 R4 R5 0",                             // 11 texture: misc
          "00c0 ffffffff 0 BAR.SYNC 0 0",                                        // 12 barrier
          "00d0 ffffffff 1 R2 MUFU.EX2 1 R2 0",                                  // 13 sfu
          "00e0 ffffffff 1 R4 HMMA.16816.F32 3 R4 R8 R4 0",                      // 14 tensor
          "00f0 ffffffff 1 R2 DFMA 3 R2 R4 R6 0",                                // 15 fp64
          "0100 ffffffff 0 BRA 0 0",                                             // 16 branch
          "0110 ffffffff 0 EXIT 0 0",                                            // 17 exit
          "0120 ffffffff 0 BAR.ARV 0 0",                                         // 18 arrive only
      },
      kh);
  std::vector<WarpInst> in = issued(*k);
  ASSERT_EQ(in.size(), 19u);
  EXPECT_FALSE(in[12].barrier_arrive_only);
  EXPECT_EQ(in[18].op_class, OpClass::barrier);
  EXPECT_TRUE(in[18].barrier_arrive_only);
  EXPECT_EQ(in[18].barrier_id, 0u);
  EXPECT_EQ(in[18].barrier_threads, 0u);
  EXPECT_EQ(in[0].op_class, OpClass::load);
  EXPECT_EQ(in[0].space, MemSpace::constant);
  EXPECT_EQ(in[0].access_bytes, 8u);
  EXPECT_EQ(in[0].addr[5], 0u);
  EXPECT_EQ(in[1].space, MemSpace::shared);
  EXPECT_EQ(in[1].access_bytes, 8u);
  EXPECT_EQ(in[2].space, MemSpace::local);
  EXPECT_EQ(in[3].space, MemSpace::shared);
  EXPECT_EQ(in[4].space, MemSpace::local);
  EXPECT_EQ(in[5].op_class, OpClass::store);
  EXPECT_EQ(in[5].space, MemSpace::global);
  EXPECT_EQ(in[5].access_bytes, 1u);
  EXPECT_EQ(in[6].op_class, OpClass::atomic);
  EXPECT_EQ(in[6].space, MemSpace::shared);
  EXPECT_EQ(in[7].op_class, OpClass::atomic);
  EXPECT_EQ(in[7].space, MemSpace::global);
  EXPECT_EQ(in[7].cache_op, CacheOp::cg);
  EXPECT_EQ(in[8].op_class, OpClass::load);
  EXPECT_EQ(in[8].space, MemSpace::global);
  EXPECT_EQ(in[8].access_bytes, 16u);
  EXPECT_EQ(in[8].cache_op, CacheOp::cg);
  EXPECT_EQ(in[9].cache_op, CacheOp::cg);
  EXPECT_EQ(in[10].cache_op, CacheOp::nc);
  EXPECT_EQ(in[11].op_class, OpClass::misc);
  EXPECT_EQ(in[11].space, MemSpace::none);
  EXPECT_EQ(in[12].op_class, OpClass::barrier);
  EXPECT_EQ(in[13].op_class, OpClass::sfu);
  EXPECT_EQ(in[14].op_class, OpClass::tensor);
  EXPECT_EQ(in[15].op_class, OpClass::fp64);
  EXPECT_EQ(in[16].op_class, OpClass::branch);
  EXPECT_EQ(in[17].op_class, OpClass::exit);
  EXPECT_EQ(k->opcode_name(in[8].opcode), "LDGSTS");
  EXPECT_EQ(k->opcode_name(in[9].opcode), "LDG");
  EXPECT_EQ(in[9].opcode, in[10].opcode);
  EXPECT_EQ(in[17].pc, 0x110u);
}

TEST(AccelsimReader, GenericAccessesAreGlobalWithoutWindows) {
  ScratchDir dir;
  SynthKernel kh;
  kh.shmem_base = 0;
  kh.local_base = 0;
  auto k = one_warp(dir, {"0000 ffffffff 1 R2 LD.E 1 R1 4 1 0x7f0000000200 4"}, kh);
  EXPECT_EQ(issued(*k)[0].space, MemSpace::global);
}

TEST(AccelsimReader, UnpostprocessedLdgstsPairIsOneInstruction) {
  ScratchDir dir;
  SynthKernel kh;
  kh.binary_version = 80;
  auto k = one_warp(
      dir,
      {
          "0000 ffffffff 0 LDGSTS.E.128 2 R6 R8 16 1 0x7f0000000000 16",  // shared copy
          "0000 ffffffff 0 LDGSTS.E.128 2 R6 R8 16 1 0x00001000 16",      // global copy
          "0010 ffffffff 0 LDGSTS.E.128 2 R6 R8 16 1 0x00002000 16",      // a post-processed one
          "0020 ffffffff 0 LDGDEPBAR 0 0",
      },
      kh);
  std::vector<WarpInst> in = issued(*k);
  ASSERT_EQ(in.size(), 3u);
  EXPECT_EQ(in[0].addr[0], 0x1000u);
  EXPECT_EQ(in[0].space, MemSpace::global);
  EXPECT_EQ(in[1].addr[0], 0x2000u);
  EXPECT_EQ(k->stats().ldgsts_pairs_merged, 1u);
  EXPECT_EQ(k->listed_warp_insts(), 4u);
}

TEST(AccelsimReader, IssuedRecordStaysValidAfterTheNextPeek) {
  ScratchDir dir;
  auto k = one_warp(dir, {"0000 ffffffff 1 R1 MOV 0 0", "0010 0000ffff 1 R2 MOV 0 0"});
  auto s = k->open_cta(0, 0);
  const WarpInst& first = s->issue(0, 0);
  const WarpInst* second = s->peek(0);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(first.pc, 0u);
  EXPECT_EQ(first.active_mask, 0xffffffffu);
  EXPECT_EQ(second->pc, 0x10u);
  EXPECT_EQ(s->issue(0, 1).active_mask, 0xffffu);
  EXPECT_EQ(s->peek(0), nullptr);
}

// CTAs listed out of linear order, some absent, warps missing: open_cta(id) always gives the
// block whose `thread block = x,y,z` has that linear id.
class CtaOrder : public ::testing::TestWithParam<bool> {};

TEST_P(CtaOrder, FileOrderDoesNotMatterAndAbsentBlocksAreEmpty) {
  const bool xz = GetParam();
  SynthKernel k;
  k.grid[0] = 3;
  k.grid[1] = 2;
  k.block[0] = 96;  // 3 warps
  // Present: (2,1) = 5, (0,0) = 0, (1,1) = 4, (2,0) = 2; absent: 1, 3.
  for (auto [x, y] : std::vector<std::pair<uint32_t, uint32_t>>{{2, 1}, {0, 0}, {1, 1}, {2, 0}}) {
    SynthCta c;
    c.x = x;
    c.y = y;
    uint64_t id = x + 3 * y;
    char pc[16];
    std::snprintf(pc, sizeof pc, "%04llx", static_cast<unsigned long long>(id * 16));
    c.warps.push_back(SynthWarp{2, repeat(std::string(pc) + " ffffffff 0 NOP 0 0", id + 1)});
    c.warps.push_back(SynthWarp{0, {std::string(pc) + " 00000003 0 EXIT 0 0"}});
    k.ctas.push_back(c);
  }
  ScratchDir dir;
  std::string path = dir.file(xz ? "k.traceg.xz" : "k.traceg");
  (xz ? write_xz : write_file)(path, k.render());
  auto kernel = AccelSimKernel::open(path);
  EXPECT_EQ(kernel->ctas_in_trace(), 4u);
  for (uint64_t id : {0u, 1u, 2u, 3u, 4u, 5u}) {
    auto s = kernel->open_cta(id, 0);
    ASSERT_EQ(s->num_warps(), 3u);
    EXPECT_EQ(s->peek(1), nullptr);
    bool present = id == 0 || id == 2 || id == 4 || id == 5;
    if (!present) {
      for (unsigned w = 0; w < 3; ++w) EXPECT_EQ(s->peek(w), nullptr);
      continue;
    }
    unsigned n = 0;
    while (const WarpInst* i = s->peek(2)) {
      EXPECT_EQ(i->pc, id * 16);
      s->issue(2, 0);
      ++n;
    }
    EXPECT_EQ(n, id + 1);
    ASSERT_NE(s->peek(0), nullptr);
    EXPECT_EQ(s->peek(0)->active_mask, 3u);
  }
  ReplayStats st = replay(*kernel, 2);
  EXPECT_EQ(st.warp_insts, (1 + 3 + 5 + 6) + 4u);
  EXPECT_EQ(st.thread_insts, (1 + 3 + 5 + 6) * 32u + 4 * 2);
  if (xz) {
    EXPECT_GT(kernel->stats().xz_rewinds, 0u);  // file order 5,0,4,2 vs opening 0..5
  }
}

INSTANTIATE_TEST_SUITE_P(Accelsim, CtaOrder, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& i) {
                           return i.param ? "xz" : "plain";
                         });

TEST(AccelsimReader, ResidentCtasInterleavedGiveTheSameStream) {
  SynthKernel k = mixed_kernel("5", false, 1);
  ScratchDir dir;
  write_file(dir.file("k.traceg"), k.render());
  write_xz(dir.file("k.traceg.xz"), k.render());
  auto signature = [&](const std::string& path, unsigned resident) {
    auto kernel = AccelSimKernel::open(path);
    std::vector<std::tuple<uint64_t, unsigned, uint32_t, uint32_t, uint64_t>> seq;
    ReplayOptions o;
    o.resident_ctas = resident;
    o.visit = [&](uint64_t cta, unsigned w, const WarpInst& i) {
      seq.emplace_back(cta, w, i.pc, i.active_mask, i.space == MemSpace::none ? 0 : i.addr[0]);
    };
    replay_kernel(*kernel, o);
    std::sort(seq.begin(), seq.end());
    return seq;
  };
  auto a = signature(dir.file("k.traceg"), 1);
  EXPECT_EQ(a, signature(dir.file("k.traceg"), 4));
  EXPECT_EQ(a, signature(dir.file("k.traceg.xz"), 1));
  EXPECT_EQ(a, signature(dir.file("k.traceg.xz"), 3));
}

TEST(AccelsimReader, BlocksOverOneMebibyteStreamEachWarpFromItsOffset) {
  SynthKernel k;
  k.grid[0] = 2;
  k.block[0] = 1024;
  for (uint32_t x = 0; x < 2; ++x) {
    SynthCta c;
    c.x = x;
    for (unsigned w = 0; w < 32; ++w) {
      std::vector<std::string> lines;
      for (unsigned i = 0; i < 1500; ++i) {
        char buf[128];
        std::snprintf(buf, sizeof buf, "%04x %08x 1 R2 LDG.E 1 R4 4 1 0x%llx 4 0", i * 16,
                      0xffffffffu >> (i % 32),
                      static_cast<unsigned long long>(0x100000 * x + 0x1000 * w + i));
        lines.push_back(buf);
      }
      c.warps.push_back(SynthWarp{w, lines});
    }
    k.ctas.push_back(c);
  }
  ScratchDir dir;
  std::string text = k.render();
  ASSERT_GT(text.size() / 2, size_t(1) << 20);
  write_file(dir.file("big.traceg"), text);
  auto kernel = AccelSimKernel::open(dir.file("big.traceg"));
  uint64_t expected_threads = 0;
  for (unsigned i = 0; i < 1500; ++i) expected_threads += 32 - i % 32;
  ReplayOptions o;
  uint64_t bad = 0;
  o.visit = [&](uint64_t cta, unsigned w, const WarpInst& i) {
    unsigned lane = static_cast<unsigned>(__builtin_ctz(i.active_mask | 0x80000000u));
    bad += i.addr[lane] != 0x100000 * cta + 0x1000 * w + i.pc / 16;
  };
  ReplayStats s = replay_kernel(*kernel, o);
  EXPECT_EQ(bad, 0u);
  EXPECT_EQ(s.warp_insts, 2u * 32 * 1500);
  EXPECT_EQ(s.thread_insts, 2u * 32 * expected_threads);
}

TEST(AccelsimReader, ClusterLinesOfHopperTracesAreAccepted) {
  SynthKernel k;
  k.binary_version = 90;
  k.format += " immediate1 immediate2";
  SynthCta c;
  c.extra = {"cluster id = 0,0,0", "cluster cta = 0,0,0", "cluster rank = 0"};
  c.warps.push_back(
      SynthWarp{0, {"0000 ffffffff 1 R1 LDC 0 0 0 0", "0010 ffffffff 0 EXIT 0 0 0 0"}});
  k.ctas = {c};
  ScratchDir dir;
  write_file(dir.file("k.traceg"), k.render());
  EXPECT_EQ(replay(*AccelSimKernel::open(dir.file("k.traceg"))).warp_insts, 2u);
}

TEST(AccelsimReader, TracerV12LinesKeepTheThreadBlockPrefix) {
  SynthKernel k;
  k.tracer_version = "1.2";
  k.binary_version = 75;
  k.format =
      "#traces format = threadblock_x threadblock_y threadblock_z warpid_tb PC mask dest_num "
      "[reg_dests] opcode src_num [reg_srcs] mem_width [adrrescompress?] [mem_addresses]";
  k.grid[0] = 2;
  SynthCta c;
  c.x = 1;
  c.warps.push_back(SynthWarp{0,
                              {"1 0 0 0 0000 ffffffff 1 R1 MOV 0 0",
                               "1 0 0 0 0010 0000ffff 1 R2 LDG.E.64 1 R4 8 1 0x1000 8",
                               "1 0 0 0 0020 ffffffff 0 EXIT 0 0"}});
  k.ctas = {c};
  ScratchDir dir;
  write_file(dir.file("k.traceg"), k.render());
  auto kernel = AccelSimKernel::open(dir.file("k.traceg"));
  EXPECT_EQ(kernel->header().tracer_major, 1);
  std::vector<WarpInst> in = issued(*kernel, 1);
  ASSERT_EQ(in.size(), 3u);
  EXPECT_EQ(in[1].pc, 0x10u);
  EXPECT_EQ(in[1].addr[15], 0x1000u + 15 * 8);
}

TEST(AccelsimReader, TracerV6ValuesAreSkipped) {
  SynthKernel k;
  k.tracer_version = "6";
  k.binary_version = 90;
  k.format += "1 immediate2 Val|NoVal [dest_val_num] [dest_val] ...";
  SynthCta c;
  c.warps.push_back(SynthWarp{0,
                              {"0000 ffffffff 1 R1 LDC 0 0 0 0 NoVal",
                               "0010 ffffffff 1 R2 IADD3 2 R5 R255 0 -1 0 Val 1 0x5 2 0x1 0x2",
                               "0020 ffffffff 1 R11 LDG.E 1 R2 4 1 0x7f7b7dc40800 4 0 0 NoVal"}});
  k.ctas = {c};
  ScratchDir dir;
  write_file(dir.file("k.traceg"), k.render());
  auto kernel = AccelSimKernel::open(dir.file("k.traceg"));
  EXPECT_TRUE(kernel->header().values);
  std::vector<WarpInst> in = issued(*kernel);
  ASSERT_EQ(in.size(), 3u);
  EXPECT_EQ(in[2].addr[1], 0x7f7b7dc40804u);
}

TEST(AccelsimReader, CommandListWithMemcpysAndKernels) {
  ScratchDir dir;
  SynthKernel a = mixed_kernel("4", false, 0);
  SynthKernel b = mixed_kernel("5", true, 2);
  write_file(dir.file("kernel-1.traceg"), a.render());
  write_xz(dir.file("kernel-2-ctx_0x5555.traceg.xz"), b.render());
  write_list(dir.path(), {"MemcpyHtoD,0x00007f1000000000,800000", "", "kernel-1.traceg",
                          "MemcpyHtoD,0x00007f2000000000,16", "kernel-2-ctx_0x5555.traceg.xz",
                          "MemcpyDtoH,0x1,2"});
  for (const std::string& open_path : {dir.path(), dir.file("kernelslist.g")}) {
    AccelSimTrace t = AccelSimTrace::open(open_path);
    EXPECT_EQ(t.list_path(), dir.file("kernelslist.g"));
    ASSERT_EQ(t.commands().size(), 4u);
    EXPECT_EQ(t.commands()[0].kind, TraceCommand::Kind::memcpy_htod);
    EXPECT_EQ(t.commands()[0].address, 0x00007f1000000000u);
    EXPECT_EQ(t.commands()[0].bytes, 800000u);
    EXPECT_EQ(t.commands()[0].line, 1);
    EXPECT_EQ(t.commands()[1].kind, TraceCommand::Kind::kernel);
    EXPECT_EQ(t.commands()[1].line, 3);
    EXPECT_EQ(t.commands()[2].bytes, 16u);
    EXPECT_EQ(t.commands()[3].kernel_index, 1u);
    ASSERT_EQ(t.num_kernels(), 2u);
    EXPECT_EQ(replay(*t.kernel(0)).warp_insts, line_count(a.ctas));
    EXPECT_EQ(replay(*t.kernel(1)).warp_insts, line_count(b.ctas));
    ASSERT_EQ(t.warnings().size(), 1u);  // the DtoH line, ignored as Accel-Sim does
    EXPECT_NE(t.warnings()[0].find("kernelslist.g:6: ignored line"), std::string::npos);
  }
  // One .traceg on its own is a one-kernel trace.
  AccelSimTrace single = AccelSimTrace::open(dir.file("kernel-1.traceg"));
  ASSERT_EQ(single.num_kernels(), 1u);
  EXPECT_EQ(replay(*single.kernel(0)).warp_insts, line_count(a.ctas));
}

TEST(AccelsimReader, UnknownHeaderKeysAreWarnedAndIgnored) {
  ScratchDir dir;
  SynthKernel k;
  k.extra_header = {{"future key", "17"}};
  auto kernel = one_warp(dir, {"0000 ffffffff 0 EXIT 0 0"}, k);
  std::vector<std::string> w = kernel->diagnostics()->all();
  ASSERT_EQ(w.size(), 1u);
  EXPECT_NE(w[0].find("unknown header key '-future key'"), std::string::npos);
  EXPECT_NE(w[0].find("kernel-1.traceg:14:"), std::string::npos);
}

TEST(AccelsimReader, RecognisesAccelSimPaths) {
  ScratchDir dir;
  EXPECT_FALSE(looks_like_accelsim(dir.path()));
  write_list(dir.path(), {});
  EXPECT_TRUE(looks_like_accelsim(dir.path()));
  EXPECT_TRUE(looks_like_accelsim("x/kernelslist.g"));
  EXPECT_TRUE(looks_like_accelsim("x/kernel-1.traceg.xz"));
  EXPECT_TRUE(looks_like_accelsim("x/kernel-1.trace"));
  EXPECT_FALSE(looks_like_accelsim("x/manifest.yaml"));
  EXPECT_FALSE(looks_like_accelsim("x/run.wtr"));
}

}  // namespace
}  // namespace warpsim::traces::test
