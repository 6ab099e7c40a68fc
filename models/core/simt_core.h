// One streaming multiprocessor: resident CTAs and warps, one warp scheduler per sub-core, a
// scoreboard per warp, per-sub-core execution units with an issue interval, a shared-memory
// port with bank conflicts, and a load/store unit that sends coalesced requests to memory.
//
// Wiring (channels): dispatcher --CtaLaunch--> core --CtaDone--> dispatcher,
//                    core --WarpMemAccess--> L1 --LsuResponse--> core.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "isa/warp_stream.h"
#include "models/core/core_params.h"
#include "models/core/cta_messages.h"
#include "models/core/instruction_fetch.h"
#include "models/core/kernel_counters.h"
#include "models/core/operand_collector.h"
#include "models/core/warp_scheduler.h"
#include "models/mem/lsu_messages.h"
#include "sim/engine/channel.h"
#include "sim/engine/component.h"
#include "sim/stats/counter_registry.h"

namespace warpsim {

class SimtCore : public Component {
 public:
  struct Ports {
    Channel<CtaLaunch>* cta_in;
    Channel<CtaDone>* done_out;
    Channel<WarpMemAccess>* mem_out;  // to the L1 data cache (load/store path)
    Channel<LsuResponse>* mem_in;
  };

  SimtCore(uint32_t id, const CoreParams& params, stats::CounterRegistry& counters, Ports ports);

  bool evaluate(uint64_t cycle) override;

  // Stall accounting covers exactly the kernel's cycles [start, end): cycles the core slept
  // through are attributed when it wakes or when the kernel ends.
  void begin_kernel(uint64_t start_cycle);
  void end_kernel(uint64_t end_cycle);
  // Attributes the cycles before `cycle` that the core slept through, so that its counters are
  // exact at that cycle (before a sample is taken).
  void account_until(uint64_t cycle);

  uint64_t last_issue_cycle() const { return last_issue_cycle_; }
  bool empty() const { return resident_ctas_ == 0; }
  // No memory request of this core in flight; the kernel ends only when every core is drained.
  bool drained() const { return outstanding_ == 0; }
  uint64_t last_response_cycle() const { return last_response_cycle_; }
  // Concurrent kernels: the dispatcher's kernel slots. Slot `kernel` exists from here on, with
  // its work also counted in `attributed` (the slot's registry; nullptr: not counted apart).
  void add_kernel_slot(uint32_t kernel, stats::CounterRegistry* attributed);
  // No memory request of kernel slot `kernel` in flight, and the cycle of its last response.
  bool drained(uint32_t kernel) const { return kernel >= kernels_.size() || kernels_[kernel].outstanding == 0; }
  uint64_t last_response_cycle(uint32_t kernel) const {
    return kernel < kernels_.size() ? kernels_[kernel].last_response : 0;
  }
  // Called when a kernel slot's last request in flight was answered (the kernel may be done).
  void set_drain_listener(std::function<void(uint32_t kernel)> f) { on_drained_ = std::move(f); }
  // One line per live warp saying what it waits for (deadlock reports).
  void describe_warps(std::ostream& os) const;

 private:
  enum class PendingKind : uint8_t { alu, mem_timed, mem_wait };
  struct PendingWrite {
    uint16_t reg;
    PendingKind kind;
    uint64_t ready;  // for alu / mem_timed
  };
  // What a warp's next instruction needs free in the cycle it issues: its execution unit (an
  // OpClass value), or one of these.
  static constexpr uint8_t kPortShared = uint8_t(OpClass::count_);
  static constexpr uint8_t kPortGlobal = kPortShared + 1;
  static constexpr uint8_t kPortNone = kPortShared + 2;  // param/constant loads
  static constexpr size_t kPorts = kPortNone + 1;
  // What the scheduler reads of a warp every cycle, kept exact by refresh() at every event that
  // can change it (the warp issued, one of its loads returned, a barrier released it): a warp
  // that cannot issue costs one comparison, without touching its instruction or scoreboard. Kept
  // apart from Warp so that a sub-core's scan reads a few cache lines.
  struct WarpReady {
    uint64_t at = 0;  // first cycle its dependences and barriers allow the next instruction
    uint8_t port = kPortNone;
    bool live = false;  // in its sub-core's warp list (launched, not exited)
  };
  struct Warp {
    bool valid = false;
    bool done = false;
    bool at_barrier = false;
    uint8_t barrier_id = 0;        // which named barrier it waits at
    uint64_t barrier_release = 0;  // first cycle after the barrier it waited at completed
    // Until when the next instruction waits for a memory result (kNever: for a message); before
    // that its stall is a memory stall, after it a dependence stall.
    uint64_t mem_ready = 0;
    // The stream's next instruction, peeked once after the previous one issued: a trace reader
    // may parse a line per peek.
    const WarpInst* next = nullptr;
    uint32_t cta_slot = 0;
    uint32_t index_in_cta = 0;
    uint64_t age = 0;
    uint32_t loads_in_flight = 0;  // global/local loads and atomics whose data has not returned
    // Asynchronous copies (WarpInst::async): per closed group, oldest first, its copies still in
    // flight (a group leaves the front when done); the oldest's id; the open group's copies.
    boost::container::small_vector<uint32_t, 4> async_closed;
    uint32_t async_first_id = 0;
    uint32_t async_open = 0;
    OperandCollectors::WarpOperands operands;  // its operand reuse cache
    // The code line its instruction buffer holds, and the first cycle that line's instructions
    // can issue (an instruction-cache miss or a taken branch delays it).
    uint64_t fetch_line = ~uint64_t(0);
    uint64_t fetch_ready = 0;
    uint64_t prefetch_end = 0;  // the last line its prefetches asked for
    // Results in flight; a warp rarely has more than a few, so they live inline.
    boost::container::small_vector<PendingWrite, 4> pending;
  };
  struct Cta {
    bool valid = false;
    std::unique_ptr<WarpStream> stream;
    uint64_t cta_id = 0;
    uint32_t kernel = 0;  // the dispatcher's slot of its kernel
    CtaFootprint footprint;
    std::vector<uint32_t> warp_slots;
    uint32_t live_warps = 0;
    // Named barriers (BAR.SYNC id, count): warps arrived (waiting or arrive-only) and how many
    // warps complete it (0: every live warp).
    static constexpr size_t kBarriers = 16;
    std::array<uint32_t, kBarriers> bar_arrived{};
    std::array<uint32_t, kBarriers> bar_expected{};
    // Loads in flight. Stores do not hold the CTA: its warps have exited and the store data has
    // left the SM, so its slots are free (the kernel still waits for every store, see drained()).
    uint32_t outstanding = 0;
  };
  struct Scheduler {
    std::unique_ptr<WarpScheduler> policy;
    std::unique_ptr<OperandCollectors> collectors;
    std::vector<uint32_t> warps;  // live warp slots on this sub-core
    std::array<uint64_t, size_t(OpClass::count_)> unit_busy_until{};  // per pipe
    std::array<stats::Counter*, size_t(OpClass::count_)> pipe_busy{};
    // How many of its warps need each port next, and the set of ports needed: when every needed
    // port is busy, no warp can issue whatever its dependences, and the cycle needs no scan.
    std::array<uint16_t, kPorts> port_users{};
    uint32_t used_ports = 0;
    SchedCycle last = SchedCycle::idle;  // category of the last evaluated cycle (used while asleep)
    uint32_t owner = 0;  // kernel slot of the warp that cycle's category is about (concurrent kernels)
    std::array<stats::Counter*, size_t(SchedCycle::count_)> cycles{};
    // The policy's order is a function of the warp list and of what issued last, so it is only
    // recomputed when one of them changed.
    std::vector<uint32_t> order;
    bool order_stale = true;
    uint32_t preferred = WarpScheduler::kNoWarp;  // the policy's, as of the last issue
    // A scan that issued nothing gives a verdict (`last`) that holds, with no scan, until the
    // earliest cycle one of its warps or ports could change by itself (`verdict_until`), unless
    // something the scan reads changes first: one of its warps is refreshed (a load's data, a
    // new CTA, a barrier released) or it issues (`dirty`), or the L1's access queue, full at the
    // scan, has room again (`verdict_needs_full_queue`).
    bool dirty = true;
    uint64_t verdict_until = 0;
    bool verdict_needs_full_queue = false;
  };

  void accept_cta(CtaLaunch launch);
  void on_response(const LsuResponse& r);
  // Issues at most one instruction on sub-core `s`; lowers `next_check` to the earliest cycle
  // at which one of its blocked warps could issue.
  SchedCycle schedule(Scheduler& s, uint64_t cycle, uint64_t& next_check);
  // schedule() without the verdict memo: looks at every warp.
  SchedCycle scan(Scheduler& s, uint64_t cycle, uint64_t& next_check);
  // Recomputes the warp's ready_at, mem_ready and port from its next instruction and scoreboard.
  void refresh(uint32_t slot, uint64_t cycle);
  // The first cycle from which `port` is free (0 when it is free now; kNever for the L1's full
  // access queue, which wakes the core when it has room).
  uint64_t port_free_at(const Scheduler& s, uint8_t port, uint64_t cycle) const;
  // The stall category of a warp whose dependences or barrier hold it at `cycle`, and the cycle
  // at which that category can change (lowers `next_check`).
  static SchedCycle waiting_category(const Warp& w, uint64_t cycle, uint64_t& next_check);
  static void add_port_user(Scheduler& s, uint8_t port);
  static void remove_port_user(Scheduler& s, uint8_t port);
  Scheduler& scheduler_of(uint32_t slot) { return schedulers_[slot % schedulers_.size()]; }
  void issue(Scheduler& s, uint32_t slot, uint64_t cycle);
  void reserve(Warp& w, const WarpInst& inst, PendingKind kind, uint64_t ready);
  void retire_warp(uint32_t slot);
  void arrive_at_barrier(Warp& w, Cta& cta, const WarpInst& inst, uint64_t cycle);
  void release_barrier_if_complete(Cta& cta, uint32_t id, uint64_t cycle);
  void release_barriers_if_complete(Cta& cta, uint64_t cycle);
  void finish_ctas();
  // Counts `n` cycles of category `c` for the kernel that owns the scheduler's cycle.
  void count_for_kernel(const Scheduler& s, SchedCycle c, uint64_t n);

  uint32_t id_;
  const CoreParams& p_;
  Ports ports_;
  std::vector<Warp> warps_;
  std::vector<WarpReady> ready_;  // by warp slot
  std::vector<Cta> ctas_;
  std::vector<Scheduler> schedulers_;
  InstructionFetch fetch_;
  std::vector<uint32_t> finished_ctas_;  // waiting for room in the done channel
  bool cta_may_finish_ = false;
  size_t port_turn_ = 0;                 // sub-core that asks first for the shared ports          // a warp retired or a load returned since the last scan
  uint32_t resident_ctas_ = 0;
  uint32_t outstanding_ = 0;
  uint64_t shared_busy_until_ = 0;
  uint64_t cursor_ = 0;  // first cycle not yet accounted
  bool resident_while_asleep_ = false;
  uint64_t last_issue_cycle_ = 0;
  uint64_t last_response_cycle_ = 0;
  // Per kernel slot: requests in flight, the last response, what was done for it.
  struct KernelBook {
    uint32_t outstanding = 0;
    uint64_t last_response = 0;
    std::unique_ptr<SmKernelCounters> counters;
  };
  std::vector<KernelBook> kernels_;
  // Some kernel slot counts for its kernel alone (kernels may overlap in this run): every
  // per-kernel count is skipped otherwise, since a kernel alone on the GPU gets the SM's own.
  bool attributing_ = false;
  std::function<void(uint32_t)> on_drained_;

  stats::Counter& warp_insts_;
  stats::Counter& thread_insts_;
  stats::Counter& active_cycles_;
  stats::Counter& ctas_completed_;
  stats::Counter& shmem_accesses_;
  stats::Counter& shmem_conflicts_;
  stats::Counter& global_loads_;
  stats::Counter& global_stores_;
  stats::Counter& atomics_;
  stats::Counter& global_sectors_;
  stats::Counter& global_lines_;
  std::array<stats::Counter*, size_t(OpClass::count_)> class_insts_{};
};

}  // namespace warpsim
