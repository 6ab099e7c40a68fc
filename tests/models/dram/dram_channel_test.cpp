// The DRAM channel's timing, to the cycle, on a small standard with round numbers; then the
// measured efficiency of streams on the V100 HBM2 table.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "models/mem/address_map.h"
#include "models/mem/dram/dram_channel.h"
#include "sim/config/config.h"
#include "sim/engine/engine.h"
#include "sim/error.h"

namespace warpsim {
namespace {

// Distinct round numbers, so a latency names the timings it is made of.
DramStandard test_standard() {
  DramStandard s;
  s.name = "TEST";
  s.bank_groups = 2;
  s.banks_per_group = 2;
  s.rows = 1024;
  s.columns = 16;
  s.bus_bytes = 16;
  s.burst_length = 2;  // one clock of data bus per burst
  s.beats_per_clock = 2;
  s.dual_command_bus = false;
  s.tRCD = 10;
  s.tCL = 20;
  s.tRP = 30;
  s.tRAS = 40;
  s.tRC = 70;
  s.tWL = 5;
  s.tWR = 15;
  s.tWTR_S = 4;
  s.tWTR_L = 6;
  s.tRTP = 3;
  s.tCCD_S = 1;
  s.tCCD_L = 2;
  s.tRRD_S = 2;
  s.tRRD_L = 3;
  s.tFAW = 20;
  s.tRFC = 200;
  s.tRFCpb = 100;
  s.tREFI = 100000;
  return s;
}
constexpr uint64_t kBL = 1;  // burst clocks of test_standard()

DramChannelParams params(DramStandard s = test_standard(), std::string refresh = "none") {
  DramChannelParams p;
  p.standard = std::move(s);
  p.refresh = std::move(refresh);
  return p;
}

DramRequest rd(uint32_t group, uint32_t bank, uint32_t row, uint32_t col = 0) {
  DramRequest r;
  r.bank_group = uint8_t(group);
  r.bank = uint8_t(bank);
  r.row = row;
  r.column = col;
  return r;
}
DramRequest wr(uint32_t group, uint32_t bank, uint32_t row, uint32_t col = 0) {
  DramRequest r = rd(group, bank, row, col);
  r.is_write = true;
  return r;
}

// Plays a script of requests (each sent at or after its cycle, in order per port) and records
// the cycle each reply arrives. Replies are only taken from `take_replies_from` on.
class Client : public Component {
 public:
  struct Reply {
    uint32_t token;
    bool is_write;
    uint64_t cycle;
  };
  Client(std::string name, std::vector<Channel<DramRequest>*> out,
         std::vector<Channel<DramRequest>*> in)
      : Component(std::move(name)), out_(std::move(out)), in_(std::move(in)), next_(out_.size(), 0),
        script_(out_.size()) {}

  // Returns the token.
  uint32_t send(uint64_t cycle, DramRequest r, uint32_t port = 0) {
    r.token = tokens_++;
    r.source = uint16_t(port);
    auto& s = script_[port];  // kept sorted by cycle, in call order for equal cycles
    auto at = std::upper_bound(s.begin() + long(next_[port]), s.end(), cycle,
                               [](uint64_t c, const auto& e) { return c < e.first; });
    s.insert(at, {cycle, r});
    return r.token;
  }
  uint64_t take_replies_from = 0;
  std::vector<Reply> replies;
  uint64_t arrival(uint32_t token) const {
    for (const Reply& r : replies) {
      if (r.token == token) return r.cycle;
    }
    return ~uint64_t(0);
  }

  bool evaluate(uint64_t cycle) override {
    bool more = false;
    uint64_t next_send = ~uint64_t(0);
    for (size_t p = 0; p < out_.size(); ++p) {
      auto& s = script_[p];
      while (next_[p] < s.size() && s[next_[p]].first <= cycle && out_[p]->can_push()) {
        out_[p]->push(s[next_[p]++].second);
      }
      if (next_[p] < s.size()) {
        if (s[next_[p]].first <= cycle) more = true;  // blocked: retry next cycle
        next_send = std::min(next_send, s[next_[p]].first);
      }
    }
    for (auto* ch : in_) {
      while (cycle >= take_replies_from && ch->ready(now())) {
        const DramRequest r = ch->pop(now());
        replies.push_back({r.token, r.is_write, cycle});
      }
      if (!ch->empty()) more = true;
    }
    if (!more && next_send != ~uint64_t(0)) wake_at(domain()->edges().edge(next_send));
    return more;
  }

 private:
  std::vector<Channel<DramRequest>*> out_;
  std::vector<Channel<DramRequest>*> in_;
  std::vector<size_t> next_;
  std::vector<std::vector<std::pair<uint64_t, DramRequest>>> script_;
  uint32_t tokens_ = 0;
};

// One DRAM channel at 1 GHz with `ports` clients behind one Client; every link has latency 1.
struct Rig {
  explicit Rig(const DramChannelParams& p, uint32_t ports = 1, uint32_t reply_capacity = 64,
               uint32_t request_capacity = 64)
      : dom(engine.add_domain("dram", 1'000'000'000)) {
    std::vector<Channel<DramRequest>*> out, in;
    for (uint32_t i = 0; i < ports; ++i) {
      req.push_back(std::make_unique<Channel<DramRequest>>("req", dom, 1, request_capacity));
      rsp.push_back(std::make_unique<Channel<DramRequest>>("rsp", dom, 1, reply_capacity));
      out.push_back(req.back().get());
      in.push_back(rsp.back().get());
    }
    client = std::make_unique<Client>("client", out, in);
    for (auto& ch : rsp) ch->connect_consumer(*client);
    dram = std::make_unique<DramChannel>("dram[0]", p, counters, out, in);
    dom.add(*client);
    dom.add(*dram);
  }
  void run() {
    client->wake();
    engine.run();
  }
  uint64_t count(const char* name) const { return *counters.value("dram[0]", name); }

  Engine engine;
  ClockDomain& dom;
  stats::CounterRegistry counters;
  std::vector<std::unique_ptr<Channel<DramRequest>>> req, rsp;
  std::unique_ptr<Client> client;
  std::unique_ptr<DramChannel> dram;
};

// Sent at s: visible to the channel at s+1 (link), accepted then, first command at s+2; the
// reply is pushed when the data has crossed the bus and seen by the client one cycle later.
constexpr uint64_t kLinks = 1 + 1 + 1;  // request link, accept-to-schedule, reply link

TEST(DramChannel, IdleBankReadIsAcceptPlusRcdPlusClPlusBurst) {
  Rig rig(params());
  const uint32_t t = rig.client->send(0, rd(0, 0, 5));
  rig.run();
  const DramStandard s = test_standard();
  EXPECT_EQ(rig.client->arrival(t), kLinks + s.tRCD + s.tCL + kBL);  // 34
  EXPECT_EQ(rig.count("read_latency_sum"), 1 + s.tRCD + s.tCL + kBL);  // accept to data
  EXPECT_EQ(rig.count("activates"), 1u);
  EXPECT_EQ(rig.count("row_misses"), 1u);
  EXPECT_EQ(rig.count("bytes"), 32u);
  EXPECT_EQ(rig.count("bus_busy_cycles"), kBL);
  EXPECT_TRUE(rig.dram->idle());
}

TEST(DramChannel, RowHitMissAndConflictLatencies) {
  Rig rig(params());
  const uint32_t miss = rig.client->send(0, rd(0, 0, 5, 0));
  const uint32_t hit = rig.client->send(100, rd(0, 0, 5, 1));
  const uint32_t conflict = rig.client->send(200, rd(0, 0, 7, 0));
  rig.run();
  const DramStandard s = test_standard();
  EXPECT_EQ(rig.client->arrival(miss) - 0, kLinks + s.tRCD + s.tCL + kBL);
  EXPECT_EQ(rig.client->arrival(hit) - 100, kLinks + s.tCL + kBL);
  EXPECT_EQ(rig.client->arrival(conflict) - 200, kLinks + s.tRP + s.tRCD + s.tCL + kBL);
  EXPECT_EQ(rig.count("row_hits"), 1u);
  EXPECT_EQ(rig.count("row_misses"), 1u);
  EXPECT_EQ(rig.count("row_conflicts"), 1u);
  EXPECT_EQ(rig.count("precharges"), 1u);
  EXPECT_EQ(rig.count("activates"), 2u);
}

// A conflict right after the activate waits for tRAS before its precharge.
TEST(DramChannel, PrechargeWaitsForTras) {
  Rig rig(params());
  rig.client->send(0, rd(0, 0, 5));
  const uint32_t conflict = rig.client->send(1, rd(0, 0, 7));
  rig.run();
  const DramStandard s = test_standard();
  const uint64_t act = 2;  // first ACT
  EXPECT_EQ(rig.client->arrival(conflict), act + s.tRAS + s.tRP + s.tRCD + s.tCL + kBL + 1);
}

// Open rows in two bank groups, then a stream of hits: one burst per clock alternating groups
// (tCCD_S), one per tCCD_L within a group.
void streaming_hits(bool one_group) {
  Rig rig(params());
  rig.client->send(0, rd(0, 0, 3));
  rig.client->send(0, rd(1, 0, 3));
  std::vector<uint32_t> tokens;
  for (uint32_t i = 0; i < 32; ++i) {
    tokens.push_back(rig.client->send(100 + i, rd(one_group ? 0 : i % 2, 0, 3, i % 16)));
  }
  rig.run();
  const uint64_t first = rig.client->arrival(tokens.front());
  const uint64_t last = rig.client->arrival(tokens.back());
  const DramStandard s = test_standard();
  EXPECT_EQ(first, 100 + kLinks + s.tCL + kBL);
  if (one_group) {
    EXPECT_EQ(last - first, 31u * s.tCCD_L) << "same bank group: tCCD_L apart";
  } else {
    EXPECT_EQ(last - first, 31u * s.tCCD_S) << "alternating groups: peak, one burst per clock";
  }
  EXPECT_EQ(rig.count("row_hits"), 32u);
  EXPECT_EQ(rig.count("bus_busy_cycles"), 34u);
}
TEST(DramChannel, StreamingHitsAcrossBankGroupsReachOneBurstPerClock) { streaming_hits(false); }
TEST(DramChannel, StreamingHitsWithinOneBankGroupAreTccdLApart) { streaming_hits(true); }

DramStandard four_groups() {
  DramStandard s = test_standard();
  s.bank_groups = 4;
  s.banks_per_group = 2;
  s.dual_command_bus = true;
  return s;
}

// Eight row misses to eight banks of four groups: ACTs tRRD_S apart, the fifth held by tFAW.
TEST(DramChannel, TfawLimitsActivations) {
  const DramStandard s = four_groups();
  Rig rig(params(s));
  std::vector<uint32_t> t;
  for (uint32_t i = 0; i < 8; ++i) t.push_back(rig.client->send(i, rd(i % 4, i / 4, 1)));
  rig.run();
  const uint64_t expected_act[] = {2, 4, 6, 8, 22, 24, 26, 28};  // +tRRD_S; 5th = 1st + tFAW
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(rig.client->arrival(t[i]), expected_act[i] + s.tRCD + s.tCL + kBL + 1) << i;
  }
}

// Two banks of one group: ACTs tRRD_L apart.
TEST(DramChannel, TrrdLSpacesActivationsInOneGroup) {
  const DramStandard s = four_groups();
  Rig rig(params(s));
  const uint32_t a = rig.client->send(0, rd(0, 0, 1));
  const uint32_t b = rig.client->send(0, rd(0, 1, 1));
  rig.run();
  EXPECT_EQ(rig.client->arrival(b) - rig.client->arrival(a), s.tRRD_L);
}

// Younger row hit vs older conflict in one bank, both queued while tRAS still holds the row:
// FR-FCFS serves the hit first, FCFS keeps arrival order.
void younger_hit_vs_older_conflict(const char* sched) {
  {
    DramChannelParams p = params();
    p.scheduler = sched;
    Rig rig(p);
    rig.client->send(0, rd(0, 0, 1, 0));
    const uint32_t older_conflict = rig.client->send(5, rd(0, 0, 2, 0));
    const uint32_t younger_hit = rig.client->send(6, rd(0, 0, 1, 1));
    rig.run();
    const bool hit_first = rig.client->arrival(younger_hit) < rig.client->arrival(older_conflict);
    EXPECT_EQ(hit_first, std::string(sched) == "frfcfs") << sched;
    const DramStandard s = test_standard();
    if (hit_first) {
      // RD tCCD_L after the first read's (ACT 2 + tRCD), data tCL + burst later.
      EXPECT_EQ(rig.client->arrival(younger_hit), 2 + s.tRCD + s.tCCD_L + s.tCL + kBL + 1);
      EXPECT_EQ(rig.count("row_hits"), 1u);
    } else {
      EXPECT_EQ(rig.count("row_conflicts"), 2u);  // the hit found its row closed by then
    }
  }
}

TEST(DramChannel, FrFcfsServesYoungerHitFirst) { younger_hit_vs_older_conflict("frfcfs"); }
TEST(DramChannel, FcfsKeepsArrivalOrderInABank) { younger_hit_vs_older_conflict("fcfs"); }

void page_policy(const char* policy) {
  {
    DramChannelParams p = params();
    p.page_policy = policy;
    Rig rig(p);
    rig.client->send(0, rd(0, 0, 1, 0));
    const uint32_t later = rig.client->send(200, rd(0, 0, 1, 1));
    rig.run();
    const DramStandard s = test_standard();
    if (std::string(policy) == "closed") {
      EXPECT_EQ(rig.count("precharges"), 2u);
      EXPECT_EQ(rig.count("row_misses"), 2u);
      EXPECT_EQ(rig.client->arrival(later) - 200, kLinks + s.tRCD + s.tCL + kBL);
    } else {
      EXPECT_EQ(rig.count("precharges"), 0u);
      EXPECT_EQ(rig.count("row_hits"), 1u);
      EXPECT_EQ(rig.client->arrival(later) - 200, kLinks + s.tCL + kBL);
    }
  }
}

TEST(DramChannel, ClosedPagePolicyPrechargesAfterTheAccess) { page_policy("closed"); }
TEST(DramChannel, OpenPagePolicyKeepsTheRowOpen) { page_policy("open"); }

// A read issued after a write to another bank group waits tWL + burst + tWTR_S after the WR;
// the write's ack comes tWL + burst after it.
TEST(DramChannel, WriteToReadTurnaround) {
  DramChannelParams p = params();
  p.scheduler = "fcfs";
  Rig rig(p, 2);
  rig.client->send(0, rd(0, 0, 1));
  rig.client->send(0, rd(1, 0, 1), 1);
  const uint32_t w = rig.client->send(100, wr(0, 0, 1), 0);
  const uint32_t r = rig.client->send(100, rd(1, 0, 1, 1), 1);
  rig.run();
  const DramStandard s = test_standard();
  const uint64_t wr_cmd = 102;
  EXPECT_EQ(rig.client->arrival(w), wr_cmd + s.tWL + kBL + 1);
  EXPECT_EQ(rig.client->arrival(r), wr_cmd + s.tWL + kBL + s.tWTR_S + s.tCL + kBL + 1);
  EXPECT_EQ(rig.count("writes"), 1u);
}

// Replies wait in the channel while the client does not take them: none lost, order kept, and
// a full queue leaves requests in the input link.
TEST(DramChannel, BackPressureDelaysButNeverDrops) {
  DramChannelParams p = params();
  p.queue_entries = 2;
  Rig rig(p, 1, /*reply_capacity=*/1, /*request_capacity=*/2);
  rig.client->take_replies_from = 500;
  for (uint32_t i = 0; i < 10; ++i) rig.client->send(0, rd(i % 2, 0, 1, i));
  rig.run();
  ASSERT_EQ(rig.client->replies.size(), 10u);
  EXPECT_GE(rig.client->replies.front().cycle, 500u);
  EXPECT_GT(rig.count("queue_full_cycles"), 0u);
  EXPECT_EQ(rig.count("reads"), 10u);
  EXPECT_TRUE(rig.dram->idle());
}

// Reads and writes wait in queues of their own: eight writes fill the write queue without taking
// the read queue's one entry, and only a second read finds its queue full.
TEST(DramChannel, ReadsAndWritesHaveQueuesOfTheirOwn) {
  DramChannelParams p = params();
  p.queue_entries = 1;
  p.write_queue_entries = 8;
  Rig rig(p, 2);
  for (uint32_t i = 0; i < 8; ++i) rig.client->send(0, wr(i % 2, 0, 1, i), 0);
  rig.client->send(0, rd(1, 1, 2, 0), 1);
  rig.run();
  EXPECT_EQ(rig.count("queue_full_cycles"), 0u);
  EXPECT_EQ(rig.count("writes"), 8u);
  EXPECT_EQ(rig.count("reads"), 1u);
}

// FR-FCFS serves reads first until `write_drain_high` writes are queued: four writes queued
// with reads behind them go first only when four reach the watermark.
uint32_t first_reply_kind_is_write(uint32_t drain_high) {
  DramChannelParams p = params();
  p.write_drain_high = drain_high;
  p.write_drain_low = 0;
  Rig rig(p, 2);
  for (uint32_t i = 0; i < 4; ++i) rig.client->send(0, wr(i % 2, 0, 1, i), 0);
  for (uint32_t i = 0; i < 4; ++i) rig.client->send(3, rd(i % 2, 1, 2, i), 1);
  rig.run();
  return rig.client->replies.front().is_write ? 1 : 0;
}
TEST(DramChannel, WritesWaitBelowTheDrainWatermark) { EXPECT_EQ(first_reply_kind_is_write(8), 0u); }
TEST(DramChannel, WritesDrainFirstAtTheWatermark) { EXPECT_EQ(first_reply_kind_is_write(4), 1u); }

TEST(DramChannel, ASecondReadWaitsForTheOneReadEntry) {
  DramChannelParams p = params();
  p.queue_entries = 1;
  p.write_queue_entries = 8;
  Rig rig(p, 2);
  rig.client->send(0, rd(1, 1, 2, 0), 0);
  rig.client->send(0, rd(1, 1, 2, 1), 1);
  rig.run();
  EXPECT_GT(rig.count("queue_full_cycles"), 0u);
  EXPECT_EQ(rig.count("reads"), 2u);
}

// Per-bank refresh: a read to the bank being refreshed waits tRFCpb; refreshes over a busy
// stretch of N cycles number N / (tREFI / banks), within one.
TEST(DramChannel, PerBankRefreshCostsTrfcpbOnItsBankOnly) {
  DramStandard s = test_standard();
  s.tREFI = 4000;  // 4 banks: a REFpb every 1000 cycles, bank 0 first at 1000
  s.dual_command_bus = true;
  Rig rig(params(s, "per_bank"));
  for (uint64_t c = 0; c < 5000; c += 4) rig.client->send(c, rd(1, 1, 1, uint32_t(c / 4) % 16));
  const uint32_t blocked = rig.client->send(999, rd(0, 0, 1));
  rig.run();
  // REFpb(bank 0) at 1000; the read's ACT waits until 1000 + tRFCpb.
  EXPECT_EQ(rig.client->arrival(blocked), 1000 + s.tRFCpb + s.tRCD + s.tCL + kBL + 1);
  const uint64_t last = rig.dom.cycle();
  EXPECT_NEAR(double(rig.count("refreshes")), double(last / 1000), 1.0);
}

TEST(DramChannel, AllBankRefreshBlocksEveryBankForTrfc) {
  DramStandard s = test_standard();
  s.tREFI = 1000;
  s.dual_command_bus = true;
  Rig rig(params(s, "all_bank"));
  for (uint64_t c = 0; c < 5000; c += 4) rig.client->send(c, rd(0, 1, 1, uint32_t(c / 4) % 16));
  const uint32_t blocked = rig.client->send(999, rd(1, 0, 1));
  rig.run();
  // Bank (0,1) was read at 998: PRE at 998 + tRTP = 1001, REFab tRP later, ACT tRFC after that.
  const uint64_t refab = 998 + s.tRTP + s.tRP;
  EXPECT_EQ(rig.client->arrival(blocked), refab + s.tRFC + s.tRCD + s.tCL + kBL + 1);
  const uint64_t last = rig.dom.cycle();
  EXPECT_NEAR(double(rig.count("refreshes")), double(last / 1000), 1.0);
}

// An idle channel is not ticked; the refreshes of the idle stretch are counted when it wakes.
TEST(DramChannel, IdleChannelCostsNothingAndCatchesUpRefresh) {
  DramStandard s = test_standard();
  s.tREFI = 4000;
  Rig rig(params(s, "per_bank"));
  rig.client->send(0, rd(0, 0, 1));
  const uint32_t late = rig.client->send(1'000'000, rd(0, 0, 1, 1));
  rig.run();
  EXPECT_LT(rig.dom.evaluations(), 200u);
  EXPECT_NEAR(double(rig.count("refreshes")), 1'000'000 / 1000.0, 1.0);
  // Refresh closed the row: the late read is a miss, but its bank is long done refreshing.
  EXPECT_EQ(rig.client->arrival(late) - 1'000'000, kLinks + s.tRCD + s.tCL + kBL);
  EXPECT_EQ(rig.count("row_misses"), 2u);
}

// Two identical channels fed identical mixed traffic in one simulation give identical results.
TEST(DramChannel, Deterministic) {
  Engine engine;
  ClockDomain& dom = engine.add_domain("dram", 1'000'000'000);
  stats::CounterRegistry counters;
  std::vector<std::unique_ptr<Channel<DramRequest>>> links;
  std::vector<std::unique_ptr<Client>> clients;
  std::vector<std::unique_ptr<DramChannel>> drams;
  DramStandard s = test_standard();
  s.tREFI = 3000;
  for (int k = 0; k < 2; ++k) {
    std::vector<Channel<DramRequest>*> out, in;
    for (int p = 0; p < 2; ++p) {
      links.push_back(std::make_unique<Channel<DramRequest>>("req", dom, 1, 4));
      out.push_back(links.back().get());
      links.push_back(std::make_unique<Channel<DramRequest>>("rsp", dom, 1, 2));
      in.push_back(links.back().get());
    }
    clients.push_back(std::make_unique<Client>("client", out, in));
    for (auto* ch : in) ch->connect_consumer(*clients.back());
    drams.push_back(std::make_unique<DramChannel>("dram[" + std::to_string(k) + "]",
                                                  params(s, "per_bank"), counters, out, in));
    uint64_t x = 12345;
    for (uint32_t i = 0; i < 3000; ++i) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      DramRequest r = (x >> 60) & 1 ? wr(0, 0, 0) : rd(0, 0, 0);
      r.bank_group = uint8_t((x >> 50) & 1);
      r.bank = uint8_t((x >> 51) & 1);
      r.row = uint32_t((x >> 40) & 7);
      r.column = uint32_t((x >> 33) & 15);
      clients.back()->send(i / 2, r, uint32_t((x >> 20) & 1));
    }
    dom.add(*clients.back());
    dom.add(*drams.back());
    clients.back()->wake();
  }
  engine.run();
  ASSERT_EQ(clients[0]->replies.size(), 3000u);
  ASSERT_EQ(clients[1]->replies.size(), 3000u);
  for (size_t i = 0; i < 3000; ++i) {
    EXPECT_EQ(clients[0]->replies[i].token, clients[1]->replies[i].token);
    EXPECT_EQ(clients[0]->replies[i].cycle, clients[1]->replies[i].cycle);
  }
  for (const char* c : {"reads", "writes", "activates", "precharges", "refreshes", "row_hits",
                        "bus_busy_cycles", "read_latency_sum", "queue_full_cycles"}) {
    EXPECT_EQ(*counters.value("dram[0]", c), *counters.value("dram[1]", c)) << c;
  }
}

// --- HBM2 (V100) tables and streams --------------------------------------------------------

TEST(DramStandard, Hbm2TableIsAccelSimQv100) {
  const DramStandard s = DramStandard::load("HBM2", default_presets_dir());
  EXPECT_EQ(s.banks(), 16u);
  EXPECT_EQ(s.bank_groups, 4u);
  EXPECT_EQ(s.burst_bytes(), 32u);
  EXPECT_EQ(s.burst_clocks(), 1u);
  EXPECT_EQ(s.columns * s.burst_bytes(), 2048u);
  const uint32_t want[] = {12, 12, 28, 40, 12, 2, 10, 3, 1, 2, 3};
  const uint32_t got[] = {s.tRCD, s.tRP, s.tRAS, s.tRC, s.tCL, s.tWL, s.tWR, s.tWTR_S, s.tCCD_S, s.tCCD_L, s.tRRD_S};
  for (size_t i = 0; i < std::size(want); ++i) EXPECT_EQ(got[i], want[i]) << i;
  EXPECT_EQ(s.tRTP, 3u);
  EXPECT_EQ(s.tREFI, 3315u);  // 3.9 us at 850 MHz
  for (const char* name : {"HBM2e", "HBM3", "GDDR6"}) {
    EXPECT_NO_THROW(DramStandard::load(name, default_presets_dir())) << name;
  }
}

// Sequential 32 B sectors through `map`, the part that lands on channel 0, as fast as the
// channel takes them from its two sub-partitions. Returns bus utilisation over the stream.
double stream_efficiency(const std::string& map, bool write, const std::string& refresh,
                         uint32_t sectors = 1u << 15) {
  const DramStandard s = DramStandard::load("HBM2", default_presets_dir());
  const AddressMap am = AddressMap::make(map, 32, 2, "xor", s);
  DramChannelParams p = params(s, refresh);
  Rig rig(p, 2, 64, 8);
  uint32_t sent = 0;
  for (uint64_t a = 0; sent < sectors; a += 32) {
    const DramCoord c = am.decode(a);
    if (c.channel != 0) continue;
    DramRequest r = write ? wr(c.bank_group, c.bank, c.row, c.column) : rd(c.bank_group, c.bank, c.row, c.column);
    rig.client->send(0, r, c.subpartition);
    ++sent;
  }
  rig.run();
  uint64_t last = 0;
  for (const auto& r : rig.client->replies) last = std::max(last, r.cycle);
  const double eff = double(rig.count("bus_busy_cycles")) / double(last);
  std::printf("HBM2 %s stream, map %s, refresh %s: %u sectors in %llu cycles, bus %.1f %%, "
              "row hits %llu, refreshes %llu\n",
              write ? "write" : "read", map.c_str(), refresh.c_str(), sectors,
              (unsigned long long)last, 100 * eff, (unsigned long long)rig.count("row_hits"),
              (unsigned long long)rig.count("refreshes"));
  return eff;
}

// base.yaml's map with one more column bit (HBM2 rows are 64 bursts): a row is walked by one
// bank group, so a 64-entry queue sees one group and streams at tCCD_L.
const char* kBaseMap = "RRRRRRRRRRRRRRRR.BB.GG.CCCC.HHHHH.P.CC.SSSSS";
// Bank-group bits just above the channel bits: consecutive lines of a channel alternate groups.
const char* kGroupLowMap = "RRRRRRRRRRRRRRRR.BB.CCCC.GG.HHHHH.P.CC.SSSSS";

TEST(DramStream, Hbm2SequentialReadsBaseMap) {
  const double eff = stream_efficiency(kBaseMap, false, "per_bank");
  EXPECT_GT(eff, 0.45);
  RecordProperty("efficiency_pct", int(eff * 1000));
}
TEST(DramStream, Hbm2SequentialReadsGroupInterleavedMapNoRefresh) {
  EXPECT_GT(stream_efficiency(kGroupLowMap, false, "none"), 0.95);
}
TEST(DramStream, Hbm2SequentialReadsGroupInterleavedMap) {
  EXPECT_GT(stream_efficiency(kGroupLowMap, false, "per_bank"), 0.90);
}
TEST(DramStream, Hbm2SequentialWritesGroupInterleavedMap) {
  const double eff = stream_efficiency(kGroupLowMap, true, "per_bank");
  EXPECT_GT(eff, 0.90);
}
TEST(DramStream, Hbm2SequentialReadsAllBankRefresh) {
  const double eff = stream_efficiency(kGroupLowMap, false, "all_bank");
  EXPECT_GT(eff, 0.85);
}

// --- Configuration ----------------------------------------------------------------------------

DramChannelParams load(std::vector<std::string> sets) {
  const Config cfg = Config::load({"v100"}, sets, default_presets_dir());
  return DramChannelParams::from_config(cfg, default_presets_dir());
}

void expect_input_error(std::vector<std::string> sets, const std::string& needle) {
  try {
    load(sets);
    ADD_FAILURE() << "no error for " << sets.front();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST(DramConfig, LoadsTheStandardAndAppliesOverrides) {
  DramChannelParams p = load({"dram.timing.tCL=14", "dram.scheduler=fcfs"});
  EXPECT_EQ(p.standard.name, "HBM2");
  EXPECT_EQ(p.standard.tCL, 14u);
  EXPECT_EQ(p.standard.tRCD, 12u);  // -1 keeps the table's
  EXPECT_EQ(p.scheduler, "fcfs");
}

TEST(DramConfig, BadValuesAreInputErrorsNamingTheKey) {
  expect_input_error({"dram.standard=FOO"}, "dram.standard: unknown DRAM standard 'FOO' (known: GDDR6, HBM2");
  expect_input_error({"dram.timing.tRC=10"}, "tRC = 10 < tRAS + tRP");
  expect_input_error({"dram.scheduler=fifo"}, "dram.scheduler");
  expect_input_error({"dram.page_policy=ajar"}, "dram.page_policy");
  expect_input_error({"dram.refresh=sometimes"}, "dram.refresh");
}

}  // namespace
}  // namespace warpsim
