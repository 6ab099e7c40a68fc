// FR-FCFS (Rixner et al., ISCA 2000): among issuable commands, row hits (column commands) first,
// then the oldest request. Reads go before writes so the bus rarely turns around; writes are
// drained in batches once they pass a high watermark, until a low one (`dram.write_drain_high`,
// `dram.write_drain_low`; Accel-Sim's -dram_write_queue_size 64:56:32).
#include "models/mem/dram/dram_scheduler.h"

namespace warpsim {
namespace {

class FrFcfsScheduler : public DramScheduler {
 public:
  FrFcfsScheduler(uint32_t drain_high, uint32_t drain_low) : high_(drain_high), low_(drain_low) {}

  DramPick pick(const std::vector<DramCandidate>& c, uint32_t reads, uint32_t writes) override {
    if (!draining_ && writes >= high_) draining_ = true;
    if (draining_ && writes <= low_ && reads > 0) draining_ = false;
    // Serve the favoured kind; the other only when none of the favoured kind is queued.
    const bool want_write = draining_ ? writes > 0 : reads == 0;

    // A PRE would close a row that a queued request of the served kind still hits: keep it open.
    uint64_t hit_pending = 0;  // bit per bank; DramStandard::check() caps banks at 64
    for (const DramCandidate& x : c) {
      if (x.is_write == want_write && (x.command == DramCommand::RD || x.command == DramCommand::WR)) {
        hit_pending |= uint64_t(1) << x.bank;
      }
    }
    DramPick p;
    for (int i = 0; i < static_cast<int>(c.size()); ++i) {
      const DramCandidate& x = c[i];
      if (!x.ready || x.is_write != want_write) continue;
      const bool column = x.command == DramCommand::RD || x.command == DramCommand::WR;
      if (column) {
        if (p.column < 0 || x.seq < c[p.column].seq) p.column = i;
      } else if (!(x.command == DramCommand::PRE && (hit_pending >> x.bank & 1) != 0)) {
        if (p.row < 0 || x.seq < c[p.row].seq) p.row = i;
      }
    }
    return p;
  }

 private:
  uint32_t high_;
  uint32_t low_;
  bool draining_ = false;
};

}  // namespace

WARPSIM_REGISTER(DramSchedulerRegistry, "frfcfs", [](uint32_t high, uint32_t low) {
  return std::unique_ptr<DramScheduler>(new FrFcfsScheduler(high, low));
});

}  // namespace warpsim
