// Builds a GPU from the config and runs kernels on it, one after another or, up to
// gpu.max_concurrent_kernels at once, concurrently (kernels of different streams). The memory path, as
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
  // Runs `kernel` alone to completion, or until core cycle `max_cycle`: it starts at cycle 0, or
  // gpu.kernel_launch_gap cycles after the previous kernel ended. Throws InputError when a CTA
  // cannot fit an SM, DeadlockError when nothing issues for `sim.deadlock_cycles`.
  KernelResult run_kernel(KernelSource& kernel, uint64_t max_cycle);

  // Concurrent kernels. A launched kernel holds one of gpu.max_concurrent_kernels slots until
  // run() reports it finished; its CTAs go to SMs from `start_cycle` on (> cycle()), oldest
  // kernel first (CtaDispatcher). InputError when a CTA cannot fit an SM.
  bool can_launch() const { return dispatcher_->has_free_slot(); }
  uint32_t launch(KernelSource& kernel, uint64_t start_cycle);
  struct Finished {
    uint32_t slot = 0;
    KernelResult result;
  };
  // Simulates until at least one launched kernel has finished (its last CTA retired and its
  // last store acknowledged) and returns those that have, or until core cycle `max_cycle`, when
  // every launched kernel ends there (hit_cycle_limit). The slots are free again afterwards.
  std::vector<Finished> run(uint64_t max_cycle);
  uint32_t running() const { return dispatcher_->running(); }
  // The core cycle the simulation stands at: a kernel launched now can start at cycle() + 1
  // + launch_gap() at the earliest (the launch's latency, gpu.kernel_launch_gap).
  uint64_t cycle() const { return core_->cycle(); }
  uint64_t launch_gap() const { return launch_gap_; }
  // What the SMs and the dispatcher did for the kernel in `slot` alone, since it was launched:
  // the SM-side counters of its warps under the GPU's own keys (models/core/kernel_counters.h).
  const stats::CounterRegistry& kernel_counters(uint32_t slot) const { return *slot_counters_.at(slot); }
  // Whether kernels of this run may overlap (set before the first launch). When they cannot,
  // the SMs skip counting per kernel (on every instruction and cycle): each kernel's counters are
  // then the GPU's own over its time.
  void set_kernels_may_overlap(bool may) { kernels_may_overlap_ = may; }

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
  bool finished(uint32_t slot) const;
  // A kernel may just have finished: with others still running, the driver must see it now
  // (its stream's next launch starts a launch gap after it), so the engine pauses.
  void on_kernel_event(uint32_t slot);
  // shmem.carveout_options: reads them; sizes the L1s for a kernel that starts on an idle GPU.
  void parse_carveouts(const Config& cfg, const L1Params& l1p);
  void choose_carveout(const KernelSource& kernel);
  [[noreturn]] void report_deadlock(uint64_t cycle) const;

  CoreParams params_;
  Engine& engine_;
  ClockDomain* core_;
  uint64_t deadlock_cycles_;
  uint64_t launch_gap_;
  uint64_t progress_ = 0;  // the last cycle something issued or a kernel started (deadlock watch)
  std::vector<std::unique_ptr<stats::CounterRegistry>> slot_counters_;  // by kernel slot
  bool kernels_may_overlap_ = true;
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
  std::vector<std::unique_ptr<Channel<PeerMessage>>> peer_channels_;  // two-partition L2 links
  std::vector<std::unique_ptr<L1DataCache>> l1s_;
  std::unique_ptr<Network> request_net_;
  std::unique_ptr<Network> reply_net_;
  std::vector<std::unique_ptr<L2Slice>> slices_;
  std::vector<std::unique_ptr<DramChannel>> drams_;
  bool flush_l2_between_kernels_ = false;
  bool prefill_from_memcpy_ = false;
  uint64_t l2_bytes_ = 0;
  // shmem.carveout_options in bytes, ascending (empty: the carve-out is fixed), and the SRAM the
  // L1 and shared memory divide.
  std::vector<uint64_t> carveouts_;
  uint64_t sram_bytes_ = 0;
  uint64_t l2_line_bytes_ = 128;
};

}  // namespace warpsim
