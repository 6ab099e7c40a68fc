// FCFS: requests to a bank are served strictly in arrival order (a younger row hit never passes
// an older request to the same bank); across banks, the oldest request whose next command is
// issuable goes first, so bank-level parallelism is kept. No read/write preference.
#include "models/mem/dram/dram_scheduler.h"

namespace warpsim {
namespace {

class FcfsScheduler : public DramScheduler {
 public:
  DramPick pick(const std::vector<DramCandidate>& c, uint32_t, uint32_t) override {
    DramPick p;
    for (int i = 0; i < static_cast<int>(c.size()); ++i) {
      const DramCandidate& x = c[i];
      if (!x.ready || !x.oldest_in_bank) continue;
      const bool column = x.command == DramCommand::RD || x.command == DramCommand::WR;
      int& slot = column ? p.column : p.row;
      if (slot < 0 || x.seq < c[slot].seq) slot = i;
    }
    return p;
  }
};

}  // namespace

WARPSIM_REGISTER(DramSchedulerRegistry, "fcfs", [](uint32_t, uint32_t) {
  return std::unique_ptr<DramScheduler>(new FcfsScheduler());
});

}  // namespace warpsim
