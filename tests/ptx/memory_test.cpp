// Memory instructions and module data: loads/stores of every width and vector shape, shared
// (static and dynamic), local frames (__local_depot, %SP/%SPL, cvta.local), constant and global
// variables with initializers (incl. addresses), generic addressing, isspacep, atomics, struct
// params, and the layouts the translation reports.
#include <gtest/gtest.h>

#include <cstring>

#include "isa/address_space.h"
#include "isa/exec/data_segments.h"
#include "sim/error.h"
#include "tests/ptx/ptx_test_util.h"

namespace warpsim::isa::ptx_testing {
namespace {

// `.entry k(out, in)` with %out/%in (global addresses), %tid, and `body`.
std::string kernel(const std::string& decls, const std::string& body, const std::string& prelude = {}) {
  return module(prelude + ".visible .entry k(.param .u64 k_out, .param .u64 k_in)\n{\n"
                "\t.reg .b64 %out, %in;\n\t.reg .b32 %tid;\n" + decls +
                "\tld.param.u64 %out, [k_out];\n\tld.param.u64 %in, [k_in];\n"
                "\tcvta.to.global.u64 %out, %out;\n\tcvta.to.global.u64 %in, %in;\n"
                "\tmov.u32 %tid, %tid.x;\n" + body + "\tret;\n}\n");
}

std::vector<uint32_t> byte_pattern(size_t words) {
  std::vector<uint32_t> in(words);
  for (size_t i = 0; i < words; ++i) {
    uint32_t w = 0;
    for (unsigned b = 0; b < 4; ++b) w |= static_cast<uint32_t>((i * 4 + b) * 37 + 0x81) << (8 * b);
    in[i] = w;
  }
  return in;
}

uint8_t byte_at(const std::vector<uint32_t>& v, size_t off) { return static_cast<uint8_t>(v[off / 4] >> (8 * (off % 4))); }

TEST(PtxMemory, ScalarLoadsExtendByType) {
  std::string ptx = kernel("\t.reg .b32 %r<12>;\n\t.reg .b16 %rs<4>;\n\t.reg .b64 %rd<4>;\n",
                           "\tld.global.u8 %r1, [%in+1];\n"
                           "\tld.global.s8 %r2, [%in+1];\n"
                           "\tld.global.u16 %r3, [%in+2];\n"
                           "\tld.global.s16 %r4, [%in+2];\n"
                           "\tld.global.u16 %rs1, [%in+6];\n"
                           "\tcvt.u32.u16 %r5, %rs1;\n"
                           "\tld.global.s32 %rd1, [%in+8];\n"   // into a wider register: sign-extends
                           "\tld.global.u64 %rd2, [%in+16];\n"
                           "\tst.global.u32 [%out], %r1;\n\tst.global.u32 [%out+4], %r2;\n"
                           "\tst.global.u32 [%out+8], %r3;\n\tst.global.u32 [%out+12], %r4;\n"
                           "\tst.global.u32 [%out+16], %r5;\n\tst.global.u64 [%out+24], %rd1;\n"
                           "\tst.global.u64 [%out+32], %rd2;\n"
                           "\tst.global.u8 [%out+40], %r2;\n\tst.global.u16 [%out+42], %rs1;\n");
  auto in = byte_pattern(16);
  in[2] = 0x80000001u;
  auto out = run_words(ptx, in, 12, 1);
  EXPECT_EQ(out[0], byte_at(in, 1));
  EXPECT_EQ(out[1], static_cast<uint32_t>(static_cast<int8_t>(byte_at(in, 1))));
  EXPECT_EQ(out[2], in[0] >> 16);
  EXPECT_EQ(out[3], static_cast<uint32_t>(static_cast<int16_t>(in[0] >> 16)));
  EXPECT_EQ(out[4], in[1] >> 16);
  EXPECT_EQ(out[6], 0x80000001u);
  EXPECT_EQ(out[7], 0xFFFFFFFFu);
  EXPECT_EQ(out[8], in[4]);
  EXPECT_EQ(out[9], in[5]);
  EXPECT_EQ(out[10], (static_cast<uint32_t>(static_cast<int8_t>(byte_at(in, 1))) & 0xFF) | (in[1] >> 16) << 16);
}

TEST(PtxMemory, VectorAccessesOfEveryElementSize) {
  std::string ptx = kernel(
      "\t.reg .b32 %r<12>;\n\t.reg .b16 %rs<8>;\n\t.reg .f64 %fd<3>;\n\t.reg .f32 %f<5>;\n",
      "\tld.global.v4.f32 {%f1, %f2, %f3, %f4}, [%in];\n"
      "\tst.global.v4.f32 [%out], {%f4, %f3, %f2, %f1};\n"
      "\tld.global.v2.u32 {%r1, _}, [%in+16];\n"
      "\tst.global.v2.u32 [%out+16], {%r1, %r1};\n"
      "\tld.global.v2.f64 {%fd1, %fd2}, [%in+32];\n"
      "\tst.global.v2.f64 [%out+32], {%fd2, %fd1};\n"
      "\tld.global.v4.u16 {%rs1, %rs2, %rs3, %rs4}, [%in+48];\n"
      "\tst.global.v4.u16 [%out+48], {%rs4, %rs3, %rs2, %rs1};\n"
      "\tld.global.v4.u8 {%rs5, %rs6, %rs7, %rs1}, [%in+56];\n"
      "\tst.global.v4.u8 [%out+56], {%rs1, %rs7, %rs6, %rs5};\n"
      "\tld.global.v2.s8 {%rs2, %rs3}, [%in+60];\n"
      "\tcvt.s32.s16 %r2, %rs2;\n\tcvt.s32.s16 %r3, %rs3;\n"
      "\tst.global.v2.u32 [%out+64], {%r2, %r3};\n"
      "\tst.global.v4.u32 [%out+80], {%r2, 7, 0, -1};\n");
  auto in = byte_pattern(32);
  auto out = run_words(ptx, in, 24, 1);
  EXPECT_EQ(out[0], in[3]);
  EXPECT_EQ(out[1], in[2]);
  EXPECT_EQ(out[2], in[1]);
  EXPECT_EQ(out[3], in[0]);
  EXPECT_EQ(out[4], in[4]);
  EXPECT_EQ(out[5], in[4]);
  EXPECT_EQ(out[8], in[10]);
  EXPECT_EQ(out[9], in[11]);
  EXPECT_EQ(out[10], in[8]);
  EXPECT_EQ(out[11], in[9]);
  EXPECT_EQ(out[12], (in[13] >> 16) | (in[13] << 16));
  EXPECT_EQ(out[13], (in[12] >> 16) | (in[12] << 16));
  EXPECT_EQ(out[14], __builtin_bswap32(in[14]));
  EXPECT_EQ(out[16], static_cast<uint32_t>(static_cast<int8_t>(byte_at(in, 60))));
  EXPECT_EQ(out[17], static_cast<uint32_t>(static_cast<int8_t>(byte_at(in, 61))));
  EXPECT_EQ(out[20], out[16]);
  EXPECT_EQ(out[21], 7u);
  EXPECT_EQ(out[22], 0u);
  EXPECT_EQ(out[23], 0xFFFFFFFFu);
}

TEST(PtxMemory, VectorLoadsNeedNoCopies) {
  // The four scalars of a .v4 load and the .v4 store of them share one register quad.
  std::string ptx = kernel("\t.reg .f32 %f<6>;\n",
                           "\tld.global.v4.f32 {%f1, %f2, %f3, %f4}, [%in];\n"
                           "\tadd.f32 %f5, %f1, %f4;\n"
                           "\tst.global.v4.f32 [%out], {%f5, %f2, %f3, %f4};\n");
  std::string s = translate_ptx_to_assembly(ptx, "v.ptx");
  EXPECT_EQ(s.find("MOV R"), std::string::npos) << s;
  EXPECT_NE(s.find("LD.G.128"), std::string::npos);
  EXPECT_NE(s.find("ST.G.128"), std::string::npos);
}

TEST(PtxMemory, SharedStaticAndDynamic) {
  std::string ptx = kernel(
      "\t.reg .b32 %r<12>;\n\t.reg .b64 %rd<6>;\n\t.shared .align 4 .b8 tile[128];\n",
      "\tshl.b32 %r1, %tid, 2;\n"
      "\tmov.u32 %r2, tile;\n\tadd.s32 %r3, %r2, %r1;\n"
      "\tst.shared.u32 [%r3], %tid;\n"
      "\tmov.u32 %r4, dyn;\n\tadd.s32 %r5, %r4, %r1;\n"
      "\tmul.lo.s32 %r6, %tid, 10;\n\tst.shared.u32 [%r5], %r6;\n"
      "\tst.shared.u32 [small+4], 99;\n"
      "\tbar.sync 0;\n"
      "\tadd.s32 %r7, %tid, 1;\n\tand.b32 %r7, %r7, 31;\n\tshl.b32 %r7, %r7, 2;\n"
      "\tadd.s32 %r8, %r2, %r7;\n\tld.shared.u32 %r9, [%r8];\n"
      "\tadd.s32 %r8, %r4, %r7;\n\tld.shared.u32 %r10, [%r8+0];\n"
      "\tld.shared.u32 %r11, [small+4];\n"
      "\tadd.s32 %r9, %r9, %r10;\n\tadd.s32 %r9, %r9, %r11;\n"
      "\tmul.wide.u32 %rd1, %tid, 4;\n\tadd.s64 %rd2, %out, %rd1;\n"
      "\tst.global.u32 [%rd2], %r9;\n",
      ".shared .align 8 .b8 small[12];\n.extern .shared .align 16 .b8 dyn[];\n");
  Program p = translate_ptx(ptx, "s.ptx");
  // tile (function scope) and small (module scope, in first-use order), then the dynamic base
  // rounded to 16.
  EXPECT_EQ(p.kernels[0].shared_bytes, 144u);
  auto out = run_words(ptx, {}, 32, 32, "k", 1, 128);
  for (uint32_t t = 0; t < 32; ++t) EXPECT_EQ(out[t], (t + 1) % 32 * 11 + 99) << t;
}

TEST(PtxMemory, AsyncCopiesLandInSharedMemory) {
  // Per thread: 16 bytes with .cg, 8 with .ca, and 4 with a source size of 3 (the last byte
  // zero-filled), into three shared tiles; two commit groups, wait for both, read them back.
  std::string ptx = kernel(
      "\t.reg .b32 %r<24>;\n\t.reg .b64 %rd<12>;\n\t.shared .align 16 .b8 t16[512];\n"
      "\t.shared .align 8 .b8 t8[256];\n\t.shared .align 4 .b8 t4[128];\n",
      "\tmov.u32 %r1, t16;\n\tmad.lo.s32 %r2, %tid, 16, %r1;\n"
      "\tmul.wide.u32 %rd1, %tid, 16;\n\tadd.s64 %rd2, %in, %rd1;\n"
      "\tcp.async.cg.shared.global [%r2], [%rd2], 16;\n"
      "\tcp.async.commit_group;\n"
      "\tmov.u32 %r3, t8;\n\tmad.lo.s32 %r4, %tid, 8, %r3;\n"
      "\tmul.wide.u32 %rd3, %tid, 8;\n\tadd.s64 %rd4, %in, %rd3;\n"
      "\tcp.async.ca.shared.global.L2::128B [%r4], [%rd4+512], 8;\n"
      "\tmov.u32 %r5, t4;\n\tmad.lo.s32 %r6, %tid, 4, %r5;\n"
      "\tmul.wide.u32 %rd5, %tid, 4;\n\tadd.s64 %rd6, %in, %rd5;\n"
      "\tmov.u32 %r7, 3;\n"
      "\tcp.async.ca.shared.global [%r6], [%rd6+768], 4, %r7;\n"
      "\tcp.async.commit_group;\n\tcp.async.wait_group 1;\n\tcp.async.wait_all;\n\tbar.sync 0;\n"
      "\tld.shared.v4.u32 {%r10, %r11, %r12, %r13}, [%r2];\n"
      "\tld.shared.v2.u32 {%r14, %r15}, [%r4];\n\tld.shared.u32 %r16, [%r6];\n"
      "\tmul.wide.u32 %rd7, %tid, 32;\n\tadd.s64 %rd8, %out, %rd7;\n"
      "\tst.global.v4.u32 [%rd8], {%r10, %r11, %r12, %r13};\n"
      "\tst.global.v2.u32 [%rd8+16], {%r14, %r15};\n\tst.global.u32 [%rd8+24], %r16;\n");
  const std::vector<uint32_t> in = byte_pattern(256);
  auto out = run_words(ptx, in, 32 * 8, 32);  // 8 words per thread, 7 used
  for (uint32_t t = 0; t < 32; ++t) {
    for (uint32_t w = 0; w < 4; ++w) EXPECT_EQ(out[t * 8 + w], in[t * 4 + w]) << t;
    for (uint32_t w = 0; w < 2; ++w) EXPECT_EQ(out[t * 8 + 4 + w], in[128 + t * 2 + w]) << t;
    EXPECT_EQ(out[t * 8 + 6], in[192 + t] & 0x00FFFFFFu) << t;
  }
  const std::string sass = translate_ptx_to_assembly(ptx, "a.ptx");
  EXPECT_NE(sass.find("LDGSTS.CG.128"), std::string::npos) << sass;
  EXPECT_NE(sass.find("LDGSTS.ZFILL.32"), std::string::npos) << sass;
  EXPECT_NE(sass.find("DEPBAR.LE 1"), std::string::npos) << sass;
  EXPECT_NE(sass.find("LDGDEPBAR"), std::string::npos) << sass;
}

TEST(PtxMemory, AsyncCopyErrorsNameTheLine) {
  auto bad = [](const std::string& inst) {
    std::string ptx = kernel("\t.reg .b32 %r<2>;\n\t.reg .b64 %rd<2>;\n", "\t" + inst + "\n");
    try {
      translate_ptx(ptx, "bad.ptx");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("translated");
  };
  EXPECT_NE(bad("cp.async.cg.shared.global [%r1], [%rd1], 8;").find("bad.ptx:"), std::string::npos);
  EXPECT_NE(bad("cp.async.ca.shared.global [%r1], [%rd1], 12;").find("4, 8 or 16"), std::string::npos);
  EXPECT_NE(bad("cp.async.wait_group %r1;").find("constant"), std::string::npos);
}

TEST(PtxMemory, LocalFramesAndGenericStackPointer) {
  // What nvcc emits for a local array indexed at run time, and for passing its address around
  // generically (%SP): stores through %SPL (local) and a load through the generic pointer.
  std::string ptx = kernel(
      "\t.local .align 8 .b8 __local_depot0[64];\n\t.reg .b64 %SP, %SPL;\n"
      "\t.reg .b32 %r<10>;\n\t.reg .b64 %rd<10>;\n\t.reg .pred %p<3>;\n",
      "\tmov.u64 %SPL, __local_depot0;\n\tcvta.local.u64 %SP, %SPL;\n"
      "\tmov.u32 %r1, 0;\n"
      "$L_fill:\n"
      "\tmul.wide.u32 %rd1, %r1, 4;\n\tadd.u64 %rd2, %SPL, %rd1;\n"
      "\tmad.lo.s32 %r2, %r1, %r1, %tid;\n\tst.local.u32 [%rd2], %r2;\n"
      "\tadd.s32 %r1, %r1, 1;\n\tsetp.lt.u32 %p1, %r1, 16;\n\t@%p1 bra $L_fill;\n"
      "\trem.u32 %r3, %tid, 16;\n\tmul.wide.u32 %rd3, %r3, 4;\n"
      "\tadd.u64 %rd4, %SP, %rd3;\n\tld.u32 %r4, [%rd4];\n"        // generic load of local
      "\tadd.u64 %rd5, %SPL, %rd3;\n\tld.local.u32 %r5, [%rd5];\n"
      "\tisspacep.local %p2, %rd4;\n\tselp.u32 %r6, 1000, 0, %p2;\n"
      "\tadd.s32 %r4, %r4, %r5;\n\tadd.s32 %r4, %r4, %r6;\n"
      "\tmul.wide.u32 %rd6, %tid, 4;\n\tadd.s64 %rd7, %out, %rd6;\n\tst.global.u32 [%rd7], %r4;\n");
  Program p = translate_ptx(ptx, "l.ptx");
  EXPECT_GE(p.kernels[0].local_bytes, 64u);
  auto out = run_words(ptx, {}, 32, 32);
  for (uint32_t t = 0; t < 32; ++t) {
    uint32_t i = t % 16;
    EXPECT_EQ(out[t], 2 * (i * i + t) + 1000) << t;
  }
}

TEST(PtxMemory, ConstantAndGlobalVariablesWithInitializers) {
  std::string prelude =
      ".const .align 4 .b8 ctab[16] = {0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64};\n"
      ".const .align 4 .u32 cint[3] = {10, 20};\n"
      ".global .align 4 .u32 gcount;\n"
      ".global .align 4 .b8 gtab[12] = {7, 0, 0, 0, 8, 0, 0, 0, 9};\n"
      ".global .align 8 .u64 gptr[2] = {generic(gtab)+4, gcount};\n"
      ".global .align 4 .f32 gf = 0f40490FDB;\n"
      ".global .align 8 .f64 gd[2] = {1.5, 0d4000000000000000};\n";
  std::string ptx = kernel(
      "\t.reg .b32 %r<12>;\n\t.reg .b64 %rd<8>;\n\t.reg .f32 %f<4>;\n\t.reg .f64 %fd<3>;\n",
      "\tand.b32 %r1, %tid, 3;\n\tmul.wide.u32 %rd1, %r1, 4;\n"
      "\tmov.u64 %rd2, ctab;\n\tadd.s64 %rd3, %rd2, %rd1;\n\tld.const.f32 %f1, [%rd3];\n"
      "\tld.const.u32 %r2, [cint+4];\n\tld.const.u32 %r3, [cint+8];\n"
      "\tld.global.u64 %rd4, [gptr];\n\tld.u32 %r4, [%rd4];\n"          // generic(gtab)+4
      "\tld.global.u64 %rd5, [gptr+8];\n\tatom.global.add.u32 %r5, [%rd5], 1;\n"
      "\tld.global.f32 %f2, [gf];\n"
      "\tmov.u64 %rd6, gd;\n\tld.global.f64 %fd1, [%rd6+8];\n\tcvt.rn.f32.f64 %f3, %fd1;\n"
      "\tadd.f32 %f1, %f1, %f2;\n\tadd.f32 %f1, %f1, %f3;\n"
      "\tmov.b32 %r6, %f1;\n"
      "\tmul.wide.u32 %rd7, %tid, 16;\n\tadd.s64 %rd7, %out, %rd7;\n"
      "\tst.global.v4.u32 [%rd7], {%r6, %r2, %r3, %r4};\n",
      prelude);
  Program p = translate_ptx(ptx, "d.ptx");
  ASSERT_EQ(p.data.size(), 7u);
  EXPECT_TRUE(p.data[0].constant);
  EXPECT_EQ(p.data[0].address, 0u);
  EXPECT_EQ(p.data[1].address, 16u);
  EXPECT_FALSE(p.data[2].constant);
  EXPECT_EQ(p.data[2].address, kModuleGlobalBase);
  uint64_t gtab = p.data[3].address, gcount = p.data[2].address, ptr0, ptr1;
  std::memcpy(&ptr0, p.data[4].bytes.data(), 8);
  std::memcpy(&ptr1, p.data[4].bytes.data() + 8, 8);
  EXPECT_EQ(ptr0, gtab + 4);
  EXPECT_EQ(ptr1, gcount);
  auto out = run_words(ptx, {}, 128, 32);
  for (uint32_t t = 0; t < 32; ++t) {
    float c = 1.0f + static_cast<float>(t & 3);
    EXPECT_FLOAT_EQ(bitsf(out[4 * t]), c + 3.14159274f + 2.0f) << t;
    EXPECT_EQ(out[4 * t + 1], 20u);
    EXPECT_EQ(out[4 * t + 2], 0u);
    EXPECT_EQ(out[4 * t + 3], 8u);
  }
}

TEST(PtxMemory, GenericAddressesOfEverySpace) {
  std::string ptx = kernel(
      "\t.shared .align 4 .b8 sh[128];\n\t.local .align 4 .b8 loc[8];\n"
      "\t.reg .b32 %r<12>;\n\t.reg .b64 %rd<12>;\n\t.reg .pred %p<6>;\n",
      "\tmov.u64 %rd1, sh;\n\tcvta.shared.u64 %rd2, %rd1;\n"
      "\tmul.wide.u32 %rd3, %tid, 4;\n\tadd.s64 %rd4, %rd2, %rd3;\n"
      "\tst.u32 [%rd4], %tid;\n"                          // generic store into shared
      "\tcvta.to.shared.u64 %rd5, %rd4;\n\tcvt.u32.u64 %r1, %rd5;\n\tld.shared.u32 %r2, [%r1];\n"
      "\tmov.u64 %rd6, loc;\n\tcvta.local.u64 %rd7, %rd6;\n\tst.u32 [%rd7+4], 5;\n"
      "\tld.local.u32 %r3, [loc+4];\n"
      "\tadd.s64 %rd8, %out, %rd3;\n"                    // a global address used generically
      "\tisspacep.shared %p1, %rd4;\n\tisspacep.local %p2, %rd7;\n\tisspacep.global %p3, %rd8;\n"
      "\tisspacep.global %p4, %rd4;\n\tisspacep.shared %p5, %rd8;\n"
      "\tselp.u32 %r4, 1, 0, %p1;\n\tselp.u32 %r5, 2, 0, %p2;\n\tselp.u32 %r6, 4, 0, %p3;\n"
      "\tselp.u32 %r7, 8, 0, %p4;\n\tselp.u32 %r8, 16, 0, %p5;\n"
      "\tadd.s32 %r4, %r4, %r5;\n\tadd.s32 %r4, %r4, %r6;\n\tadd.s32 %r4, %r4, %r7;\n\tadd.s32 %r4, %r4, %r8;\n"
      "\tmad.lo.s32 %r9, %r2, 1000, %r3;\n\tmad.lo.s32 %r9, %r4, 100000, %r9;\n"
      "\tst.u32 [%rd8], %r9;\n");
  auto out = run_words(ptx, {}, 32, 32);
  for (uint32_t t = 0; t < 32; ++t) EXPECT_EQ(out[t], 7u * 100000 + t * 1000 + 5) << t;
}

TEST(PtxMemory, AtomicsOnGlobalSharedAndGenericAddresses) {
  // out[0] add.u32 counter, out[1] max.s32, out[2] min.u32, out[3] or.b32, out[4] xor,
  // out[5] and, out[6] add.f32, out[7] inc wrap 10, out[8..9] add.u64, out[10] cas counter,
  // out[11] shared sum written by thread 0, out[12] exch.
  std::string ptx = kernel(
      "\t.shared .align 4 .u32 ssum;\n\t.reg .b32 %r<16>;\n\t.reg .b64 %rd<8>;\n\t.reg .f32 %f<3>;\n"
      "\t.reg .pred %p<4>;\n",
      "\tmov.u32 %r15, 0;\n\tsetp.eq.u32 %p1, %tid, 0;\n\t@%p1 st.shared.u32 [ssum], %r15;\n\tbar.sync 0;\n"
      "\tatom.global.add.u32 %r1, [%out], 1;\n"
      "\tsub.s32 %r2, 16, %tid;\n\tatom.global.max.s32 %r3, [%out+4], %r2;\n"
      "\tadd.s32 %r4, %tid, 5;\n\tatom.global.min.u32 %r5, [%out+8], %r4;\n"
      "\tshl.b32 %r6, 1, %tid;\n\tatom.global.or.b32 %r7, [%out+12], %r6;\n"
      "\tred.global.xor.b32 [%out+16], %r6;\n"
      "\tnot.b32 %r8, %r6;\n\tatom.and.b32 %r9, [%out+20], %r8;\n"          // generic
      "\tcvt.rn.f32.u32 %f1, %tid;\n\tatom.global.add.f32 %f2, [%out+24], %f1;\n"
      "\tatom.global.inc.u32 %r10, [%out+28], 9;\n"
      "\tcvt.u64.u32 %rd1, %tid;\n\tshl.b64 %rd1, %rd1, 33;\n\tred.global.add.u64 [%out+32], %rd1;\n"
      // A CAS retry loop (what atomicCAS-based updates compile to).
      "$L_retry:\n\tld.volatile.global.u32 %r11, [%out+40];\n\tadd.s32 %r12, %r11, 2;\n"
      "\tatom.global.cas.b32 %r13, [%out+40], %r11, %r12;\n\tsetp.ne.s32 %p2, %r13, %r11;\n"
      "\t@%p2 bra $L_retry;\n"
      "\tatom.shared.add.u32 %r14, [ssum], %tid;\n"
      "\tatom.global.exch.b32 %r14, [%out+48], %tid;\n"
      "\tbar.sync 0;\n"
      "\tld.shared.u32 %r14, [ssum];\n\t@%p1 st.global.u32 [%out+44], %r14;\n");
  std::vector<uint32_t> init(16, 0);
  init[2] = 0xFFFFFFFFu;
  init[5] = 0xFFFFFFFFu;
  Program p = translate_ptx(ptx, "a.ptx");
  DeviceMemory mem;
  map_data_segments(p, mem);
  uint64_t out = upload(mem, init);
  uint64_t in = upload(mem, std::vector<uint32_t>(4, 0));
  isa::testing::run_kernel(p.kernels[0], mem, Dim3{1, 1, 1}, Dim3{32, 1, 1},
                           {ParamArg::of_address(out), ParamArg::of_address(in)});
  auto o = download<uint32_t>(mem, out, 16);
  EXPECT_EQ(o[0], 32u);
  EXPECT_EQ(o[1], 16u);
  EXPECT_EQ(o[2], 5u);
  EXPECT_EQ(o[3], 0xFFFFFFFFu);
  EXPECT_EQ(o[4], 0xFFFFFFFFu);
  EXPECT_EQ(o[5], 0u);
  EXPECT_FLOAT_EQ(bitsf(o[6]), 496.0f);
  EXPECT_EQ(o[7], 32u % 10);
  uint64_t sum64 = 0;
  for (uint64_t t = 0; t < 32; ++t) sum64 += t << 33;
  EXPECT_EQ(o[8] | static_cast<uint64_t>(o[9]) << 32, sum64);
  EXPECT_EQ(o[10], 64u);
  EXPECT_EQ(o[11], 496u);
  EXPECT_LT(o[12], 32u);
}

TEST(PtxMemory, StructParamsKeepTheirLayout) {
  std::string ptx = module(
      ".visible .entry k(\n\t.param .u64 k_out,\n\t.param .u8 k_flag,\n"
      "\t.param .align 8 .b8 k_s[24],\n\t.param .f64 k_d,\n\t.param .u16 k_h\n)\n{\n"
      "\t.reg .b64 %out, %rd<3>;\n\t.reg .b32 %r<6>;\n\t.reg .b16 %rs<3>;\n\t.reg .f32 %f1;\n\t.reg .f64 %fd1;\n"
      "\tld.param.u64 %out, [k_out];\n\tld.param.u8 %rs1, [k_flag];\n"
      "\tld.param.u32 %r1, [k_s];\n\tld.param.f32 %f1, [k_s+4];\n\tld.param.u64 %rd1, [k_s+8];\n"
      "\tld.param.v2.u32 {%r2, %r3}, [k_s+16];\n\tld.param.f64 %fd1, [k_d];\n\tld.param.u16 %rs2, [k_h];\n"
      "\tcvt.u32.u16 %r4, %rs1;\n\tcvt.u32.u16 %r5, %rs2;\n"
      "\tst.global.v4.u32 [%out], {%r1, %r4, %r2, %r3};\n\tst.global.f32 [%out+16], %f1;\n"
      "\tst.global.u32 [%out+20], %r5;\n\tst.global.u64 [%out+24], %rd1;\n\tst.global.f64 [%out+32], %fd1;\n"
      "\tret;\n}\n");
  Program p = translate_ptx(ptx, "p.ptx");
  const Kernel& k = p.kernels[0];
  ASSERT_EQ(k.params.size(), 5u);
  EXPECT_EQ(k.params[0].offset, 0u);
  EXPECT_EQ(k.params[1].offset, 8u);
  EXPECT_EQ(k.params[2].offset, 16u);  // .align 8
  EXPECT_EQ(k.params[3].offset, 40u);
  EXPECT_EQ(k.params[4].offset, 48u);
  EXPECT_EQ(k.param_bytes, 50u);
  // Run with a hand-built param buffer.
  DeviceMemory mem;
  uint64_t out = upload(mem, std::vector<uint32_t>(12, 0));
  std::vector<uint8_t> buf(k.param_bytes, 0);
  auto put = [&](uint32_t off, const void* v, size_t n) { std::memcpy(buf.data() + off, v, n); };
  put(0, &out, 8);
  uint8_t flag = 200;
  put(8, &flag, 1);
  uint32_t a = 11, b = 12, c = 13;
  float f = 2.5f;
  uint64_t big = 0x1122334455667788ull;
  double d = -0.75;
  uint16_t h = 40000;
  put(16, &a, 4);
  put(20, &f, 4);
  put(24, &big, 8);
  put(32, &b, 4);
  put(36, &c, 4);
  put(40, &d, 8);
  put(48, &h, 2);
  ExecKernelSource src(k, mem, Dim3{1, 1, 1}, Dim3{1, 1, 1}, 0, buf);
  auto cta = src.open_cta(0, 0);
  for (uint64_t cyc = 0; cta->peek(0); ++cyc) cta->issue(0, cyc);
  auto o = download<uint32_t>(mem, out, 10);
  EXPECT_EQ(o[0], 11u);
  EXPECT_EQ(o[1], 200u);
  EXPECT_EQ(o[2], 12u);
  EXPECT_EQ(o[3], 13u);
  EXPECT_FLOAT_EQ(bitsf(o[4]), 2.5f);
  EXPECT_EQ(o[5], 40000u);
  EXPECT_EQ(o[6] | static_cast<uint64_t>(o[7]) << 32, big);
  EXPECT_DOUBLE_EQ(bitsd(o[8] | static_cast<uint64_t>(o[9]) << 32), -0.75);
}

TEST(PtxMemory, CacheOperatorsVolatileAndPrefetch) {
  std::string ptx = kernel("\t.reg .b32 %r<6>;\n",
                           "\tprefetch.global.L2 [%in];\n"
                           "\tld.global.nc.u32 %r1, [%in];\n\tld.global.cg.u32 %r2, [%in+4];\n"
                           "\tld.volatile.global.u32 %r3, [%in+8];\n\tldu.global.u32 %r4, [%in+12];\n"
                           "\tld.relaxed.gpu.global.u32 %r5, [%in+16];\n"
                           "\tld.global.L1::evict_last.u32 %r5, [%in+16];\n"
                           "\tst.global.cs.u32 [%out], %r1;\n\tst.volatile.global.u32 [%out+4], %r2;\n"
                           "\tst.global.wt.u32 [%out+8], %r3;\n\tst.global.u32 [%out+12], %r4;\n"
                           "\tst.relaxed.sys.global.u32 [%out+16], %r5;\n");
  std::string s = translate_ptx_to_assembly(ptx, "c.ptx");
  EXPECT_NE(s.find("LD.G.NC.32"), std::string::npos) << s;
  EXPECT_NE(s.find("LD.G.CG.32"), std::string::npos);
  EXPECT_NE(s.find("LD.G.VOLATILE.32"), std::string::npos);
  EXPECT_NE(s.find("ST.G.CS.32"), std::string::npos);
  auto in = byte_pattern(8);
  auto out = run_words(ptx, in, 5, 1);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(out[static_cast<size_t>(i)], in[static_cast<size_t>(i)]);
}

}  // namespace
}  // namespace warpsim::isa::ptx_testing
