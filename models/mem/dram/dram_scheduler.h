// Which queued request a DRAM channel serves next (Ramulator 2's IScheduler): an interface plus
// one file per policy, each registered by name and picked by `dram.scheduler`. The channel owns
// timing and bank state; a scheduler only ranks what the channel tells it is issuable.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/engine/registry.h"

namespace warpsim {

enum class DramCommand : uint8_t { ACT, PRE, RD, WR, REFpb, REFab };
constexpr int kDramCommands = 6;

// One queued request as the channel sees it this cycle.
struct DramCandidate {
  uint64_t seq = 0;            // arrival order (smaller = older)
  uint16_t bank = 0;           // flat bank index in the channel
  DramCommand command = DramCommand::ACT;  // the next command this request needs
  bool is_write = false;
  bool ready = false;          // that command meets every timing constraint this cycle
  bool oldest_in_bank = false; // no older queued request targets the same bank
};

// Positions in the candidate list: the column command (RD/WR) and the row command (ACT/PRE) to
// issue this cycle, -1 for none. On a single command bus the channel issues only one of them
// (the column command when both are given).
struct DramPick {
  int column = -1;
  int row = -1;
};

class DramScheduler {
 public:
  virtual ~DramScheduler() = default;
  // `candidates` holds the requests that can be served next (the oldest of each class per bank,
  // in no particular order: `seq` says which is older); `reads` and `writes` count every queued
  // request. Called once per cycle in which anything is queued.
  virtual DramPick pick(const std::vector<DramCandidate>& candidates, uint32_t reads,
                        uint32_t writes) = 0;
};

// Factory arguments: the write-drain watermarks, in queued writes: writes are served in a batch
// once `drain_high` are queued, until `drain_low` remain (policies without batches ignore them).
using DramSchedulerRegistry = Registry<DramScheduler, uint32_t, uint32_t>;

}  // namespace warpsim
