// Structs passed by value: byte-array params in the assembler, the disassembler, the binary format
// and the param buffer (nvcc declares them `.param .align 8 .b8 p[N]`).
#include <gtest/gtest.h>

#include <cstring>

#include "isa/assembler.h"
#include "isa/binary_format.h"
#include "isa/disassembler.h"
#include "isa/exec/param_buffer.h"
#include "sim/error.h"
#include "tests/isa/kernel_runner.h"

namespace warpsim::isa {
namespace {

// A u8 before the struct, so the struct's alignment shows in its offset; a u32 after it, laid out
// behind the struct's 20 bytes. The kernel stores the struct's u32 at +12 plus the trailing u32.
const char* const kStructKernel = R"(.kernel k
.param u8 tag
.param .align 8 u8 cfg[20]
.param u32 bias
  LD.P.64 R2, [cfg]
  LD.P.32 R4, [cfg+12]
  LD.P.32 R5, [bias]
  IADD R4, R4, R5
  ST.G.32 [R2], R4
  EXIT
)";

TEST(StructParams, LaidOutWithTheirAlignment) {
  const Program p = assemble(kStructKernel, "s.s");
  const Kernel& k = p.kernels[0];
  ASSERT_EQ(k.params.size(), 3u);
  EXPECT_EQ(k.params[1].offset, 8u);  // after the u8, aligned to 8
  EXPECT_EQ(k.params[1].array_bytes, 20u);
  EXPECT_EQ(k.params[1].align, 8u);
  EXPECT_EQ(k.params[2].offset, 28u);  // right behind the struct
  EXPECT_EQ(k.param_bytes, 32u);
}

TEST(StructParams, RoundTripThroughBinaryAndDisassembly) {
  const Program p = assemble(kStructKernel, "s.s");
  const std::vector<uint8_t> bin = write_binary(p);
  const Program loaded = read_binary(bin, "s.bin");
  const std::string text = disassemble(loaded);
  EXPECT_NE(text.find(".param .align 8 u8 cfg[20]"), std::string::npos) << text;
  EXPECT_NE(text.find("[cfg+12]"), std::string::npos) << text;
  const Program again = assemble(text, "again.s");
  EXPECT_EQ(write_binary(again), bin) << text;
  EXPECT_EQ(again.kernels[0].params[2].offset, 28u);
}

TEST(StructParams, VersionTwoBinariesStillLoad) {
  // Version 2 differs only in params; a kernel without params reads the same either way.
  const Program p = assemble(".kernel k\n  EXIT\n", "v2.s");
  std::vector<uint8_t> bin = write_binary(p);
  const uint32_t v2 = 2;
  std::memcpy(bin.data() + 8, &v2, 4);  // the version follows the 8-byte magic
  EXPECT_EQ(read_binary(bin, "v2.bin").kernels[0].code, p.kernels[0].code);
}

TEST(StructParams, KernelReadsTheStructsFields) {
  const Program p = assemble(kStructKernel, "s.s");
  DeviceMemory mem;
  const uint64_t out = mem.allocate(4);
  std::vector<uint8_t> cfg(16, 0);
  std::memcpy(cfg.data(), &out, 8);
  const uint32_t field = 40;
  std::memcpy(cfg.data() + 12, &field, 4);
  testing::run_kernel(p.kernels[0], mem, Dim3{1, 1, 1}, Dim3{1, 1, 1},
                      {ParamArg::of_int(ScalarType::u8, 7), ParamArg::of_struct(cfg),
                       ParamArg::of_int(ScalarType::u32, 2)});
  EXPECT_EQ(testing::download<uint32_t>(mem, out, 1)[0], 42u);
}

TEST(StructParams, ParamBufferChecksStructArgs) {
  const Program p = assemble(kStructKernel, "s.s");
  const Kernel& k = p.kernels[0];
  const ParamArg tag = ParamArg::of_int(ScalarType::u8, 1);
  const ParamArg bias = ParamArg::of_int(ScalarType::u32, 1);
  auto problem = [&](const std::vector<ParamArg>& args) {
    try {
      build_param_buffer(k, args);
    } catch (const InputError& e) {
      return e.problem();
    }
    return std::string("no error");
  };
  EXPECT_NE(problem({tag, ParamArg::of_int(ScalarType::u32, 1), bias}).find("expected a struct of 20 bytes"),
            std::string::npos);
  EXPECT_NE(problem({tag, ParamArg::of_struct(std::vector<uint8_t>(21)), bias}).find("take 21 bytes"),
            std::string::npos);
  EXPECT_NE(problem({ParamArg::of_struct({1}), ParamArg::of_struct({}), bias}).find("got a struct"),
            std::string::npos);
  // Fewer bytes than the struct: the rest (tail padding) is zero.
  const std::vector<uint8_t> buf = build_param_buffer(k, {tag, ParamArg::of_struct({1, 2, 3}), bias});
  ASSERT_EQ(buf.size(), 32u);
  EXPECT_EQ(buf[8], 1);
  EXPECT_EQ(buf[10], 3);
  EXPECT_EQ(buf[11], 0);
}

TEST(StructParams, AssemblerErrors) {
  auto error_of = [](const std::string& decl) {
    try {
      assemble(".kernel k\n" + decl + "\n  EXIT\n", "bad.s");
    } catch (const InputError& e) {
      EXPECT_EQ(e.line(), 2) << e.what();
      return e.problem();
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of(".param u32 cfg[8]").find("bad array param"), std::string::npos);
  EXPECT_NE(error_of(".param u8 cfg[0]").find("bad array param"), std::string::npos);
  EXPECT_NE(error_of(".param u8 cfg[8").find("bad array param"), std::string::npos);
  EXPECT_NE(error_of(".param .align 3 u8 cfg[8]").find("bad param alignment"), std::string::npos);
  EXPECT_NE(error_of(".param .align 8 u32 n").find("`.align` applies to array params"), std::string::npos);
}

}  // namespace
}  // namespace warpsim::isa
