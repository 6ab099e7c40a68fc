// Helpers for the PTX front-end tests: translate a snippet, run one of its kernels in the
// functional emulator (tests/isa/kernel_runner.h) and read results back.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "isa/program.h"
#include "isa/ptx/ptx_frontend.h"
#include "tests/isa/kernel_runner.h"

namespace warpsim::isa::ptx_testing {

using isa::testing::download;
using isa::testing::upload;

// A module header nvcc would write, then `body`.
std::string module(const std::string& body, const std::string& target = "sm_75");

// A kernel `k(.param .u64 out, .param .u64 in)` with `body` (after loading the params into
// %rd_out / %rd_in, global addresses) wrapped in a module.
std::string kernel2(const std::string& regs, const std::string& body);

// Translates `ptx` and runs kernel `name` on 1 CTA of `threads` threads with `in` copied to a
// buffer and `out_words` 32-bit words of output (zero-initialized), returning the output.
std::vector<uint32_t> run_words(const std::string& ptx, const std::vector<uint32_t>& in,
                                size_t out_words, unsigned threads = 32,
                                const std::string& name = "k");

inline uint32_t fbits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}
inline float bitsf(uint32_t b) {
  float f;
  std::memcpy(&f, &b, 4);
  return f;
}
inline uint64_t dbits(double d) {
  uint64_t b;
  std::memcpy(&b, &d, 8);
  return b;
}
inline double bitsd(uint64_t b) {
  double d;
  std::memcpy(&d, &b, 8);
  return d;
}

// The InputError line of translating `ptx` (0 if it translates).
int error_line(const std::string& ptx, std::string* message = nullptr);

}  // namespace warpsim::isa::ptx_testing
