// End-to-end translation of hand-written PTX snippets, checked by running them in the
// functional emulator against host-computed results.
#include <gtest/gtest.h>

#include "sim/error.h"
#include "tests/ptx/ptx_test_util.h"

namespace warpsim::isa::ptx_testing {
namespace {

TEST(PtxTranslate, CopiesThreadIndexPlusInput) {
  std::string ptx = kernel2("\t.reg .b32 %r<4>;\n\t.reg .b64 %rd<4>;\n",
                            "\tmov.u32 %r1, %tid.x;\n"
                            "\tmul.wide.u32 %rd1, %r1, 4;\n"
                            "\tadd.s64 %rd2, %rd_in, %rd1;\n"
                            "\tld.global.u32 %r2, [%rd2];\n"
                            "\tadd.s32 %r3, %r2, %r1;\n"
                            "\tadd.s64 %rd3, %rd_out, %rd1;\n"
                            "\tst.global.u32 [%rd3], %r3;\n");
  std::vector<uint32_t> in(32);
  for (unsigned i = 0; i < 32; ++i) in[i] = 100 * i;
  auto out = run_words(ptx, in, 32);
  for (unsigned i = 0; i < 32; ++i) EXPECT_EQ(out[i], 101 * i) << i;
}

}  // namespace
}  // namespace warpsim::isa::ptx_testing
