// SectorTags: the tag array of a sectored cache, with pluggable replacement and set index.
// Lines are 128 B with 32 B sectors (4 sectors) unless a test says otherwise.
#include "models/mem/cache/sector_tags.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace warpsim {
namespace {

constexpr uint32_t kLine = 128;

SectorTagsParams geometry(uint32_t sets, uint32_t ways, const std::string& replacement = "lru",
                          const std::string& set_index = "linear", uint64_t seed = 1) {
  SectorTagsParams p;
  p.size_bytes = uint64_t(sets) * ways * kLine;
  p.line_bytes = kLine;
  p.sector_bytes = 32;
  p.ways = ways;
  p.replacement = replacement;
  p.set_index = set_index;
  p.seed = seed;
  return p;
}

// Line address of the i-th line of a one-set cache (every line maps to set 0).
uint64_t L(uint64_t i) { return i * kLine; }

using Outcome = SectorTags::Outcome;

// --- lookups -------------------------------------------------------------------------------

TEST(SectorTags, AbsentLineIsAMissWithEveryRequestedSectorMissing) {
  SectorTags t(geometry(4, 2));
  const auto p = t.probe(0x1000, 0b0110);
  EXPECT_EQ(p.outcome, Outcome::miss);
  EXPECT_EQ(p.missing_mask, 0b0110u);
}

TEST(SectorTags, AllocatedLineHasNoValidSectorsUntilFilled) {
  SectorTags t(geometry(4, 2));
  t.allocate(0x1000);
  const auto p = t.probe(0x1000, 0b0001);
  EXPECT_EQ(p.outcome, Outcome::sector_miss);
  EXPECT_EQ(p.missing_mask, 0b0001u);
}

TEST(SectorTags, HitNeedsEveryRequestedSectorValid) {
  SectorTags t(geometry(4, 2));
  t.allocate(0x1000);
  t.fill(0x1000, 0b0011);
  EXPECT_EQ(t.probe(0x1000, 0b0001).outcome, Outcome::hit);
  EXPECT_EQ(t.probe(0x1000, 0b0011).outcome, Outcome::hit);
  EXPECT_EQ(t.probe(0x1000, 0b0011).missing_mask, 0u);
  const auto partial = t.probe(0x1000, 0b0111);
  EXPECT_EQ(partial.outcome, Outcome::sector_miss);
  EXPECT_EQ(partial.missing_mask, 0b0100u);  // only the sector not yet filled
}

TEST(SectorTags, ProbeReportsTheWayOfAPresentLine) {
  SectorTags t(geometry(1, 4));
  for (uint64_t i = 0; i < 4; ++i) t.allocate(L(i));
  std::set<uint32_t> ways;
  for (uint64_t i = 0; i < 4; ++i) ways.insert(t.probe(L(i), 1).way);
  EXPECT_EQ(ways.size(), 4u);
}

TEST(SectorTags, FillOfAnAbsentLineDoesNothing) {
  SectorTags t(geometry(4, 2));
  t.fill(0x1000, 0b1111);
  t.mark_dirty(0x1000, 0b1111);
  EXPECT_EQ(t.probe(0x1000, 0b1111).outcome, Outcome::miss);
}

TEST(SectorTags, ReallocatingAPresentLineKeepsItsSectorsAndEvictsNothing) {
  SectorTags t(geometry(1, 1));
  t.allocate(L(0));
  t.fill(L(0), 0b1010);
  const auto v = t.allocate(L(0));
  EXPECT_FALSE(v.valid);
  EXPECT_EQ(t.probe(L(0), 0b1010).outcome, Outcome::hit);
}

TEST(SectorTags, LineOfClearsTheOffset) {
  SectorTags t(geometry(4, 2));
  EXPECT_EQ(t.line_of(0x1234), 0x1200u);
  EXPECT_EQ(t.sectors_per_line(), 4u);
  EXPECT_EQ(t.sets(), 4u);
}

// --- replacement ---------------------------------------------------------------------------

TEST(SectorTags, LruEvictsTheLeastRecentlyTouchedLine) {
  SectorTags t(geometry(1, 4, "lru"));
  for (uint64_t i = 0; i < 4; ++i) t.allocate(L(i));  // order of use: 0 1 2 3
  t.touch(L(0));                                      // 1 2 3 0
  t.touch(L(2));                                      // 1 3 0 2
  t.probe(L(1), 1);                                   // a probe is not a use
  EXPECT_EQ(t.allocate(L(4)).line_addr, L(1));        // 3 0 2 4
  EXPECT_EQ(t.allocate(L(5)).line_addr, L(3));        // 0 2 4 5
  t.touch(L(0));                                      // 2 4 5 0
  EXPECT_EQ(t.allocate(L(6)).line_addr, L(2));        // 4 5 0 6
  EXPECT_EQ(t.allocate(L(7)).line_addr, L(4));
}

TEST(SectorTags, LruOnAWideSetMatchesARecencyListModel) {
  // V100's L1 has 256-way sets: random uses, allocations and evict-first insertions in one set,
  // against a plain list of lines ordered by last use (front = least recently used).
  constexpr uint32_t kWays = 256;
  SectorTags t(geometry(1, kWays, "lru"));
  std::vector<uint64_t> order;  // the model
  uint64_t next_line = 0;
  uint64_t s = 12345;
  auto rnd = [&] { return (s = s * 6364136223846793005ull + 1442695040888963407ull) >> 33; };
  for (int step = 0; step < 20000; ++step) {
    const uint64_t r = rnd() % 8;
    if (r < 4 && !order.empty()) {  // a hit
      const size_t i = rnd() % order.size();
      const uint64_t line = order[i];
      t.touch(line);
      order.erase(order.begin() + long(i));
      order.push_back(line);
    } else {  // a miss: allocate, evicting the model's least recently used line once full
      const bool evict_first = r == 7;
      const uint64_t line = L(next_line++);
      const SectorTags::Victim v = t.allocate(line, evict_first);
      if (order.size() == kWays) {
        ASSERT_TRUE(v.valid) << step;
        ASSERT_EQ(v.line_addr, order.front()) << step;
        order.erase(order.begin());
      } else {
        ASSERT_FALSE(v.valid) << step;
      }
      if (evict_first) {
        order.insert(order.begin(), line);
      } else {
        order.push_back(line);
      }
    }
  }
}

TEST(SectorTags, FillDoesNotCountAsAUse) {
  SectorTags t(geometry(1, 2, "lru"));
  t.allocate(L(0));
  t.allocate(L(1));
  t.fill(L(0), 0b1111);  // data arriving for the older line leaves it the older one
  EXPECT_EQ(t.allocate(L(2)).line_addr, L(0));
}

TEST(SectorTags, FifoEvictsInInsertionOrderWhateverWasTouched) {
  SectorTags t(geometry(1, 4, "fifo"));
  for (uint64_t i = 0; i < 4; ++i) t.allocate(L(i));
  t.touch(L(0));
  t.touch(L(0));
  t.touch(L(1));
  EXPECT_EQ(t.allocate(L(4)).line_addr, L(0));
  EXPECT_EQ(t.allocate(L(5)).line_addr, L(1));
  t.touch(L(2));
  EXPECT_EQ(t.allocate(L(6)).line_addr, L(2));
}

// The lines evicted while streaming `n` distinct lines through a one-set, 8-way cache.
std::vector<uint64_t> random_victims(uint64_t seed, int n) {
  SectorTags t(geometry(1, 8, "random", "linear", seed));
  std::vector<uint64_t> out;
  for (int i = 0; i < n; ++i) {
    const auto v = t.allocate(L(uint64_t(i)));
    if (v.valid) out.push_back(v.line_addr);
  }
  return out;
}

TEST(SectorTags, RandomIsDeterministicForASeed) {
  const auto a = random_victims(7, 200);
  EXPECT_EQ(a.size(), 192u);  // the first 8 allocations fill invalid ways
  EXPECT_EQ(a, random_victims(7, 200));
}

TEST(SectorTags, RandomDiffersAcrossSeeds) {
  EXPECT_NE(random_victims(7, 200), random_victims(8, 200));
}

TEST(SectorTags, RandomPicksEveryWaySoonerOrLater) {
  SectorTags t(geometry(1, 8, "random"));
  for (uint64_t i = 0; i < 8; ++i) t.allocate(L(i));
  std::set<uint32_t> replaced_ways;
  for (uint64_t i = 8; i < 200; ++i) {
    t.allocate(L(i));
    replaced_ways.insert(t.probe(L(i), 1).way);  // the new line sits in the victim's way
  }
  EXPECT_EQ(replaced_ways.size(), 8u);
}

class EvictFirst : public testing::TestWithParam<std::string> {};

TEST_P(EvictFirst, AnEvictFirstLineIsTheNextVictim) {
  SectorTags t(geometry(1, 4, GetParam()));
  t.allocate(L(0));
  t.allocate(L(1));
  t.allocate(L(2), /*evict_first=*/true);
  t.allocate(L(3));
  EXPECT_EQ(t.allocate(L(4)).line_addr, L(2));
}

TEST_P(EvictFirst, AnEvictFirstLineStaysNextWhenItsDataArrives) {
  SectorTags t(geometry(1, 4, GetParam()));
  for (uint64_t i = 0; i < 3; ++i) t.allocate(L(i));
  t.allocate(L(3), /*evict_first=*/true);
  t.fill(L(3), 0b1111);
  EXPECT_EQ(t.allocate(L(4)).line_addr, L(3));
}

INSTANTIATE_TEST_SUITE_P(SectorTags, EvictFirst, testing::Values("lru", "fifo", "random"));

TEST(SectorTags, LruEvictFirstInsertsBelowEveryOtherLine) {
  SectorTags t(geometry(1, 4, "lru"));
  t.allocate(L(0), /*evict_first=*/true);  // the oldest even though later lines come after it
  t.allocate(L(1));
  t.allocate(L(2), /*evict_first=*/true);  // now below line 0: last in, first out at the bottom
  t.allocate(L(3));
  EXPECT_EQ(t.allocate(L(4)).line_addr, L(2));
  EXPECT_EQ(t.allocate(L(5)).line_addr, L(0));
  EXPECT_EQ(t.allocate(L(6)).line_addr, L(1));
}

TEST(SectorTags, LruTouchedEvictFirstLineIsPromoted) {
  SectorTags t(geometry(1, 2, "lru"));
  t.allocate(L(0));
  t.allocate(L(1), /*evict_first=*/true);
  t.touch(L(1));  // reused after all
  EXPECT_EQ(t.allocate(L(2)).line_addr, L(0));
}

TEST(SectorTags, InvalidWaysAreFilledBeforeAnythingIsEvicted) {
  SectorTags t(geometry(1, 4, "random"));
  for (uint64_t i = 0; i < 4; ++i) EXPECT_FALSE(t.allocate(L(i)).valid);
  t.invalidate(L(1));
  EXPECT_FALSE(t.allocate(L(9)).valid);  // takes the hole, evicts nobody
  EXPECT_TRUE(t.allocate(L(10)).valid);
}

// --- dirty data and invalidation -----------------------------------------------------------

TEST(SectorTags, EvictionReturnsTheVictimsDirtySectors) {
  SectorTags t(geometry(1, 1));
  t.allocate(L(0));
  t.fill(L(0), 0b1111);
  t.mark_dirty(L(0), 0b0101);
  const auto v = t.allocate(L(1));
  EXPECT_TRUE(v.valid);
  EXPECT_EQ(v.line_addr, L(0));
  EXPECT_EQ(v.dirty_mask, 0b0101u);
  // A clean victim is still reported (valid) but has nothing to write back.
  const auto clean = t.allocate(L(2));
  EXPECT_TRUE(clean.valid);
  EXPECT_EQ(clean.line_addr, L(1));
  EXPECT_EQ(clean.dirty_mask, 0u);
}

TEST(SectorTags, MarkDirtyAlsoMakesSectorsValid) {
  // A write of whole sectors needs no fetch: the written sectors become valid and dirty.
  SectorTags t(geometry(4, 2));
  t.allocate(0x1000);
  t.mark_dirty(0x1000, 0b1000);
  EXPECT_EQ(t.probe(0x1000, 0b1000).outcome, Outcome::hit);
  EXPECT_EQ(t.probe(0x1000, 0b0001).outcome, Outcome::sector_miss);
}

TEST(SectorTags, DirtyFillIsReturnedByInvalidate) {
  SectorTags t(geometry(4, 2));
  t.allocate(0x1000);
  t.fill(0x1000, 0b0011, /*dirty=*/true);
  t.fill(0x1000, 0b1100);
  const auto v = t.invalidate(0x1000);
  EXPECT_TRUE(v.valid);
  EXPECT_EQ(v.line_addr, 0x1000u);
  EXPECT_EQ(v.dirty_mask, 0b0011u);
  EXPECT_EQ(t.probe(0x1000, 0b0001).outcome, Outcome::miss);
  EXPECT_FALSE(t.invalidate(0x1000).valid);  // already gone
}

TEST(SectorTags, InvalidateAllWritesBackDirtyLinesOnlyAndEmptiesTheCache) {
  SectorTags t(geometry(4, 2));
  t.allocate(0x0000);
  t.fill(0x0000, 0b1111);  // clean: no write-back
  t.allocate(0x0080);
  t.mark_dirty(0x0080, 0b0010);
  t.allocate(0x0400);
  t.mark_dirty(0x0400, 0b1001);
  std::set<std::pair<uint64_t, uint32_t>> written;
  t.invalidate_all([&](uint64_t line, uint32_t dirty) { written.insert({line, dirty}); });
  const std::set<std::pair<uint64_t, uint32_t>> expected{{0x0080, 0b0010}, {0x0400, 0b1001}};
  EXPECT_EQ(written, expected);
  for (uint64_t a : {0x0000, 0x0080, 0x0400}) EXPECT_EQ(t.probe(a, 1).outcome, Outcome::miss);
  // And the cache works again afterwards.
  t.allocate(0x0400);
  t.fill(0x0400, 0b0001);
  EXPECT_EQ(t.probe(0x0400, 0b0001).outcome, Outcome::hit);
}

// --- geometry ------------------------------------------------------------------------------

std::string error_of(const SectorTagsParams& p) {
  try {
    SectorTags t(p);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(SectorTags, AcceptsVoltaLikeGeometries) {
  SectorTagsParams l1 = geometry(1, 4);
  l1.size_bytes = 128 * 1024;  // 256 sets
  EXPECT_EQ(SectorTags(l1).sets(), 256u);
  SectorTagsParams l2 = geometry(1, 16, "lru", "xor");
  l2.size_bytes = 96 * 1024;  // 48 sets: not a power of two
  EXPECT_NE(error_of(l2), "");
  l2.size_bytes = 128 * 1024;
  EXPECT_EQ(SectorTags(l2).sets(), 64u);
}

TEST(SectorTags, RejectsInvalidGeometry) {
  auto p = geometry(4, 2);
  p.size_bytes = 3 * 2 * kLine;  // 3 sets
  EXPECT_NE(error_of(p).find("power of two"), std::string::npos);
  p = geometry(4, 2);
  p.size_bytes += kLine;  // not a multiple of line * ways
  EXPECT_NE(error_of(p).find("multiple"), std::string::npos);
  p = geometry(4, 2);
  p.size_bytes = 0;
  EXPECT_NE(error_of(p), "");
  p = geometry(4, 2);
  p.line_bytes = 96;
  p.size_bytes = 4 * 2 * 96;
  EXPECT_NE(error_of(p).find("line_bytes"), std::string::npos);
  p = geometry(4, 2);
  p.sector_bytes = 24;
  EXPECT_NE(error_of(p).find("sector_bytes"), std::string::npos);
  p = geometry(4, 2);
  p.sector_bytes = 256;  // larger than the line
  EXPECT_NE(error_of(p).find("sector_bytes"), std::string::npos);
  p = geometry(4, 2);
  p.line_bytes = 2048;  // 64 sectors of 32 B
  p.size_bytes = 4 * 2 * 2048;
  EXPECT_NE(error_of(p).find("32 sectors"), std::string::npos);
  p = geometry(4, 2);
  p.ways = 0;
  EXPECT_NE(error_of(p).find("ways"), std::string::npos);
}

TEST(SectorTags, ThirtyTwoSectorsIsTheLimit) {
  auto p = geometry(4, 2);
  p.line_bytes = 1024;
  p.size_bytes = 4 * 2 * 1024;
  SectorTags t(p);
  EXPECT_EQ(t.sectors_per_line(), 32u);
  t.allocate(0);
  t.fill(0, ~0u);
  EXPECT_EQ(t.probe(0, ~0u).outcome, Outcome::hit);
}

TEST(SectorTags, UnknownPolicyNamesListTheKnownOnes) {
  const std::string replacement = error_of(geometry(4, 2, "plru"));
  EXPECT_NE(replacement.find("plru"), std::string::npos);
  for (const char* known : {"lru", "fifo", "random"})
    EXPECT_NE(replacement.find(known), std::string::npos);
  const std::string index = error_of(geometry(4, 2, "lru", "ipoly"));
  EXPECT_NE(index.find("ipoly"), std::string::npos);
  for (const char* known : {"linear", "xor"}) EXPECT_NE(index.find(known), std::string::npos);
}

// --- set index -----------------------------------------------------------------------------

TEST(SetIndex, LinearMapsConsecutiveLinesToConsecutiveSets) {
  SectorTags t(geometry(64, 4, "lru", "linear"));
  for (uint32_t i = 0; i < 64; ++i) EXPECT_EQ(t.set_of(uint64_t(i) * kLine), i);
  EXPECT_EQ(t.set_of(64 * kLine), 0u);  // wraps around
  EXPECT_EQ(t.set_of(t.line_of(5 * kLine + 17)), 5u);
}

// Distinct sets used by `count` lines spaced `stride` lines apart.
size_t distinct_sets(const SectorTags& t, uint64_t stride, uint64_t count) {
  std::set<uint32_t> sets;
  for (uint64_t k = 0; k < count; ++k) sets.insert(t.set_of(k * stride * kLine));
  return sets.size();
}

TEST(SetIndex, XorSpreadsAPowerOfTwoStrideThatLinearPutsInOneSet) {
  SectorTags linear(geometry(64, 4, "lru", "linear"));
  SectorTags hashed(geometry(64, 4, "lru", "xor"));
  EXPECT_EQ(distinct_sets(linear, 64, 64), 1u);
  EXPECT_EQ(distinct_sets(hashed, 64, 64), 64u);
  EXPECT_EQ(distinct_sets(linear, 128, 64), 1u);
  EXPECT_EQ(distinct_sets(hashed, 128, 64),
            64u);  // the carry into the next field fills the odd sets
}

TEST(SetIndex, XorStillSpreadsConsecutiveLines) {
  SectorTags hashed(geometry(64, 4, "lru", "xor"));
  EXPECT_EQ(distinct_sets(hashed, 1, 64), 64u);
  for (uint64_t line = 0; line < 100000; line += 37) EXPECT_LT(hashed.set_of(line * kLine), 64u);
}

TEST(SetIndex, XorAvoidsConflictMissesOnAStride) {
  // Eight lines 64 lines apart in a 64-set, 4-way cache: linear thrashes one set, xor keeps all.
  auto misses_on_second_pass = [](const std::string& index) {
    SectorTags t(geometry(64, 4, "lru", index));
    for (uint64_t k = 0; k < 8; ++k) t.allocate(k * 64 * kLine);
    int misses = 0;
    for (uint64_t k = 0; k < 8; ++k) misses += t.probe(k * 64 * kLine, 1).outcome == Outcome::miss;
    return misses;
  };
  EXPECT_EQ(misses_on_second_pass("linear"), 4);
  EXPECT_EQ(misses_on_second_pass("xor"), 0);
}

TEST(SetIndex, OneSetAlwaysMapsToSetZero) {
  for (const char* name : {"linear", "xor"}) {
    const auto hash = SetIndexHashRegistry::instance().create(name, 1);
    for (uint64_t line : {uint64_t(0), uint64_t(1), uint64_t(12345), ~uint64_t(0)}) {
      EXPECT_EQ(hash->set_of(line), 0u) << name;
    }
  }
}

}  // namespace
}  // namespace warpsim
