// The engine's contract (DESIGN.md §3): exact clock edges, sleeping components cost nothing,
// channels carry latency and capacity, and same-cycle delivery order is deterministic.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "sim/engine/channel.h"
#include "sim/engine/clock_edges.h"
#include "sim/engine/engine.h"

namespace warpsim {
namespace {

TEST(ClockEdges, EdgeIsCeilingOfExactPeriodMultiple) {
  ClockEdges c(1'132'000'000);
  EXPECT_EQ(c.edge(0), 0u);
  EXPECT_EQ(c.edge(1), 884u);      // 883.39 ps rounds up
  EXPECT_EQ(c.edge(1132), 1'000'000u);  // exactly 1 us: no accumulated rounding
  for (uint64_t k : {1ull, 2ull, 999ull, 123456789ull}) {
    EXPECT_EQ(c.first_edge_at_or_after(c.edge(k)), k);
    EXPECT_EQ(c.first_edge_at_or_after(c.edge(k) + 1), k + 1);
  }
}

// Edge times are computed in 64 bits while k * 1e12 fits and in 128 bits beyond: both sides of
// the switch give the exact ceiling.
TEST(ClockEdges, ExactOnBothSidesOfTheNarrowArithmeticLimit) {
  __extension__ typedef unsigned __int128 Wide;
  for (uint64_t f : {1'132'000'000ull, 877'000'000ull, 1'000'000'000'000ull, 1ull}) {
    ClockEdges c(f);
    for (uint64_t k = 18'446'740ull; k < 18'446'750ull; ++k) {
      const Wide exact = (Wide(k) * kPicosPerSecond + f - 1) / f;
      EXPECT_EQ(c.edge(k), uint64_t(exact)) << "f " << f << " k " << k;
    }
  }
}

TEST(ClockEdges, FirstEdgeExactOnBothSidesOfTheNarrowArithmeticLimit) {
  __extension__ typedef unsigned __int128 Wide;
  for (uint64_t f : {1'132'000'000ull, 877'000'000ull, 1'000'000'000'000ull, 1ull}) {
    ClockEdges c(f);
    const uint64_t limit = UINT64_MAX / f + 1;  // (t - 1) * f overflows 64 bits from t = limit + 1
    for (uint64_t t = limit - 3; t < limit + 4; ++t) {
      const uint64_t exact = uint64_t((Wide(t - 1) * f) / kPicosPerSecond + 1);
      EXPECT_EQ(c.first_edge_at_or_after(t), exact) << "f " << f << " t " << t;
    }
  }
}

// Counts its own ticks and stays active for `busy_cycles` ticks.
class Ticker : public Component {
 public:
  Ticker(std::string name, uint64_t busy_cycles) : Component(std::move(name)), left_(busy_cycles) {}
  bool evaluate(uint64_t cycle) override {
    ++ticks;
    last_cycle = cycle;
    return --left_ > 0;
  }
  void keep_busy(uint64_t cycles) { left_ = cycles; }
  uint64_t ticks = 0;
  uint64_t last_cycle = 0;

 private:
  uint64_t left_;
};

TEST(ClockDomain, TwoDomainsTickFloorOfTimeTimesFrequencyOver10ms) {
  Engine engine;
  ClockDomain& core = engine.add_domain("core", 1'132'000'000);
  ClockDomain& dram = engine.add_domain("dram", 850'000'000);
  const Picos t = 10'000'000'000ull;  // 10 ms
  const uint64_t core_ticks = t * 1132 / 1'000'000;   // floor(t * f) with t in seconds
  const uint64_t dram_ticks = t * 850 / 1'000'000;
  Ticker a("a", core_ticks), b("b", dram_ticks);
  core.add(a);
  dram.add(b);
  a.wake();
  b.wake();
  engine.run();
  EXPECT_EQ(a.ticks, 11'320'000u);
  EXPECT_EQ(b.ticks, 8'500'000u);
  // Every tick is on the exact edge; the last one strictly before 10 ms.
  EXPECT_LT(core.edges().edge(a.last_cycle), t);
  EXPECT_GE(core.edges().edge(a.last_cycle + 1), t);
  EXPECT_LT(dram.edges().edge(b.last_cycle), t);
  EXPECT_GE(dram.edges().edge(b.last_cycle + 1), t);
}

TEST(ClockDomain, IdleMillionCyclesCostsAlmostNoTicks) {
  Engine engine;
  ClockDomain& core = engine.add_domain("core", 1'000'000'000);
  Ticker a("a", 1);
  core.add(a);
  a.wake();
  engine.run();
  ASSERT_EQ(a.ticks, 1u);
  // Sleep for 1,000,000 cycles, then wake for 5 cycles.
  a.keep_busy(5);
  a.wake_at(core.edges().edge(1'000'000));
  engine.run();
  EXPECT_EQ(a.ticks, 6u);
  EXPECT_EQ(a.last_cycle, 1'000'004u);
  EXPECT_LE(core.ticks(), 8u);
}

// Sleeps after each tick and wakes itself `gaps[i]` cycles later; records the cycles it ran.
class Sleeper : public Component {
 public:
  Sleeper(std::string name, std::vector<uint64_t> gaps) : Component(std::move(name)), gaps_(std::move(gaps)) {}
  bool evaluate(uint64_t cycle) override {
    cycles.push_back(cycle);
    if (next_ < gaps_.size()) wake_at(domain()->edges().edge(cycle + gaps_[next_++]));
    return false;
  }
  std::vector<uint64_t> cycles;

 private:
  std::vector<uint64_t> gaps_;
  size_t next_ = 0;
};

TEST(ClockDomain, TimedWakesNearAndFarRunAtTheirEdges) {
  // Gaps on both sides of the timing wheel's reach (1024 edges) and far beyond it, for several
  // components at once, so that wheel buckets and the heap behind them both serve wakes, and
  // wakes move from the heap into the wheel as the clock approaches them.
  Engine engine;
  ClockDomain& core = engine.add_domain("core", 1'000'000'000);
  const std::vector<uint64_t> gaps_a = {1, 2, 1023, 1024, 1025, 5000, 3, 70'000, 1};
  const std::vector<uint64_t> gaps_b = {2048, 1, 1024, 999, 100'000, 7};
  const std::vector<uint64_t> gaps_c = {1, 1, 1, 1, 2047, 1, 64, 63, 65};
  Sleeper a("a", gaps_a), b("b", gaps_b), c("c", gaps_c);
  for (Sleeper* s : {&a, &b, &c}) {
    core.add(*s);
    s->wake();
  }
  engine.run();
  auto expected = [](const std::vector<uint64_t>& gaps) {
    std::vector<uint64_t> at = {0};
    for (uint64_t g : gaps) at.push_back(at.back() + g);
    return at;
  };
  EXPECT_EQ(a.cycles, expected(gaps_a));
  EXPECT_EQ(b.cycles, expected(gaps_b));
  EXPECT_EQ(c.cycles, expected(gaps_c));
  // Only the edges with a wake were ticked.
  std::vector<uint64_t> all;
  for (Sleeper* s : {&a, &b, &c}) all.insert(all.end(), s->cycles.begin(), s->cycles.end());
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  EXPECT_EQ(core.ticks(), all.size());
}

// Evaluates while it has work; commits only when it asked for a commit phase.
class Committer : public Component {
 public:
  Committer(std::string name, bool with_commit) : Component(std::move(name)) {
    if (with_commit) uses_commit_phase();
  }
  bool evaluate(uint64_t) override { return --left_ > 0; }
  void commit(uint64_t) override { ++commits; }
  int commits = 0;

 private:
  int left_ = 3;
};

TEST(ClockDomain, CommitPhaseRunsForComponentsThatUseIt) {
  Engine engine;
  ClockDomain& core = engine.add_domain("core", 1'000'000'000);
  Committer with("with", true), without("without", false);
  core.add(with);
  core.add(without);
  with.wake();
  without.wake();
  engine.run();
  EXPECT_EQ(with.commits, 3);  // once per evaluated cycle
  EXPECT_EQ(without.commits, 0);
}

struct Msg {
  int producer;
  int seq;
};

class Producer : public Component {
 public:
  Producer(std::string name, int id, Channel<Msg>& out, int count)
      : Component(std::move(name)), id_(id), out_(out), left_(count) {}
  bool evaluate(uint64_t) override {
    if (left_ > 0 && out_.can_push()) {
      out_.push({id_, sent++});
      --left_;
    } else if (left_ > 0) {
      ++blocked_cycles;
    }
    return left_ > 0;
  }
  int sent = 0;
  int blocked_cycles = 0;

 private:
  int id_;
  Channel<Msg>& out_;
  int left_;
};

class Consumer : public Component {
 public:
  Consumer(std::string name, Channel<Msg>& in, int per_cycle)
      : Component(std::move(name)), in_(in), per_cycle_(per_cycle) {}
  bool evaluate(uint64_t cycle) override {
    for (int i = 0; i < per_cycle_ && in_.ready(now()); ++i) {
      received.push_back(in_.pop(now()));
      cycles.push_back(cycle);
    }
    return !in_.empty();
  }
  std::vector<Msg> received;
  std::vector<uint64_t> cycles;

 private:
  Channel<Msg>& in_;
  int per_cycle_;
};

TEST(Channel, DeliversAfterLatencyCycles) {
  Engine engine;
  ClockDomain& core = engine.add_domain("core", 1'000'000'000);
  Channel<Msg> ch("ch", core, 7, 16);
  Producer p("p", 0, ch, 3);
  Consumer c("c", ch, 4);
  ch.connect_consumer(c);
  core.add(p);
  core.add(c);
  p.wake();
  engine.run();
  ASSERT_EQ(c.received.size(), 3u);
  EXPECT_EQ(c.cycles, (std::vector<uint64_t>{7, 8, 9}));
}

TEST(Channel, CapacityBackPressuresProducer) {
  Engine engine;
  ClockDomain& core = engine.add_domain("core", 1'000'000'000);
  // Two slots and a 4-cycle latency: at most two messages per 5 cycles (a slot freed by a pop is
  // reusable the cycle after).
  Channel<Msg> ch("ch", core, 4, 2);
  Producer p("p", 0, ch, 10);
  Consumer c("c", ch, 1);
  ch.connect_consumer(c);
  core.add(p);
  core.add(c);
  p.wake();
  engine.run();
  ASSERT_EQ(c.received.size(), 10u);
  EXPECT_GT(p.blocked_cycles, 0);
  EXPECT_EQ(c.cycles, (std::vector<uint64_t>{4, 5, 9, 10, 14, 15, 19, 20, 24, 25}));
  for (size_t i = 0; i < c.received.size(); ++i) EXPECT_EQ(c.received[i].seq, int(i));
}

// A producer that sleeps while its channel is full (instead of polling can_push) is woken by the
// pop that makes room, in time for the same schedule as a polling producer.
class SleepingProducer : public Component {
 public:
  SleepingProducer(Channel<Msg>& out, int count) : Component("sp"), out_(out), left_(count) {}
  bool evaluate(uint64_t) override {
    ++evaluations;
    if (left_ > 0 && out_.can_push()) {
      out_.push({0, sent++});
      --left_;
    }
    return left_ > 0 && out_.can_push();
  }
  int sent = 0;
  int evaluations = 0;

 private:
  Channel<Msg>& out_;
  int left_;
};

TEST(Channel, PopFromAFullChannelWakesItsProducer) {
  Engine engine;
  ClockDomain& core = engine.add_domain("core", 1'000'000'000);
  Channel<Msg> ch("ch", core, 4, 2);
  SleepingProducer p(ch, 10);
  Consumer c("c", ch, 1);
  ch.connect_consumer(c);
  ch.connect_producer(p);
  core.add(p);
  core.add(c);
  p.wake();
  engine.run();
  ASSERT_EQ(c.received.size(), 10u);
  EXPECT_EQ(c.cycles, (std::vector<uint64_t>{4, 5, 9, 10, 14, 15, 19, 20, 24, 25}));
  EXPECT_LE(p.evaluations, 12);  // once per push and wake, not once per cycle
}

TEST(Channel, FullChannelRefusesPush) {
  Engine engine;
  ClockDomain& core = engine.add_domain("core", 1'000'000'000);
  Channel<Msg> ch("ch", core, 1, 1);
  EXPECT_TRUE(ch.can_push());
  ch.push({0, 0});
  EXPECT_FALSE(ch.can_push());
  EXPECT_THROW(ch.push({0, 1}), std::logic_error);
}

// A slot freed by a pop is reusable only from the next cycle: the channel then refuses a push
// but is not full, which tells a producer to retry next cycle rather than sleep until a pop that
// may never come.
TEST(Channel, SlotFreedThisCycleIsNotFull) {
  Engine engine;
  ClockDomain& core = engine.add_domain("core", 1'000'000'000);
  Channel<Msg> ch("ch", core, 1, 2);
  ch.push({0, 0});
  ch.push({0, 1});
  EXPECT_TRUE(ch.full());
  ch.pop(core.now());
  EXPECT_FALSE(ch.can_push());
  EXPECT_FALSE(ch.full());
}

// Two producers push into one channel in the same cycle; the order seen by the consumer is the
// domain's fixed tick order, whichever order the components were woken in.
std::vector<int> delivery_order(bool wake_second_first) {
  Engine engine;
  ClockDomain& core = engine.add_domain("core", 1'000'000'000);
  Channel<Msg> ch("ch", core, 2, 64);
  Producer p0("p0", 0, ch, 3), p1("p1", 1, ch, 3);
  Consumer c("c", ch, 8);
  ch.connect_consumer(c);
  core.add(p0);
  core.add(p1);
  core.add(c);
  if (wake_second_first) {
    p1.wake();
    p0.wake();
  } else {
    p0.wake();
    p1.wake();
  }
  engine.run();
  std::vector<int> order;
  for (const Msg& m : c.received) order.push_back(m.producer * 10 + m.seq);
  return order;
}

TEST(Channel, SameCycleDeliveryOrderIsDeterministic) {
  const std::vector<int> expected{0, 10, 1, 11, 2, 12};
  EXPECT_EQ(delivery_order(false), expected);
}

TEST(Channel, SameCycleDeliveryOrderIgnoresWakeOrder) {
  EXPECT_EQ(delivery_order(true), (std::vector<int>{0, 10, 1, 11, 2, 12}));
}

TEST(Channel, CrossDomainMessageWakesSleepingConsumer) {
  Engine engine;
  ClockDomain& core = engine.add_domain("core", 1'132'000'000);
  ClockDomain& dram = engine.add_domain("dram", 850'000'000);
  Channel<Msg> ch("ch", core, 3, 4);
  Producer p("p", 0, ch, 1);
  Consumer c("c", ch, 1);
  ch.connect_consumer(c);
  core.add(p);
  dram.add(c);
  p.wake();
  engine.run();
  ASSERT_EQ(c.received.size(), 1u);
  // Ready at core edge 3 (2651 ps); the first dram edge at or after it is edge 3 (3530 ps).
  EXPECT_EQ(c.cycles[0], dram.edges().first_edge_at_or_after(core.edges().edge(3)));
}

class Thrower : public Component {
 public:
  Thrower() : Component("thrower") {}
  bool evaluate(uint64_t cycle) override {
    if (cycle == 5) throw std::runtime_error("boom");
    return true;
  }
};

TEST(Engine, ExceptionInTickIsRethrownFromRun) {
  Engine engine;
  ClockDomain& core = engine.add_domain("core", 1'000'000'000);
  Thrower t;
  core.add(t);
  t.wake();
  EXPECT_THROW(engine.run(), std::runtime_error);
}

TEST(Engine, RunStopsAtTimeLimitWithWorkPending) {
  Engine engine;
  ClockDomain& core = engine.add_domain("core", 1'000'000'000);
  Ticker a("a", 1'000'000);
  core.add(a);
  a.wake();
  EXPECT_FALSE(engine.run(core.edges().edge(100)));
  EXPECT_EQ(a.ticks, 100u);
}

}  // namespace
}  // namespace warpsim
