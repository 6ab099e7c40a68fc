// Warp scheduling policies on their own (models/core/*_scheduler.cpp): the order in which each
// tries a crafted set of warps, and how that order follows what issued.
#include "models/core/warp_scheduler.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace warpsim {
namespace {

std::unique_ptr<WarpScheduler> make(const std::string& name, uint32_t active = 8) {
  WarpSchedulerParams p;
  p.active_warps = active;
  return WarpSchedulerRegistry::instance().create(name, p);
}

WarpInst alu_inst() {
  WarpInst i;
  i.op_class = OpClass::fp32;
  return i;
}

WarpInst global_load() {
  WarpInst i;
  i.op_class = OpClass::load;
  i.space = MemSpace::global;
  return i;
}

// The warps the SM would try, in order: the preferred one, then the candidates from the start.
std::vector<uint32_t> tries(WarpScheduler& s, const std::vector<uint32_t>& warps) {
  std::vector<uint32_t> order;
  s.prioritize(warps, order);
  std::vector<uint32_t> out;
  const uint32_t pref = s.preferred();
  if (pref != WarpScheduler::kNoWarp) out.push_back(pref);
  const size_t n = s.candidates(order);
  const size_t start = s.first_index(order);
  for (size_t k = 0; k < n; ++k) {
    const uint32_t w = order[(start + k) % n];
    if (w != pref) out.push_back(w);
  }
  return out;
}

TEST(WarpScheduler, EveryPolicyIsRegistered) {
  for (const char* name : {"gto", "lrr", "oldest_first", "two_level"}) {
    EXPECT_TRUE(WarpSchedulerRegistry::instance().has(name)) << name;
  }
}

TEST(WarpScheduler, GtoPrefersTheLastIssuerThenTheOldest) {
  auto s = make("gto");
  const std::vector<uint32_t> warps = {4, 0, 8, 12};  // oldest first
  EXPECT_EQ(tries(*s, warps), (std::vector<uint32_t>{4, 0, 8, 12}));
  s->on_issue(8, alu_inst());
  EXPECT_EQ(tries(*s, warps), (std::vector<uint32_t>{8, 4, 0, 12}));
}

TEST(WarpScheduler, LrrStartsAfterTheLastIssuer) {
  auto s = make("lrr");
  const std::vector<uint32_t> warps = {4, 0, 8, 12};
  EXPECT_EQ(tries(*s, warps), (std::vector<uint32_t>{0, 4, 8, 12}));  // slot order
  s->on_issue(4, alu_inst());
  EXPECT_EQ(tries(*s, warps), (std::vector<uint32_t>{8, 12, 0, 4}));
  s->on_issue(12, alu_inst());
  EXPECT_EQ(tries(*s, warps), (std::vector<uint32_t>{0, 4, 8, 12}));
}

TEST(WarpScheduler, OldestFirstIgnoresWhatIssued) {
  auto s = make("oldest_first");
  const std::vector<uint32_t> warps = {4, 0, 8, 12};
  s->on_issue(8, alu_inst());
  EXPECT_EQ(tries(*s, warps), (std::vector<uint32_t>{4, 0, 8, 12}));
}

TEST(WarpScheduler, TwoLevelRotatesWithinItsActivePool) {
  auto s = make("two_level", 2);
  const std::vector<uint32_t> warps = {4, 0, 8, 12};
  EXPECT_EQ(tries(*s, warps), (std::vector<uint32_t>{4, 0}));  // the two oldest
  EXPECT_FALSE(s->on_issue(4, alu_inst()));
  EXPECT_EQ(tries(*s, warps), (std::vector<uint32_t>{0, 4}));
  EXPECT_FALSE(s->on_issue(8, alu_inst()));  // not in the pool: nothing changes
  EXPECT_EQ(tries(*s, warps), (std::vector<uint32_t>{0, 4}));
}

TEST(WarpScheduler, TwoLevelDemotesAWarpThatIssuesALongLatencyLoad) {
  auto s = make("two_level", 2);
  const std::vector<uint32_t> warps = {4, 0, 8, 12};
  tries(*s, warps);
  EXPECT_TRUE(s->on_issue(4, global_load()));  // 4 leaves; 8, the oldest pending, joins
  EXPECT_EQ(tries(*s, warps), (std::vector<uint32_t>{0, 8}));
  EXPECT_TRUE(s->on_issue(0, global_load()));  // 0 leaves; 12 joins; 4 and 0 wait in that order
  EXPECT_EQ(tries(*s, warps), (std::vector<uint32_t>{8, 12}));
  WarpInst shared = global_load();
  shared.space = MemSpace::shared;
  EXPECT_FALSE(s->on_issue(8, shared));  // a shared load is not long latency: 8 stays
  EXPECT_EQ(tries(*s, warps), (std::vector<uint32_t>{12, 8}));
  EXPECT_TRUE(s->on_issue(12, global_load()));
  EXPECT_EQ(tries(*s, warps), (std::vector<uint32_t>{8, 4}));
}

TEST(WarpScheduler, TwoLevelRefillsWhenWarpsExit) {
  auto s = make("two_level", 2);
  tries(*s, {4, 0, 8});
  EXPECT_EQ(tries(*s, {0, 8}), (std::vector<uint32_t>{0, 8}));  // 4 exited: 8 joins the pool
}

}  // namespace
}  // namespace warpsim
