// One DRAM channel and its memory controller, ticked on the DRAM command clock.
//
// Contract:
// - Requests (one burst each, already decoded to bank group/bank/row/column) arrive on
//   `from_clients`; each cycle the channel takes at most one from each client, round robin, while
//   its queue has room, and leaves the rest in the channel (back-pressure).
// - A request accepted in cycle a can have its first command issued from cycle a + 1. A scheduler
//   (registered by name, `dram.scheduler`) chooses among queued requests; every command obeys the
//   standard's timings (per bank tRCD tRAS tRP tRC tRTP tWR; per bank group tCCD_L tRRD_L tWTR_L;
//   per channel tCCD_S tRRD_S tFAW tWTR_S and the read-to-write bus turnaround).
// - A read's reply is pushed to to_clients[source] in the cycle its last data beat has crossed
//   the bus (RD + tCL + burst); a write's ack when its data has been written (WR + tWL + burst).
//   A full reply channel delays replies, in order per client, never drops them; a request keeps
//   its queue entry until its reply is pushed, so a stalled client back-pressures the channel.
// - Page policy open|closed; refresh per_bank (one REFpb every tREFI/banks, round robin), all_bank
//   (REFab every tREFI) or none. A refresh due while requests are queued is simulated; refreshes
//   that fall in an idle stretch are counted, and their effect (rows closed, a bank still
//   refreshing) applied, when the channel wakes, without ticking the idle cycles.
// - The channel sleeps (evaluate returns false) with nothing queued; it wakes itself only at the
//   cycle its next in-flight reply completes.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "models/mem/dram/dram_request.h"
#include "models/mem/dram/dram_scheduler.h"
#include "models/mem/dram/dram_standard.h"
#include "sim/engine/channel.h"
#include "sim/engine/component.h"
#include "sim/stats/counter_registry.h"

namespace warpsim {

class Config;

struct DramChannelParams {
  DramStandard standard;
  std::string scheduler = "frfcfs";
  std::string page_policy = "open";  // open | closed
  uint32_t queue_entries = 64;        // read queue
  uint32_t write_queue_entries = 64;  // write queue (drained in batches by the scheduler)
  uint32_t write_drain_high = 56;     // queued writes that start a write batch
  uint32_t write_drain_low = 32;      // ... and that end it
  std::string refresh = "per_bank";  // per_bank | all_bank | none
  uint32_t clock_mhz = 1000;         // clocks.dram_mhz, or the standard's own clock when that is 0

  // Reads the `dram:` section: the standard's table from `<presets_dir>/dram/`, then each
  // dram.timing.* that is not -1 overrides it. Errors are InputErrors at the offending key.
  static DramChannelParams from_config(const Config& cfg, const std::string& presets_dir);
  static const std::vector<std::string>& page_policies();
  static const std::vector<std::string>& refresh_modes();
};

class DramChannel : public Component {
 public:
  DramChannel(std::string name, const DramChannelParams& p, stats::CounterRegistry& counters,
              std::vector<Channel<DramRequest>*> from_clients,
              std::vector<Channel<DramRequest>*> to_clients);
  ~DramChannel() override;

  bool evaluate(uint64_t cycle) override;
  // Nothing queued, in flight or waiting for a full reply channel.
  bool idle() const { return used_ == 0; }

 private:
  enum class Scope : uint8_t { bank, group, channel };
  struct Rule {  // after `prev` at time t, `next` may not issue in `scope` before t + latency
    DramCommand prev;
    DramCommand next;
    Scope scope;
    uint32_t latency;
  };
  using ReadyTimes = std::array<uint64_t, kDramCommands>;
  struct Bank {
    int64_t open_row = -1;
    ReadyTimes ready{};
    // Unserved requests in the bank's queue by kind (read [0], write [1]), and how many of them
    // hit the open row: the scheduler's scan of the queue stops once it has seen every class
    // present, instead of walking the whole queue for a class that is not there.
    std::array<uint16_t, 2> queued{};
    std::array<uint16_t, 2> hits_queued{};
  };
  struct Slot {
    DramRequest req;
    uint64_t seq = 0;
    uint64_t accepted = 0;  // cycle
    uint64_t done = 0;      // cycle its data completes (once issued)
    bool classified = false;
  };
  struct Done {
    uint64_t cycle;
    uint64_t seq;
    uint16_t slot;
    bool operator>(const Done& o) const { return cycle != o.cycle ? cycle > o.cycle : seq > o.seq; }
  };

  void build_rules();
  void accept(uint64_t cycle);
  void catch_up_refresh(uint64_t cycle);
  bool refresh_step(uint64_t cycle, bool& row_bus_used);
  void schedule(uint64_t cycle, bool row_bus_used);
  void issue(DramCommand cmd, uint32_t bank, uint64_t t);
  bool ready(DramCommand cmd, uint32_t bank, uint64_t t) const;
  // The first cycle `cmd` may issue to `bank` under every timing rule.
  uint64_t ready_at(DramCommand cmd, uint32_t bank) const;
  bool faw_ok(uint64_t t) const;
  // Issues `cmd` for the request at index `pos` of bank `bank`'s queue.
  void serve(uint32_t bank, uint32_t pos, DramCommand cmd, uint64_t cycle);
  void complete(uint64_t cycle);
  // Bank `b`'s row becomes `row` (ACT) or closes (PRE), keeping Bank::hits_queued in step.
  void open_row(uint32_t b, int64_t row);
  void close_row(uint32_t b);
  uint32_t group_of(uint32_t bank) const { return bank / p_.standard.banks_per_group; }

  DramChannelParams p_;
  std::unique_ptr<DramScheduler> scheduler_;
  std::vector<Channel<DramRequest>*> from_;
  std::vector<Channel<DramRequest>*> to_;
  bool auto_precharge_;
  uint32_t refresh_interval_ = 0;  // clocks between two refresh commands, 0 = no refresh
  bool refresh_per_bank_ = true;

  std::vector<Rule> rules_by_prev_[kDramCommands];
  std::vector<Bank> banks_;
  std::vector<ReadyTimes> groups_;
  ReadyTimes chan_{};
  std::array<uint64_t, 4> act_window_{};  // times of the last four ACTs (tFAW), ring
  uint32_t act_count_ = 0;

  std::vector<Slot> slots_;
  std::vector<uint16_t> free_;
  uint32_t used_ = 0;
  std::array<uint32_t, 2> kind_used_{};  // slots held by reads [0] and writes [1]
  std::vector<std::vector<uint16_t>> bank_pending_;  // per bank: unserved slots, arrival order
  uint64_t nonempty_banks_ = 0;                      // bit per bank with a non-empty queue
  uint32_t pending_count_ = 0;                       // unserved slots in all banks
  // A bank's schedulable requests: the oldest of each class (read/write, row hit or not) in its
  // queue. They change only when the queue or the open row does, so each bank keeps its list
  // and rebuilds it then (bit in `stale_banks_`); only their timing is re-read every cycle.
  struct Listed {
    uint64_t seq = 0;
    uint16_t pos = 0;  // index in bank_pending_[bank]
    bool is_write = false;
    bool hit = false;
  };
  struct BankList {
    std::array<Listed, 4> entries;
    uint8_t count = 0;
  };
  void list_bank(uint32_t b);
  std::vector<BankList> bank_lists_;
  uint64_t stale_banks_ = ~uint64_t(0);
  std::vector<DramCandidate> candidates_;  // this cycle's, banks in index order
  std::vector<uint16_t> candidate_pos_;    // each one's index in its bank's queue
  std::vector<Done> in_flight_;    // min-heap on (cycle, seq)
  std::vector<std::deque<uint16_t>> replies_;  // per client, completed, waiting to be pushed
  uint32_t replies_waiting_ = 0;               // in all of replies_
  uint32_t reads_queued_ = 0, writes_queued_ = 0;
  uint64_t seq_ = 0;
  uint32_t rr_ = 0;

  // Refresh state.
  uint64_t refresh_due_ = 0;       // cycle the next refresh is due
  uint32_t refresh_bank_ = 0;      // per-bank: the bank it is for
  bool refresh_pending_ = false;   // due, not yet issued: blocks its bank(s)
  uint64_t last_cycle_ = 0;        // last evaluated cycle
  uint64_t idle_until_ = 0;        // no queued request can issue a command before this cycle
  bool evaluated_ = false;

  stats::Counter& reads_;
  stats::Counter& writes_;
  stats::Counter& activates_;
  stats::Counter& precharges_;
  stats::Counter& refreshes_;
  stats::Counter& row_hits_;
  stats::Counter& row_misses_;
  stats::Counter& row_conflicts_;
  stats::Counter& bytes_;
  stats::Counter& bus_busy_cycles_;
  stats::Counter& read_latency_sum_;
  stats::Counter& queue_full_cycles_;
  stats::Counter& active_cycles_;
};

}  // namespace warpsim
