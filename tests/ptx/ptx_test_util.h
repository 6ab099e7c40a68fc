// Helpers for the PTX front-end tests: translate a snippet, run it in the functional emulator
// (tests/isa/kernel_runner.h) with the program's data segments mapped, and read results back.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "isa/program.h"
#include "isa/ptx/ptx_frontend.h"
#include "isa/semantics_float.h"
#include "tests/isa/kernel_runner.h"

namespace warpsim::isa::ptx_testing {

using isa::testing::download;
using isa::testing::upload;

// A module header nvcc would write, then `body`.
std::string module(const std::string& body, const std::string& target = "sm_75");

// One input record (four 64-bit slots) and one output record (two slots) per thread.
using In = std::array<uint64_t, 4>;
using Out = std::array<uint64_t, 2>;

// A kernel k(.param .u64 out, .param .u64 in) in which each thread has %in (the address of its
// input record) and %outp (its output record); `regs` declares the body's registers. Runs one
// thread per input record (CTAs of up to 256 threads) and returns the output records.
std::vector<Out> run_lanes(const std::string& regs, const std::string& body,
                           const std::vector<In>& in, const std::string& prelude = {});
// The same kernel text (for translation-only checks).
std::string lanes_kernel(const std::string& regs, const std::string& body,
                         const std::string& prelude = {});

// Translates `ptx` and runs kernel `name` on `grid` x `block` threads with two buffers: `in`
// (copied to the device) and `out_words` zero-initialized 32-bit words, passed as the kernel's
// two u64 params (out first); returns the output words.
std::vector<uint32_t> run_words(const std::string& ptx, const std::vector<uint32_t>& in,
                                size_t out_words, unsigned threads = 32,
                                const std::string& name = "k", unsigned grid = 1,
                                uint32_t dynamic_shared = 0);

inline uint32_t fbits(float f) { return fp::bits_of(f); }
inline float bitsf(uint64_t b) { return fp::as_f32(static_cast<uint32_t>(b)); }
inline uint64_t dbits(double d) { return fp::bits_of(d); }
inline double bitsd(uint64_t b) { return fp::as_f64(b); }

// Runs one PTX instruction sequence per input record. Registers %a %b %c (inputs, loaded from
// the record's slots 0..2) and %d (output, stored to output slot 0) are .b`bits` (16, 32, 64);
// predicates %p %q and scratch registers (.b32 %x %y %z %w %v %n %pos %len, .b16 %h %l) are
// declared, and output slot 1 holds p | q << 1.
std::vector<Out> run_op(unsigned bits, const std::string& ops, const std::vector<In>& in,
                        const std::string& extra_regs = {});
// Output slot 0 of each record.
std::vector<uint64_t> results(const std::vector<Out>& out);

// The InputError line of translating `ptx` (0 if it translates, -1 if the error has no line).
int error_line(const std::string& ptx, std::string* message = nullptr);

}  // namespace warpsim::isa::ptx_testing
