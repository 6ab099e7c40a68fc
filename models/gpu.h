// Builds a GPU from the config (clock domains, SIMT cores, CTA dispatcher, memory path, and the
// channels between them) and runs kernels on it one after another.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "isa/warp_stream.h"
#include "models/core/core_params.h"
#include "models/core/cta_dispatcher.h"
#include "models/core/simt_core.h"
#include "models/mem/fixed_latency_memory.h"
#include "sim/engine/channel.h"
#include "sim/engine/engine.h"
#include "sim/stats/counter_registry.h"

namespace warpsim {

class Config;

class Gpu {
 public:
  Gpu(const Config& cfg, Engine& engine, stats::CounterRegistry& counters);
  ~Gpu();

  struct KernelResult {
    uint64_t start_cycle = 0;
    uint64_t end_cycle = 0;  // exclusive: the kernel's cycles are [start, end)
    bool hit_cycle_limit = false;
  };
  // Runs `kernel` to completion, or until core cycle `max_cycle`. Throws InputError when a CTA
  // cannot fit an SM, DeadlockError when nothing issues for `sim.deadlock_cycles`.
  KernelResult run_kernel(KernelSource& kernel, uint64_t max_cycle);

  // Records a sample whenever the core clock passes a multiple of the sampler's interval.
  void set_sampler(stats::Sampler* sampler) { sampler_ = sampler; }

  const CoreParams& params() const { return params_; }
  uint32_t num_sms() const { return uint32_t(cores_.size()); }
  uint32_t num_schedulers() const { return params_.num_schedulers; }
  ClockDomain& core_domain() const { return *core_; }

 private:
  bool drained() const;
  [[noreturn]] void report_deadlock(const KernelSource& kernel, uint64_t cycle) const;

  CoreParams params_;
  Engine& engine_;
  ClockDomain* core_;
  uint64_t deadlock_cycles_;
  uint64_t launch_gap_;
  bool first_kernel_ = true;
  stats::Sampler* sampler_ = nullptr;
  std::vector<std::unique_ptr<Channel<CtaLaunch>>> cta_channels_;
  std::unique_ptr<Channel<CtaDone>> done_channel_;
  std::vector<std::unique_ptr<Channel<MemRequest>>> req_channels_;
  std::vector<std::unique_ptr<Channel<MemResponse>>> resp_channels_;
  std::unique_ptr<CtaDispatcher> dispatcher_;
  std::vector<std::unique_ptr<SimtCore>> cores_;
  std::unique_ptr<FixedLatencyMemory> memory_;
};

}  // namespace warpsim
