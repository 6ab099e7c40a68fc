// The SIMT core's parameters, read once from the config (`core.*`, and the SM's shared memory,
// `shmem.*`, which the core's shared-memory port times and the CTA dispatcher allocates).
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "isa/warp_stream.h"
#include "models/core/instruction_fetch.h"
#include "models/core/op_timing.h"
#include "models/core/operand_collector.h"
#include "models/core/warp_scheduler.h"

namespace warpsim {

class Config;

// Stall categories of a scheduler cycle (DESIGN.md §7): each cycle is exactly one of these.
enum class SchedCycle : uint8_t {
  issued,
  stall_mem,      // the best candidate waits for a memory result
  stall_dep,      // ... for an ALU result (scoreboard)
  stall_barrier,  // ... at a CTA barrier
  stall_pipe,     // ... for a busy execution unit or a full memory queue
  stall_fetch,    // ... for an instruction (an instruction-cache miss)
  stall_bank,     // ... for an operand collector, all held by bank conflicts
  idle,           // no warp resident on this scheduler
  count_
};
const char* sched_cycle_name(SchedCycle c);

struct CoreParams {
  static constexpr uint32_t kMaxIssueWidth = 4;
  uint32_t num_schedulers = 4;
  uint32_t issue_width = 1;  // instructions per sub-core per cycle, each from another warp
  uint32_t max_warps = 64;
  uint32_t max_threads = 2048;
  uint32_t max_ctas = 32;
  uint32_t registers = 65536;
  uint32_t register_alloc_unit = 256;
  uint32_t shared_bytes = 98304;      // shmem.carveout_bytes: the occupancy limit
  uint32_t shared_alloc_unit = 256;
  uint32_t cta_launch_interval = 1;
  std::string scheduler = "gto";
  WarpSchedulerParams scheduler_params;
  OpTiming timing;  // ALU latency, issue interval and pipe per class and per opcode
  uint32_t param_load_latency = 8;
  uint32_t max_loads_in_flight = 0;  // per warp; 0: unbounded
  OperandCollectorParams regfile;
  InstructionFetchParams fetch;

  // Shared memory: load-to-use latency when conflict-free, and its banks.
  uint32_t shared_latency = 24;
  uint32_t shared_banks = 32;
  uint32_t shared_bank_bytes = 4;
  // The L1's coalescing geometry (l1d.line_bytes, l1d.sector_bytes): the core coalesces a warp's
  // access into lines before handing it to the L1.
  uint32_t line_bytes = 128;
  uint32_t sector_bytes = 32;

  static CoreParams from_config(const Config& cfg);
};

}  // namespace warpsim
