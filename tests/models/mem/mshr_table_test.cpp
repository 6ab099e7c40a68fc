// MshrTable: one entry per line with a fetch in flight; later misses merge into it.
#include "models/mem/cache/mshr_table.h"

#include <gtest/gtest.h>

#include <vector>

namespace warpsim {
namespace {

struct Token {
  int id;
};

TEST(MshrTable, FindsOnlyAllocatedLines) {
  MshrTable<Token> m(4, 8);
  EXPECT_EQ(m.find(0x1000), nullptr);
  auto& e = m.allocate(0x1000);
  e.requested_mask = 0b0011;
  ASSERT_NE(m.find(0x1000), nullptr);
  EXPECT_EQ(m.find(0x1000)->line_addr, 0x1000u);
  EXPECT_EQ(m.find(0x1000)->requested_mask, 0b0011u);
  EXPECT_EQ(m.find(0x1080), nullptr);
  EXPECT_EQ(m.size(), 1u);
}

TEST(MshrTable, MergesUpToMaxMergedWaiters) {
  MshrTable<Token> m(4, 3);
  auto& e = m.allocate(0x1000);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(m.can_merge(e));
    e.waiters.push_back(Token{i});
  }
  EXPECT_FALSE(m.can_merge(e));  // the fourth access must stall (or retry later)
  EXPECT_EQ(m.size(), 1u);       // merging never takes another entry
}

TEST(MshrTable, IsFullAtCapacity) {
  MshrTable<Token> m(2, 4);
  EXPECT_EQ(m.capacity(), 2u);
  EXPECT_FALSE(m.full());
  m.allocate(0x1000);
  EXPECT_FALSE(m.full());
  m.allocate(0x2000);
  EXPECT_TRUE(m.full());
  m.release(0x1000);
  EXPECT_FALSE(m.full());
}

TEST(MshrTable, EntriesStayPutWhileOthersAreAllocated) {
  MshrTable<Token> m(8, 4);
  auto* first = &m.allocate(0x1000);
  for (uint64_t a = 1; a < 8; ++a) m.allocate(0x1000 + a * 0x80);
  EXPECT_EQ(first, m.find(0x1000));
}

TEST(MshrTable, ReleaseReturnsTheWaitersInArrivalOrder) {
  MshrTable<Token> m(4, 8);
  m.allocate(0x1000).waiters.push_back(Token{7});
  m.allocate(0x2000).waiters.push_back(Token{99});
  m.find(0x1000)->waiters.push_back(Token{3});
  m.find(0x1000)->waiters.push_back(Token{5});
  auto e = m.release(0x1000);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->line_addr, 0x1000u);
  std::vector<int> ids;
  for (const Token& t : e->waiters) ids.push_back(t.id);
  EXPECT_EQ(ids, (std::vector<int>{7, 3, 5}));
  EXPECT_EQ(m.find(0x1000), nullptr);
  EXPECT_NE(m.find(0x2000), nullptr);  // other entries are untouched
  EXPECT_EQ(m.size(), 1u);
  EXPECT_FALSE(m.release(0x1000).has_value());  // released once only
}

}  // namespace
}  // namespace warpsim
