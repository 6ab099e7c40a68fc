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

TEST(MshrTable, KeepsWaitersInArrivalOrderAndReleaseFreesOnlyItsEntry) {
  MshrTable<Token> m(4, 8);
  m.allocate(0x1000).waiters.push_back(Token{7});
  m.allocate(0x2000).waiters.push_back(Token{99});
  m.find(0x1000)->waiters.push_back(Token{3});
  m.find(0x1000)->waiters.push_back(Token{5});
  std::vector<int> ids;
  for (const Token& t : m.find(0x1000)->waiters) ids.push_back(t.id);
  EXPECT_EQ(ids, (std::vector<int>{7, 3, 5}));
  EXPECT_TRUE(m.release(0x1000));
  EXPECT_EQ(m.find(0x1000), nullptr);
  EXPECT_NE(m.find(0x2000), nullptr);  // other entries are untouched
  EXPECT_EQ(m.find(0x2000)->waiters.size(), 1u);
  EXPECT_EQ(m.size(), 1u);
  EXPECT_FALSE(m.release(0x1000));  // released once only
}

TEST(MshrTable, AReusedEntryStartsEmpty) {
  MshrTable<Token> m(1, 8);
  auto& e = m.allocate(0x1000);
  e.requested_mask = 0b1111;
  e.waiters.push_back(Token{1});
  ASSERT_TRUE(m.release(0x1000));
  auto& again = m.allocate(0x3000);
  EXPECT_EQ(again.line_addr, 0x3000u);
  EXPECT_EQ(again.requested_mask, 0u);
  EXPECT_TRUE(again.waiters.empty());
  EXPECT_EQ(m.find(0x1000), nullptr);
  EXPECT_EQ(m.find(0x3000), &again);
}

}  // namespace
}  // namespace warpsim
