// Trace size: regular kernels must cost a few bytes per warp instruction, so that a large
// run's trace stays small (strided addresses and straight-line code compress to little).
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
#include "traces/native/trace_writer.h"

#ifndef WARPSIM_SOURCE_DIR
#define WARPSIM_SOURCE_DIR "."
#endif

namespace warpsim::traces {
namespace {

std::string saxpy_text() {
  const char* env = std::getenv("WARPSIM_SOURCE_DIR");
  std::ifstream in(std::string(env && *env ? env : WARPSIM_SOURCE_DIR) +
                   "/workloads/saxpy/saxpy.s");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

NativeKernelInfo write_saxpy(const std::string& path, uint32_t n, WriterOptions opt) {
  isa::Program p = isa::assemble(saxpy_text(), "saxpy.s");
  isa::DeviceMemory mem;
  const uint64_t x = mem.allocate(4ull * n), y = mem.allocate(4ull * n);
  const isa::Kernel& k = p.kernels.at(0);
  std::vector<isa::ParamArg> args = {isa::ParamArg::of_int(isa::ScalarType::u32, n),
                                     isa::ParamArg::of_f32(2.5f), isa::ParamArg::of_address(x),
                                     isa::ParamArg::of_address(y)};
  isa::ExecKernelSource src(k, mem, Dim3{(n + 255) / 256, 1, 1}, Dim3{256, 1, 1}, 0,
                            isa::build_param_buffer(k, args));
  TraceWriter w(path, opt);
  write_kernel(src, w);
  w.finish();
  NativeTrace t = NativeTrace::open(path);
  NativeKernelInfo info = t.info(0);
  info.stored_bytes = t.file_bytes();  // judge the whole file
  return info;
}

TEST(NativeSize, SaxpyCostsFewBytesPerWarpInstruction) {
  const uint32_t n = 512 * 256;
  for (Codec codec : {Codec::zstd, Codec::lzma}) {
    WriterOptions opt;
    opt.codec = codec;
    const NativeKernelInfo info = write_saxpy(testing::temp_path("saxpy.wtr"), n, opt);
    EXPECT_EQ(info.warp_insts, 4096u * 17);
    const double per_inst = double(info.stored_bytes) / double(info.warp_insts);
    RecordProperty(std::string("bytes_per_warp_inst_") + native::codec_name(codec),
                   std::to_string(per_inst));
    // Each warp runs 17 instructions, 3 of them with 32 strided addresses; a naive record
    // (pc, class, mask, 32 addresses) would take ~100 bytes each.
    EXPECT_LT(per_inst, 2.5) << native::codec_name(codec);
  }
}

}  // namespace
}  // namespace warpsim::traces
