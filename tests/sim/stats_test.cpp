// Counter registry, snapshots and deltas, counter tables and the sampler
// (sim/stats/counter_registry.h).
#include <gtest/gtest.h>

#include <cctype>
#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/stats/counter_registry.h"
#include "sim/stats/grouped_sort.h"

namespace warpsim::stats {
namespace {

std::vector<std::string> keys(const Snapshot& s) {
  std::vector<std::string> out;
  for (const CounterValue& v : s) out.push_back(v.location + "/" + v.name);
  return out;
}

TEST(CounterRegistry, RegisterIncrementAndRead) {
  CounterRegistry reg;
  Counter& hits = reg.counter("l2[17]", "hits");
  ++hits;
  hits += 4;
  hits.add();
  hits.add(2);
  EXPECT_EQ(hits.value(), 8u);
  EXPECT_EQ(reg.value("l2[17]", "hits"), 8u);
  EXPECT_EQ(reg.value("l2[17]", "misses"), std::nullopt);
  EXPECT_EQ(reg.find("l2[17]", "misses"), nullptr);
  EXPECT_EQ(reg.find("l2[17]", "hits"), &hits);
  hits.set(3);
  EXPECT_EQ(reg.value("l2[17]", "hits"), 3u);
}

TEST(CounterRegistry, CounterIsAHandleNotAValue) {
  // `auto c = reg.counter(...)` would silently count into a copy; it must not compile.
  static_assert(!std::is_copy_constructible_v<Counter>);
  static_assert(!std::is_copy_assignable_v<Counter>);
}

TEST(CounterRegistry, SameKeyTwiceReturnsSameCounter) {
  CounterRegistry reg;
  Counter& a = reg.counter("sm[3].sched[1]", "stall_mem");
  Counter& b = reg.counter("sm[3].sched[1]", "stall_mem");
  EXPECT_EQ(&a, &b);
  EXPECT_EQ(reg.size(), 1u);
  Counter& other_name = reg.counter("sm[3].sched[1]", "stall_dep");
  Counter& other_location = reg.counter("sm[3].sched[0]", "stall_mem");
  EXPECT_NE(&a, &other_name);
  EXPECT_NE(&a, &other_location);
  EXPECT_EQ(reg.size(), 3u);
}

TEST(CounterRegistry, HandlesStayValidWhileManyMoreAreRegistered) {
  CounterRegistry reg;
  Counter& first = reg.counter("gpu", "warp_insts");
  first += 7;
  std::vector<Counter*> all;
  for (int i = 0; i < 10000; ++i) all.push_back(&reg.counter("sm[" + std::to_string(i) + "]", "x"));
  EXPECT_EQ(&reg.counter("gpu", "warp_insts"), &first);
  EXPECT_EQ(first.value(), 7u);
  for (int i = 0; i < 10000; ++i)
    EXPECT_EQ(&reg.counter("sm[" + std::to_string(i) + "]", "x"), all[i]);
}

TEST(CounterRegistry, SnapshotIsSortedByLocationThenNameNaturally) {
  CounterRegistry reg;
  reg.counter("sm[10]", "issued");
  reg.counter("sm[2]", "issued");
  reg.counter("sm[2].sched[1]", "stall_mem");
  reg.counter("sm[2].sched[0]", "stall_mem");
  reg.counter("gpu", "warp_insts");
  reg.counter("gpu", "cycles");
  reg.counter("l2[17]", "hits");
  reg.counter("l2[9]", "hits");
  EXPECT_EQ(keys(reg.snapshot()),
            (std::vector<std::string>{"gpu/cycles", "gpu/warp_insts", "l2[9]/hits", "l2[17]/hits",
                                      "sm[2]/issued", "sm[2].sched[0]/stall_mem",
                                      "sm[2].sched[1]/stall_mem", "sm[10]/issued"}));
}

TEST(CounterRegistry, OrderHoldsWhenALocationComesBackAndAfterLateRegistrations) {
  CounterRegistry reg;
  reg.counter("sm[1]", "b");
  reg.counter("gpu", "cycles");
  reg.counter("sm[1]", "a");  // sm[1] again, after another location
  EXPECT_EQ(keys(reg.snapshot()), (std::vector<std::string>{"gpu/cycles", "sm[1]/a", "sm[1]/b"}));
  reg.counter("sm[0]", "z");  // registered after a snapshot: the next one includes it, in order
  reg.counter("gpu", "cycles");
  EXPECT_EQ(keys(reg.snapshot()),
            (std::vector<std::string>{"gpu/cycles", "sm[0]/z", "sm[1]/a", "sm[1]/b"}));
  EXPECT_EQ(reg.size(), 4u);
}

TEST(GroupedOrder, SortsByGroupLocationNameAndKeepsEqualRowsInArrivalOrder) {
  struct Row {
    int group;
    std::string location, name;
  };
  const std::vector<Row> rows = {{1, "sm[10]", "b"}, {0, "sm[2]", "x"}, {1, "sm[10]", "a"},
                                 {0, "gpu", "y"},    {1, "sm[2]", "a"}, {0, "sm[2]", "a"},
                                 {1, "sm[10]", "a"}};
  const std::vector<uint32_t> order = grouped_order(
      rows.size(), [&](uint32_t i) { return int64_t{rows[i].group}; },
      [&](uint32_t i) { return std::string_view(rows[i].location); },
      [&](uint32_t i) { return std::string_view(rows[i].name); }, std::less<std::string_view>(),
      std::less<std::string_view>());
  // Byte order puts "sm[10]" before "sm[2]"; the two equal rows (2, 6) keep their order.
  EXPECT_EQ(order, (std::vector<uint32_t>{3, 5, 1, 2, 6, 0, 4}));
  const std::vector<uint32_t> natural = grouped_order(
      rows.size(), [&](uint32_t i) { return int64_t{rows[i].group}; },
      [&](uint32_t i) { return std::string_view(rows[i].location); },
      [&](uint32_t i) { return std::string_view(rows[i].name); }, natural_less, natural_less);
  EXPECT_EQ(natural, (std::vector<uint32_t>{3, 5, 1, 4, 2, 6, 0}));
}

TEST(CounterRegistry, NaturalOrder) {
  EXPECT_TRUE(natural_less("sm[2]", "sm[10]"));
  EXPECT_FALSE(natural_less("sm[10]", "sm[2]"));
  EXPECT_TRUE(natural_less("a", "b"));
  EXPECT_TRUE(natural_less("l2", "l2[0]"));
  EXPECT_TRUE(natural_less("x9y", "x10a"));
  EXPECT_FALSE(natural_less("same", "same"));
  // Numerically equal but different strings still have one order (total order for std::map).
  EXPECT_NE(natural_less("n01", "n1"), natural_less("n1", "n01"));
}

// Against a plain token-by-token reference: digit runs by numeric value (then spelling), other
// bytes as themselves, on random names full of shared prefixes and digit runs.
TEST(NaturalOrder, MatchesTokenReference) {
  auto tokens = [](const std::string& s) {
    std::vector<std::pair<bool, std::string>> out;  // (digit run, text)
    for (size_t i = 0; i < s.size();) {
      size_t e = i + 1;
      const bool digits = std::isdigit(static_cast<unsigned char>(s[i])) != 0;
      while (digits && e < s.size() && std::isdigit(static_cast<unsigned char>(s[e]))) ++e;
      out.push_back({digits, s.substr(i, e - i)});
      i = e;
    }
    return out;
  };
  auto reference = [&](const std::string& a, const std::string& b) {
    const auto ta = tokens(a), tb = tokens(b);
    for (size_t k = 0; k < ta.size() && k < tb.size(); ++k) {
      if (ta[k].first && tb[k].first) {
        auto strip = [](const std::string& d) {
          const size_t nz = d.find_first_not_of('0');
          return nz == std::string::npos ? std::string("0") : d.substr(nz);
        };
        const std::string x = strip(ta[k].second), y = strip(tb[k].second);
        if (x.size() != y.size()) return x.size() < y.size();
        if (x != y) return x < y;
        continue;
      }
      const unsigned char x = static_cast<unsigned char>(ta[k].second[0]);
      const unsigned char y = static_cast<unsigned char>(tb[k].second[0]);
      if (x != y) return x < y;
    }
    if (ta.size() != tb.size()) return ta.size() < tb.size();
    return a < b;  // numerically equal spellings ("01" vs "1"): byte order
  };
  std::mt19937 rng(11);
  const std::string alphabet = "ab01239[].";
  auto random_name = [&] {
    std::string s = "sm[1";
    const size_t n = rng() % 8;
    for (size_t i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
    return s;
  };
  for (int i = 0; i < 20000; ++i) {
    const std::string a = random_name(), b = random_name();
    EXPECT_EQ(natural_less(a, b), reference(a, b)) << a << " vs " << b;
  }
}

TEST(CounterRegistry, SnapshotCarriesValuesAndResetZeroes) {
  CounterRegistry reg;
  Counter& a = reg.counter("gpu", "cycles");
  Counter& b = reg.counter("l1d", "hits");
  a += 100;
  b += 5;
  Snapshot s = reg.snapshot();
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].value, 100u);
  EXPECT_EQ(s[1].value, 5u);
  reg.reset();
  EXPECT_EQ(a.value(), 0u);
  EXPECT_EQ(b.value(), 0u);
  ++a;  // handles still work after reset
  EXPECT_EQ(reg.value("gpu", "cycles"), 1u);
  EXPECT_EQ(s[0].value, 100u);  // a snapshot is a copy
}

TEST(CounterRegistry, DeltaGivesPerKernelCounts) {
  CounterRegistry reg;
  Counter& insts = reg.counter("gpu", "warp_insts");
  insts += 10;
  Snapshot start = reg.snapshot();  // before kernel 1
  insts += 32;
  Counter& late = reg.counter("sm[1]", "issued");  // first registered during kernel 1
  late += 4;
  Snapshot end = reg.snapshot();
  Snapshot d = delta(start, end);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].location, "gpu");
  EXPECT_EQ(d[0].value, 32u);
  EXPECT_EQ(d[1].location, "sm[1]");
  EXPECT_EQ(d[1].value, 4u);
  EXPECT_EQ(delta(Snapshot{}, end)[0].value, 42u);  // run totals: delta from nothing
}

TEST(CounterRegistry, DeltaOfCounterThatWentDownTreatsItAsReset) {
  CounterRegistry reg;
  Counter& c = reg.counter("gpu", "cycles");
  c += 50;
  Snapshot before = reg.snapshot();
  reg.reset();
  c += 7;
  EXPECT_EQ(delta(before, reg.snapshot())[0].value, 7u);
}

TEST(CounterTable, HoldsCountersAndDerivedMetricsInOrder) {
  CounterRegistry reg;
  reg.counter("gpu", "cycles") += 200;
  reg.counter("gpu", "warp_insts") += 300;
  CounterTable table = to_table(reg.snapshot());
  table[{"gpu", "ipc"}] = table[{"gpu", "warp_insts"}] / table[{"gpu", "cycles"}];
  std::vector<CounterRow> rows = to_rows(2, table);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].name, "cycles");
  EXPECT_EQ(rows[1].name, "ipc");
  EXPECT_DOUBLE_EQ(rows[1].value, 1.5);
  EXPECT_EQ(rows[2].name, "warp_insts");
  for (const CounterRow& r : rows) EXPECT_EQ(r.kernel_seq, 2);

  std::vector<CounterRow> raw = to_rows(0, reg.snapshot());
  ASSERT_EQ(raw.size(), 2u);
  EXPECT_EQ(raw[1].location, "gpu");
  EXPECT_DOUBLE_EQ(raw[1].value, 300.0);
}

TEST(Sampler, RecordsValuesAtIntervalMultiples) {
  CounterRegistry reg;
  Counter& insts = reg.counter("gpu", "warp_insts");
  Counter& hits = reg.counter("l2[0]", "hits");
  Sampler sampler(reg, 100);
  for (uint64_t cycle = 1; cycle <= 250; ++cycle) {
    ++insts;
    if (cycle % 2 == 0) ++hits;
    sampler.maybe_sample(cycle);
  }
  const std::vector<SampleRow>& rows = sampler.rows();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].cycle, 100u);
  EXPECT_EQ(rows[0].location, "gpu");
  EXPECT_DOUBLE_EQ(rows[0].value, 100.0);
  EXPECT_EQ(rows[1].location, "l2[0]");
  EXPECT_DOUBLE_EQ(rows[1].value, 50.0);
  EXPECT_EQ(rows[2].cycle, 200u);
  EXPECT_DOUBLE_EQ(rows[2].value, 200.0);
  EXPECT_EQ(sampler.next_cycle(), 300u);
}

TEST(Sampler, DeltasFilterAndTake) {
  CounterRegistry reg;
  Counter& insts = reg.counter("gpu", "warp_insts");
  reg.counter("gpu", "cycles");
  insts += 1000;  // before the sampler: not part of the first delta
  Sampler sampler(
      reg, 10,
      [](const std::string&, const std::string& name) {
        return name == "warp_insts" || name == "issued";
      },
      Sampler::Mode::deltas);
  insts += 5;
  EXPECT_FALSE(sampler.due(9));
  EXPECT_TRUE(sampler.due(10));
  // Idle time skipped: the first call comes at 23, past the multiple 10; rows carry 23.
  EXPECT_TRUE(sampler.maybe_sample(23));
  EXPECT_FALSE(sampler.maybe_sample(29));
  Counter& late = reg.counter("sm[0]", "issued");  // registered after the sampler was made
  late += 2;
  insts += 3;
  EXPECT_TRUE(sampler.maybe_sample(30));
  std::vector<SampleRow> rows = sampler.take();
  EXPECT_TRUE(sampler.rows().empty());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].cycle, 23u);
  EXPECT_DOUBLE_EQ(rows[0].value, 5.0);
  EXPECT_EQ(rows[1].cycle, 30u);
  EXPECT_EQ(rows[1].name, "warp_insts");
  EXPECT_DOUBLE_EQ(rows[1].value, 3.0);
  EXPECT_EQ(rows[2].location, "sm[0]");
  EXPECT_DOUBLE_EQ(rows[2].value, 2.0);
}

TEST(Sampler, IntervalZeroNeverSamples) {
  CounterRegistry reg;
  reg.counter("gpu", "cycles");
  Sampler sampler(reg, 0);
  EXPECT_FALSE(sampler.due(0));
  EXPECT_FALSE(sampler.maybe_sample(1000000));
  EXPECT_TRUE(sampler.rows().empty());
  sampler.sample(5);  // explicit sampling still works (e.g. one final sample)
  EXPECT_EQ(sampler.rows().size(), 1u);
}

}  // namespace
}  // namespace warpsim::stats
