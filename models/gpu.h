// Builds a GPU from the config and runs kernels on it one after another. The memory path, as
// wired in the constructor:
//
//   SM: scheduler --WarpMemAccess--> L1 data cache --MemPacket--> request network (noc.req)
//   --> L2 slice --DramRequest--> DRAM channel --> L2 slice --> reply network (noc.reply)
//   --> L1 data cache --LsuResponse--> scheduler
//
// Each hop is a Channel with the hardware's latency and capacity; the clock domains are core
// (SMs, L1s), icnt (both networks), l2 (slices) and dram (channels).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "isa/warp_stream.h"
#include "models/core/core_params.h"
#include "models/core/cta_dispatcher.h"
#include "models/core/simt_core.h"
#include "models/mem/address_map.h"
#include "models/mem/dram/dram_channel.h"
#include "models/mem/l1_data_cache.h"
#include "models/mem/l2_slice.h"
#include "models/noc/network.h"
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
  uint32_t num_l2_slices() const { return uint32_t(slices_.size()); }
  uint32_t num_dram_channels() const { return uint32_t(drams_.size()); }
  // The DRAM command clock: clocks.dram_mhz, or the DRAM standard's own when that is 0.
  uint32_t dram_mhz() const { return dram_mhz_; }
  // A host-to-device copy of [addr, addr + bytes) before the next kernel. It takes no simulated
  // time; with `l2.prefill_from_memcpy` (Accel-Sim's -gpgpu_perf_sim_memcpy) the copied lines
  // are then present in the L2, as the copy engine leaves them on the hardware.
  void copy_to_device(uint64_t addr, uint64_t bytes);

 private:
  bool drained() const;
  [[noreturn]] void report_deadlock(const KernelSource& kernel, uint64_t cycle) const;

  CoreParams params_;
  Engine& engine_;
  ClockDomain* core_;
  uint64_t deadlock_cycles_;
  uint64_t launch_gap_;
  uint32_t dram_mhz_ = 0;
  bool first_kernel_ = true;
  stats::Sampler* sampler_ = nullptr;
  std::vector<std::unique_ptr<Channel<CtaLaunch>>> cta_channels_;
  std::unique_ptr<Channel<CtaDone>> done_channel_;
  std::unique_ptr<CtaDispatcher> dispatcher_;
  std::vector<std::unique_ptr<SimtCore>> cores_;
  // The memory system. Channels are owned here; components hold pointers to theirs.
  template <typename T>
  Channel<T>* channel(std::vector<std::unique_ptr<Channel<T>>>& owner, const std::string& name,
                      const ClockDomain& producer, uint32_t latency, uint32_t capacity) {
    owner.push_back(std::make_unique<Channel<T>>(name, producer, latency, capacity));
    return owner.back().get();
  }
  std::unique_ptr<AddressMap> address_map_;
  std::vector<std::unique_ptr<Channel<WarpMemAccess>>> access_channels_;
  std::vector<std::unique_ptr<Channel<LsuResponse>>> response_channels_;
  std::vector<std::unique_ptr<Channel<MemPacket>>> packet_channels_;
  std::vector<std::unique_ptr<Channel<DramRequest>>> dram_channels_;
  std::vector<std::unique_ptr<L1DataCache>> l1s_;
  std::unique_ptr<Network> request_net_;
  std::unique_ptr<Network> reply_net_;
  std::vector<std::unique_ptr<L2Slice>> slices_;
  std::vector<std::unique_ptr<DramChannel>> drams_;
  bool flush_l2_between_kernels_ = false;
  bool prefill_from_memcpy_ = false;
  uint64_t l2_bytes_ = 0;
  uint64_t l2_line_bytes_ = 128;
};

}  // namespace warpsim
