// FlitBuffer, the input buffer of a switch port: one queue per output over a shared pool, the
// arrival order kept beside them, and flit credits that return only once a packet's last flit
// has left.
#include <gtest/gtest.h>

#include <vector>

#include "models/noc/network_base.h"

namespace warpsim::noc {
namespace {

Flight packet(uint64_t token, uint32_t flits = 1) {
  Flight f;
  f.pkt.token = uint32_t(token);
  f.flits = flits;
  return f;
}

std::vector<uint32_t> arrival_order(const FlitBuffer& b) {
  std::vector<uint32_t> tokens;
  for (uint32_t i = b.first(); i != FlitBuffer::kNone; i = b.next(i)) tokens.push_back(b.at(i).pkt.token);
  return tokens;
}

TEST(FlitBuffer, TakesTheOldestPacketForEachOutput) {
  FlitBuffer b(64, 3);
  // token: arrival number; the packets want outputs 0 1 0 2 1 0.
  const uint32_t wants[] = {0, 1, 0, 2, 1, 0};
  for (uint32_t k = 0; k < 6; ++k) b.push(packet(k), wants[k]);
  EXPECT_EQ(b.oldest().pkt.token, 0u);
  EXPECT_EQ(b.take(1, 0).pkt.token, 1u);
  EXPECT_EQ(b.take(0, 1).pkt.token, 0u);
  EXPECT_EQ(b.take(0, 2).pkt.token, 2u);
  EXPECT_EQ(arrival_order(b), (std::vector<uint32_t>{3, 4, 5}));
  EXPECT_EQ(b.oldest().pkt.token, 3u);
  EXPECT_TRUE(b.holds(0));
  EXPECT_TRUE(b.holds(1));
  EXPECT_EQ(b.take(1, 3).pkt.token, 4u);
  EXPECT_FALSE(b.holds(1));
  // Freed places are reused; a new packet still comes last in arrival order and in its queue.
  b.push(packet(6), 0);
  b.push(packet(7), 1);
  EXPECT_EQ(arrival_order(b), (std::vector<uint32_t>{3, 5, 6, 7}));
  EXPECT_EQ(b.take(0, 4).pkt.token, 5u);
  EXPECT_EQ(b.take(0, 5).pkt.token, 6u);
  EXPECT_FALSE(b.holds(0));
  EXPECT_EQ(b.take(2, 6).pkt.token, 3u);
  EXPECT_EQ(b.take(1, 7).pkt.token, 7u);
  EXPECT_TRUE(b.empty());
}

TEST(FlitBuffer, CreditsReturnWhenTheLastFlitHasLeft) {
  FlitBuffer b(8, 2);
  EXPECT_TRUE(b.has_room(20, 0));  // an empty buffer takes any packet
  b.push(packet(0, 5), 0);
  EXPECT_TRUE(b.has_room(3, 0));
  EXPECT_FALSE(b.has_room(4, 0));
  b.push(packet(1, 3), 1);
  b.take(0, 10);  // five flits leave over cycles 10..14
  EXPECT_TRUE(b.sending(14));
  EXPECT_FALSE(b.sending(15));
  EXPECT_FALSE(b.has_room(1, 14));
  EXPECT_TRUE(b.has_room(5, 15));
  EXPECT_FALSE(b.has_room(6, 15));
}

}  // namespace
}  // namespace warpsim::noc
