#include "models/core/core_params.h"

#include "models/core/warp_scheduler.h"
#include "sim/config/config.h"

namespace warpsim {

const char* sched_cycle_name(SchedCycle c) {
  static const char* const kNames[] = {"issued",     "stall_mem",   "stall_dep",  "stall_barrier",
                                       "stall_pipe", "stall_fetch", "stall_bank", "idle"};
  return kNames[size_t(c)];
}

CoreParams CoreParams::from_config(const Config& cfg) {
  CoreParams p;
  auto u = [&](const std::string& key, int64_t lo, int64_t hi) {
    return uint32_t(cfg.get_int(key, lo, hi));
  };
  p.num_schedulers = u("core.num_schedulers", 1, 32);
  p.issue_width = u("core.issue_width", 1, CoreParams::kMaxIssueWidth);
  p.max_warps = u("core.max_warps", 1, 1024);
  p.max_threads = u("core.max_threads", 32, 32768);
  p.max_ctas = u("core.max_ctas", 1, 1024);
  p.registers = u("core.registers", 256, 1 << 24);
  p.register_alloc_unit = u("core.register_alloc_unit", 1, 65536);
  p.shared_bytes = u("shmem.carveout_bytes", 0, 1 << 26);
  p.shared_alloc_unit = u("core.shared_alloc_unit", 1, 65536);
  p.cta_launch_interval = u("core.cta_launch_interval", 1, 1 << 20);
  p.scheduler = cfg.get_choice("core.scheduler", WarpSchedulerRegistry::instance().names());
  p.scheduler_params.active_warps = u("core.active_warps", 1, 1024);

  p.timing = OpTiming::from_config(cfg);
  p.param_load_latency = u("core.latency.param_load", 1, 100000);
  p.max_loads_in_flight = u("core.max_loads_in_flight", 0, 1024);
  p.regfile = OperandCollectorParams::from_config(cfg);
  p.fetch = InstructionFetchParams::from_config(cfg);

  p.shared_latency = u("shmem.latency", 1, 100000);
  p.shared_banks = u("shmem.banks", 1, 64);
  p.shared_bank_bytes = u("shmem.bank_bytes", 1, 64);
  p.line_bytes = u("l1d.line_bytes", 1, 4096);
  p.sector_bytes = u("l1d.sector_bytes", 1, 4096);
  return p;
}

}  // namespace warpsim
