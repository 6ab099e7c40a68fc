// Runs a few instructions once per input row, one row per thread, so that semantics can be
// checked against host computations over many operand values in a single launch.
//
// Each thread loads its row's words into R8..R15 and sets P1..P6 from bits 1..6 of the row's
// `preds` word; the code under test reads those and writes R16..R23 and/or P0..P6; each thread
// stores R16..R23 and its predicates P0..P6 (bits 0..6) back.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace warpsim::isa::testing {

struct LaneIn {
  std::array<uint32_t, 8> r{};  // R8..R15
  uint32_t preds = 0;           // bit i: Pi (i = 1..6)
};
struct LaneOut {
  std::array<uint32_t, 8> r{};  // R16..R23
  uint32_t preds = 0;           // bit i: Pi (i = 0..6)
};

std::vector<LaneOut> run_lanes(const std::string& code, const std::vector<LaneIn>& in);

// Helpers to build rows.
uint32_t f2u(float f);
float u2f(uint32_t u);
uint64_t d2u(double d);
double u2d(uint64_t u);
inline uint32_t lo(uint64_t v) { return static_cast<uint32_t>(v); }
inline uint32_t hi(uint64_t v) { return static_cast<uint32_t>(v >> 32); }
inline uint64_t pair(uint32_t l, uint32_t h) { return l | uint64_t(h) << 32; }

}  // namespace warpsim::isa::testing
