// LineSlotMap: the MSHR tables' line index, checked against std::unordered_map under random
// inserts and erases that crowd one probe run and wrap around the end of the table.
#include <gtest/gtest.h>

#include <random>
#include <unordered_map>
#include <vector>

#include "models/mem/cache/line_slot_map.h"

namespace warpsim {
namespace {

TEST(LineSlotMap, FindsWhatWasInsertedAndNothingElse) {
  LineSlotMap m(4);
  m.insert(0x1000, 3);
  m.insert(0x2080, 1);
  EXPECT_EQ(m.find(0x1000), 3u);
  EXPECT_EQ(m.find(0x2080), 1u);
  EXPECT_EQ(m.find(0x3000), LineSlotMap::kNone);
  EXPECT_EQ(m.erase(0x1000), 3u);
  EXPECT_EQ(m.find(0x1000), LineSlotMap::kNone);
  EXPECT_EQ(m.erase(0x1000), LineSlotMap::kNone);
  EXPECT_EQ(m.find(0x2080), 1u);
  EXPECT_EQ(m.size(), 1u);
}

TEST(LineSlotMap, AgreesWithAHashMapUnderRandomUse) {
  // 64 entries in a 128-cell table, keys from a small pool: long probe runs, many erases from
  // their middle, runs that wrap.
  constexpr uint32_t kCapacity = 64;
  LineSlotMap m(kCapacity);
  std::unordered_map<uint64_t, uint32_t> ref;
  std::mt19937_64 rng(7);
  std::vector<uint32_t> free_slots;
  for (uint32_t i = 0; i < kCapacity; ++i) free_slots.push_back(i);
  for (int step = 0; step < 200000; ++step) {
    const uint64_t line = (rng() % 200) * 128;
    const auto it = ref.find(line);
    if (it != ref.end()) {
      ASSERT_EQ(m.find(line), it->second);
      if (rng() % 2 == 0) {
        ASSERT_EQ(m.erase(line), it->second);
        free_slots.push_back(it->second);
        ref.erase(it);
      }
    } else {
      ASSERT_EQ(m.find(line), LineSlotMap::kNone);
      if (!free_slots.empty()) {
        const uint32_t slot = free_slots.back();
        free_slots.pop_back();
        m.insert(line, slot);
        ref.emplace(line, slot);
      }
    }
    ASSERT_EQ(m.size(), ref.size());
  }
  for (const auto& [line, slot] : ref) EXPECT_EQ(m.find(line), slot);
}

}  // namespace
}  // namespace warpsim
