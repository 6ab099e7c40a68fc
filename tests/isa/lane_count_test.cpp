// lane_count is the hand-written population count every instruction's thread count goes through.
#include <gtest/gtest.h>

#include <bitset>
#include <random>

#include "isa/warp_stream.h"

namespace warpsim {
namespace {

TEST(LaneCount, MatchesBitsetCount) {
  EXPECT_EQ(lane_count(0), 0u);
  EXPECT_EQ(lane_count(~0u), 32u);
  EXPECT_EQ(lane_count(0x80000001u), 2u);
  std::mt19937 rng(3);
  for (int i = 0; i < 10000; ++i) {
    const uint32_t m = rng();
    EXPECT_EQ(lane_count(m), std::bitset<32>(m).count()) << std::hex << m;
  }
}

}  // namespace
}  // namespace warpsim
