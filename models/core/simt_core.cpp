#include "models/core/simt_core.h"

#include <algorithm>
#include <array>
#include <limits>
#include <string>

#include "models/mem/coalescing_unit.h"
#include "models/mem/shared_memory_banks.h"

namespace warpsim {

namespace {
constexpr uint64_t kNever = std::numeric_limits<uint64_t>::max();
constexpr uint32_t kInstBytes = 16;  // WarpInst::pc advances by one instruction's 16 bytes

bool is_memory(OpClass c) {
  return c == OpClass::load || c == OpClass::store || c == OpClass::atomic;
}
}  // namespace

SimtCore::SimtCore(uint32_t id, const CoreParams& params, stats::CounterRegistry& counters,
                   Ports ports)
    : Component("sm[" + std::to_string(id) + "]"),
      id_(id),
      p_(params),
      ports_(ports),
      warps_(params.max_warps),
      ready_(params.max_warps),
      ctas_(params.max_ctas),
      schedulers_(params.num_schedulers),
      fetch_(params.fetch, params.num_schedulers, counters, name()),
      warp_insts_(counters.counter(name(), "warp_insts")),
      thread_insts_(counters.counter(name(), "thread_insts")),
      active_cycles_(counters.counter(name(), "active_cycles")),
      ctas_completed_(counters.counter(name(), "ctas_completed")),
      shmem_accesses_(counters.counter(name() + ".shmem", "accesses")),
      shmem_conflicts_(counters.counter(name() + ".shmem", "bank_conflicts")),
      global_loads_(counters.counter(name() + ".ldst", "loads")),
      global_stores_(counters.counter(name() + ".ldst", "stores")),
      atomics_(counters.counter(name() + ".ldst", "atomics")),
      global_sectors_(counters.counter(name() + ".ldst", "sectors")),
      global_lines_(counters.counter(name() + ".ldst", "requests")) {
  for (size_t i = 0; i < schedulers_.size(); ++i) {
    Scheduler& s = schedulers_[i];
    s.policy = WarpSchedulerRegistry::instance().create(p_.scheduler, p_.scheduler_params);
    s.preferred = s.policy->preferred();
    const std::string loc = name() + ".sched[" + std::to_string(i) + "]";
    s.collectors = std::make_unique<OperandCollectors>(p_.regfile, uint32_t(i), counters, loc + ".regfile");
    for (size_t c = 0; c < size_t(SchedCycle::count_); ++c) {
      s.cycles[c] = &counters.counter(loc, sched_cycle_name(SchedCycle(c)));
    }
    // Cycles each execution pipe was held (a pipe's utilisation = busy / cycles); one counter per
    // pipe some class issues to.
    for (size_t c = 0; c < size_t(OpClass::count_); ++c) {
      if (is_memory(OpClass(c))) continue;
      const uint8_t pipe = p_.timing.of_class(OpClass(c)).pipe;
      if (s.pipe_busy[pipe] == nullptr) {
        s.pipe_busy[pipe] = &counters.counter(loc, std::string("busy_") + op_class_name(OpClass(pipe)));
      }
    }
  }
  for (size_t c = 0; c < size_t(OpClass::count_); ++c) {
    class_insts_[c] = &counters.counter(name() + ".insts", op_class_name(OpClass(c)));
  }
}

void SimtCore::begin_kernel(uint64_t start_cycle) {
  cursor_ = start_cycle;
  fetch_.flush();
  for (Scheduler& s : schedulers_) s.last = s.warps.empty() ? SchedCycle::idle : s.last;
  resident_while_asleep_ = resident_ctas_ > 0;
}

void SimtCore::end_kernel(uint64_t end_cycle) {
  account_until(end_cycle);
  // The core may have run a cycle or two past the kernel's end (delivering its last messages).
  // Its CTAs were gone by then, so those cycles were counted idle; they are not the kernel's.
  if (cursor_ > end_cycle) {
    const uint64_t extra = cursor_ - end_cycle;
    for (Scheduler& s : schedulers_) {
      stats::Counter& idle = *s.cycles[size_t(SchedCycle::idle)];
      if (s.warps.empty() && idle.value() >= extra) idle.set(idle.value() - extra);
    }
    cursor_ = end_cycle;
  }
}

void SimtCore::add_kernel_slot(uint32_t kernel, stats::CounterRegistry* attributed) {
  if (kernel >= kernels_.size()) kernels_.resize(kernel + 1);
  if (attributed != nullptr && kernels_[kernel].counters == nullptr) {
    kernels_[kernel].counters = std::make_unique<SmKernelCounters>(name(), p_, *attributed);
    attributing_ = true;
  }
}

void SimtCore::count_for_kernel(const Scheduler& s, SchedCycle c, uint64_t n) {
  // An idle cycle has no warp, so no kernel: the driver counts it idle for every kernel.
  if (c == SchedCycle::idle) return;
  if (SmKernelCounters* k = kernels_[s.owner].counters.get()) {
    *k->schedulers[size_t(&s - schedulers_.data())].cycles[size_t(c)] += n;
  }
}

void SimtCore::account_until(uint64_t cycle) {
  if (cycle <= cursor_) return;
  const uint64_t gap = cycle - cursor_;
  for (Scheduler& s : schedulers_) {
    *s.cycles[size_t(s.last)] += gap;
    if (attributing_) count_for_kernel(s, s.last, gap);
  }
  if (resident_while_asleep_) active_cycles_ += gap;
  cursor_ = cycle;
}

bool SimtCore::evaluate(uint64_t cycle) {
  // A wake left from the previous kernel can fire in the launch gap, before this kernel's start:
  // such a cycle belongs to no kernel and is not counted.
  const bool in_kernel = cycle >= cursor_;
  account_until(cycle);
  const Picos t = now();
  while (ports_.mem_in->ready(t)) on_response(ports_.mem_in->pop(t));
  if (ports_.cta_in->ready(t)) accept_cta(ports_.cta_in->pop(t));

  uint64_t next_check = kNever;
  bool issued = false;
  // The sub-cores share the SM's shared-memory port and its load/store path, granted round robin:
  // the sub-core after the last one that used them asks first, so that no sub-core's warps run
  // ahead of the others' (a fixed order lets sub-core 0 win every conflict, and its warps then
  // wait at every barrier for the rest).
  const size_t n = schedulers_.size();
  for (size_t k = 0, first = port_turn_; k < n; ++k) {
    Scheduler& s = schedulers_[first + k < n ? first + k : first + k - n];
    const SchedCycle c = schedule(s, cycle, next_check);
    s.last = c;
    if (in_kernel) {
      ++*s.cycles[size_t(c)];
      if (attributing_) count_for_kernel(s, c, 1);
    }
    issued |= c == SchedCycle::issued;
  }
  if (in_kernel && resident_ctas_ > 0) ++active_cycles_;
  cursor_ = std::max(cursor_, cycle + 1);
  if (cta_may_finish_ || !finished_ctas_.empty()) finish_ctas();
  resident_while_asleep_ = resident_ctas_ > 0;
  if (issued || !finished_ctas_.empty() || ports_.cta_in->ready(t)) return true;

  // Nothing issued and every warp's verdict holds until `next_check` (or until a message
  // arrives): sleep through the stretch instead of re-checking every cycle. Every cycle slept
  // through has this cycle's stall category (see account_until), because no verdict changes.
  if (next_check != kNever) wake_at(domain()->edges().edge(next_check));
  return false;
}

void SimtCore::accept_cta(CtaLaunch launch) {
  uint32_t cslot = 0;
  while (ctas_[cslot].valid) ++cslot;  // the dispatcher only sends a CTA that fits
  Cta& cta = ctas_[cslot];
  cta.valid = true;
  cta.cta_id = launch.cta_id;
  cta.kernel = launch.kernel;
  if (launch.kernel >= kernels_.size()) add_kernel_slot(launch.kernel, nullptr);
  cta.footprint = launch.footprint;
  cta.stream = std::move(launch.stream);
  cta.warp_slots.clear();
  cta.bar_arrived.fill(0);
  cta.bar_expected.fill(0);
  cta.outstanding = 0;
  const unsigned n = cta.stream->num_warps();
  cta.live_warps = 0;
  uint32_t slot = 0;
  for (unsigned w = 0; w < n; ++w) {
    while (warps_[slot].valid) ++slot;
    Warp& warp = warps_[slot];
    warp = Warp{};
    warp.valid = true;
    warp.cta_slot = cslot;
    warp.index_in_cta = w;
    warp.age = launch.age * 1024 + w;
    cta.warp_slots.push_back(slot);
    warp.next = cta.stream->peek(w);
    ready_[slot].live = false;
    if (warp.next == nullptr) {
      warp.done = true;
    } else {
      ++cta.live_warps;
      Scheduler& s = scheduler_of(slot);
      s.warps.push_back(slot);
      s.order_stale = true;
      ready_[slot].port = kPortNone;
      ready_[slot].live = true;
      add_port_user(s, kPortNone);
      refresh(slot, cycle());
    }
  }
  ++resident_ctas_;
  // A CTA whose warps have nothing to run (a trace's `insts = 0`) retires at once: no warp will
  // retire to report it.
  if (cta.live_warps == 0) cta_may_finish_ = true;
}

void SimtCore::on_response(const LsuResponse& r) {
  Warp& w = warps_[r.warp_slot];
  for (uint8_t i = 0; i < r.num_dst; ++i) {
    auto& pend = w.pending;
    pend.erase(std::remove_if(pend.begin(), pend.end(),
                              [&](const PendingWrite& pw) {
                                return pw.reg == r.dst[i] && pw.kind == PendingKind::mem_wait;
                              }),
               pend.end());
  }
  --outstanding_;
  KernelBook& kernel = kernels_[r.kernel];
  --kernel.outstanding;
  kernel.last_response = cycle();
  if (kernel.outstanding == 0 && on_drained_) on_drained_(r.kernel);
  if (r.async_group != kNoAsyncGroup) {
    const uint32_t index = r.async_group - w.async_first_id;
    --(index == w.async_closed.size() ? w.async_open : w.async_closed[index]);
    while (!w.async_closed.empty() && w.async_closed.front() == 0) {
      w.async_closed.erase(w.async_closed.begin());
      ++w.async_first_id;
    }
  }
  if (!r.is_write) {
    --w.loads_in_flight;
    --ctas_[r.cta_slot].outstanding;
    cta_may_finish_ = true;
    // A store's warp may have exited and its slot been reused: only a load's warp waits for it.
    refresh(r.warp_slot, cycle());
  }
  last_response_cycle_ = cycle();
}

void SimtCore::refresh(uint32_t slot, uint64_t cycle) {
  scheduler_of(slot).dirty = true;
  const Warp& w = warps_[slot];
  if (w.next == nullptr) return;  // exited, or between issue() and the next peek
  const WarpInst& inst = *w.next;
  if (!fetch_.perfect()) {
    const uint64_t line = fetch_.line_of(inst.pc);
    if (line != w.fetch_line) {
      Warp& fw = warps_[slot];
      fw.fetch_line = line;
      fw.fetch_ready = std::max(fw.fetch_ready, fetch_.fetch(uint32_t(slot % schedulers_.size()), inst.pc, cycle, fw.prefetch_end));
    }
  }
  auto& pend = warps_[slot].pending;
  // Results already written back no longer hold anything.
  pend.erase(std::remove_if(pend.begin(), pend.end(),
                            [&](const PendingWrite& pw) {
                              return pw.kind != PendingKind::mem_wait && pw.ready <= cycle;
                            }),
             pend.end());
  uint64_t alu_ready = 0;
  uint64_t mem_ready = 0;
  auto consider = [&](uint16_t reg) {
    for (const PendingWrite& pw : pend) {
      if (pw.reg != reg) continue;
      if (pw.kind == PendingKind::mem_wait) {
        mem_ready = kNever;
      } else if (pw.kind == PendingKind::mem_timed) {
        mem_ready = std::max(mem_ready, pw.ready);
      } else {
        alu_ready = std::max(alu_ready, pw.ready);
      }
    }
  };
  if (!pend.empty()) {
    for (uint8_t i = 0; i < inst.num_src; ++i) consider(inst.src[i]);
    for (uint8_t i = 0; i < inst.num_dst; ++i) consider(inst.dst[i]);  // write after write
  }
  // A bounded scoreboard (core.max_loads_in_flight) holds a warp's next global load until one
  // of its loads in flight returns.
  if (p_.max_loads_in_flight != 0 && w.loads_in_flight >= p_.max_loads_in_flight &&
      (inst.op_class == OpClass::load || inst.op_class == OpClass::atomic) &&
      (inst.space == MemSpace::global || inst.space == MemSpace::local)) {
    mem_ready = kNever;
  }
  // DEPBAR.LE n: every closed group but the newest n must have landed. Groups leave the front as
  // they complete, so the oldest left is in flight, and the wait holds while more than n remain.
  if (inst.async == AsyncOp::wait && w.async_closed.size() > inst.async_groups) mem_ready = kNever;
  warps_[slot].mem_ready = mem_ready;
  WarpReady& r = ready_[slot];
  r.at = w.at_barrier ? kNever : std::max({w.barrier_release, w.fetch_ready, mem_ready, alu_ready});
  uint8_t port = kPortGlobal;
  if (!is_memory(inst.op_class)) {
    port = p_.timing.of(inst).pipe;
  } else if (inst.space == MemSpace::shared) {
    port = kPortShared;
  } else if (inst.space == MemSpace::param || inst.space == MemSpace::constant) {
    port = kPortNone;
  }
  if (port != r.port) {
    Scheduler& s = scheduler_of(slot);
    remove_port_user(s, r.port);
    add_port_user(s, port);
    r.port = port;
  }
}

uint64_t SimtCore::port_free_at(const Scheduler& s, uint8_t port, uint64_t cycle) const {
  switch (port) {
    case kPortShared:
      return shared_busy_until_;
    case kPortNone:
      return 0;
    case kPortGlobal:
      // The L1's access queue is full: the L1 wakes the core when it takes an access from it
      // (Channel::connect_producer), so no cycle needs to look before then. A slot it freed
      // earlier this cycle is usable next cycle.
      if (ports_.mem_out->can_push()) return 0;
      return ports_.mem_out->full() ? kNever : cycle + 1;
    default:
      return s.unit_busy_until[port];
  }
}

SchedCycle SimtCore::waiting_category(const Warp& w, uint64_t cycle, uint64_t& next_check) {
  // A barrier comes first, then memory results, then other results (the order of
  // DESIGN.md's stall categories: what the warp would wait for if the others were ready).
  if (w.at_barrier) return SchedCycle::stall_barrier;
  if (w.barrier_release > cycle) {
    next_check = std::min(next_check, w.barrier_release);
    return SchedCycle::stall_barrier;
  }
  if (w.fetch_ready > cycle) {  // not yet in the instruction buffer
    next_check = std::min(next_check, w.fetch_ready);
    return SchedCycle::stall_fetch;
  }
  if (w.mem_ready > cycle) {
    next_check = std::min(next_check, w.mem_ready);
    return SchedCycle::stall_mem;
  }
  return SchedCycle::stall_dep;
}

void SimtCore::add_port_user(Scheduler& s, uint8_t port) {
  if (s.port_users[port]++ == 0) s.used_ports |= 1u << port;
}

void SimtCore::remove_port_user(Scheduler& s, uint8_t port) {
  if (--s.port_users[port] == 0) s.used_ports &= ~(1u << port);
}

SchedCycle SimtCore::schedule(Scheduler& s, uint64_t cycle, uint64_t& next_check) {
  if (s.warps.empty()) return SchedCycle::idle;
  if (!s.dirty && cycle < s.verdict_until && (!s.verdict_needs_full_queue || ports_.mem_out->full())) {
    next_check = std::min(next_check, s.verdict_until);
    return s.last;
  }
  uint64_t until = kNever;  // this scan's verdict holds before `until`
  const SchedCycle c = scan(s, cycle, until);
  next_check = std::min(next_check, until);
  s.dirty = c == SchedCycle::issued;
  s.verdict_until = until;
  s.verdict_needs_full_queue = (s.used_ports >> kPortGlobal & 1) != 0 && ports_.mem_out->full();
  return c;
}

SchedCycle SimtCore::scan(Scheduler& s, uint64_t cycle, uint64_t& next_check) {
  if (s.order_stale) {
    s.policy->prioritize(s.warps, s.order);
    s.order_stale = false;
  }
  const uint32_t preferred = s.preferred;
  const bool has_preferred = preferred != WarpScheduler::kNoWarp && ready_[preferred].live;
  const size_t n = s.policy->candidates(s.order);  // warps beyond them wait their turn
  const size_t start = s.policy->first_index(s.order);
  const uint32_t first_slot = has_preferred ? preferred : s.order[start];
  if (attributing_) s.owner = ctas_[warps_[first_slot].cta_slot].kernel;  // unless a warp issues

  // Every port its warps need is busy this cycle and one frees next cycle (a pipelined unit
  // between two issues): nothing issues, the first warp's category stands, and the SM looks
  // again next cycle — the same outcome as the scan below, without it.
  // Each port's state, once per call: nothing changes it before an issue, which ends the scan.
  std::array<uint64_t, kPorts> free_of;
  uint64_t ports_free_at = kNever;
  for (uint32_t used = s.used_ports; used != 0; used &= used - 1) {
    const uint32_t port = uint32_t(__builtin_ctz(used));
    free_of[port] = port_free_at(s, uint8_t(port), cycle);
    ports_free_at = std::min(ports_free_at, free_of[port]);
  }
  // Every collector unit is held by an instruction still reading its operands: nothing issues
  // before one frees. The cycle is the first warp's: waiting, its pipe busy, or a bank stall.
  const uint64_t collector_free = s.collectors->free_at();
  if (collector_free > cycle) {
    const WarpReady& r = ready_[first_slot];
    next_check = std::min(next_check, collector_free);
    if (r.at > cycle) {
      next_check = std::min(next_check, r.at);
      return waiting_category(warps_[first_slot], cycle, next_check);
    }
    return free_of[r.port] > cycle ? SchedCycle::stall_pipe : SchedCycle::stall_bank;
  }
  if (ports_free_at == cycle + 1) {
    next_check = cycle + 1;
    return ready_[first_slot].at > cycle ? waiting_category(warps_[first_slot], cycle, next_check)
                                         : SchedCycle::stall_pipe;
  }

  // The cycle's stall category is the first warp's in priority order: what held back the warp
  // the scheduler wanted most.
  SchedCycle first = SchedCycle::idle;
  // A sub-core issues up to core.issue_width instructions a cycle, each from another warp.
  std::array<uint32_t, CoreParams::kMaxIssueWidth> issued_slots;
  uint32_t issued = 0;
  // Whether the scan is over: `slot` issued the last instruction this cycle allows.
  auto try_issue = [&](uint32_t slot) {
    const WarpReady& r = ready_[slot];
    if (r.at > cycle) {
      next_check = std::min(next_check, r.at);
      if (first == SchedCycle::idle) first = waiting_category(warps_[slot], cycle, next_check);
      return false;
    }
    const uint8_t port = r.port;
    const uint64_t free_at = free_of[port];
    if (free_at <= cycle) {
      issue(s, slot, cycle);
      if (++issued == p_.issue_width || s.collectors->free_at() > cycle) return true;
      // Another instruction may follow: the port this one took may be busy now.
      issued_slots[issued - 1] = slot;
      free_of[port] = port_free_at(s, port, cycle);
      return false;
    }
    next_check = std::min(next_check, free_at);
    if (first == SchedCycle::idle) first = SchedCycle::stall_pipe;
    return false;
  };
  auto issued_now = [&](uint32_t slot) {
    return std::find(issued_slots.begin(), issued_slots.begin() + issued, slot) != issued_slots.begin() + issued;
  };
  if (has_preferred && try_issue(preferred)) return SchedCycle::issued;
  for (size_t k = 0, i = start; k < n; ++k, i = i + 1 == n ? 0 : i + 1) {
    const uint32_t slot = s.order[i];
    if (slot == preferred) continue;
    // After an issue the order may name a warp that just issued or exited.
    if (issued != 0 && (!ready_[slot].live || issued_now(slot))) continue;
    if (try_issue(slot)) return SchedCycle::issued;
  }
  return issued != 0 ? SchedCycle::issued : first;
}

void SimtCore::reserve(Warp& w, const WarpInst& inst, PendingKind kind, uint64_t ready) {
  for (uint8_t i = 0; i < inst.num_dst; ++i) w.pending.push_back({inst.dst[i], kind, ready});
}

void SimtCore::issue(Scheduler& s, uint32_t slot, uint64_t cycle) {
  Warp& w = warps_[slot];
  Cta& cta = ctas_[w.cta_slot];
  w.next = nullptr;  // issue() invalidates the peeked instruction
  const WarpInst& inst = cta.stream->issue(w.index_in_cta, cycle);
  if (s.policy->on_issue(slot, inst)) s.order_stale = true;
  s.preferred = s.policy->preferred();
  last_issue_cycle_ = cycle;
  ++warp_insts_;
  thread_insts_ += lane_count(inst.active_mask);
  ++*class_insts_[size_t(inst.op_class)];
  s.owner = cta.kernel;
  SmKernelCounters* kc = attributing_ ? kernels_[cta.kernel].counters.get() : nullptr;  // the same counts for the kernel
  if (kc != nullptr) {
    ++kc->warp_insts;
    kc->thread_insts += lane_count(inst.active_mask);
    ++*kc->class_insts[size_t(inst.op_class)];
  }

  if (is_memory(inst.op_class) && inst.space != MemSpace::param && inst.space != MemSpace::constant) {
    const size_t index = size_t(&s - schedulers_.data());
    port_turn_ = index + 1 == schedulers_.size() ? 0 : index + 1;
  }
  // Source operands come through a collector unit; bank conflicts delay the instruction. A global
  // access still enters the load/store queue at issue, in issue order: its address registers'
  // cycle or two of conflict is small against its memory latency.
  const uint32_t collect = s.collectors->collect(inst, slot, w.operands, cycle);
  if (is_memory(inst.op_class) && inst.active_mask != 0) {
    const bool reads = inst.op_class != OpClass::store;
    switch (inst.space) {
      case MemSpace::shared: {
        const uint32_t passes = shared_access_passes(inst, p_.shared_banks, p_.shared_bank_bytes);
        ++shmem_accesses_;
        shmem_conflicts_ += passes > 0 ? passes - 1 : 0;
        if (kc != nullptr) {
          ++kc->shmem_accesses;
          kc->shmem_conflicts += passes > 0 ? passes - 1 : 0;
        }
        shared_busy_until_ = cycle + std::max<uint32_t>(passes, 1);
        if (reads) {
          const uint64_t due = cycle + collect + p_.shared_latency + passes - 1;
          reserve(w, inst, PendingKind::mem_timed, s.collectors->write_back(inst, slot, due, cycle));
        }
        break;
      }
      case MemSpace::param:
      case MemSpace::constant:
        reserve(w, inst, PendingKind::mem_timed,
                s.collectors->write_back(inst, slot, cycle + collect + p_.param_load_latency, cycle));
        break;
      default: {
        WarpMemAccess a;
        a.warp_slot = slot;
        a.cta_slot = w.cta_slot;
        a.op = inst.op_class == OpClass::store ? MemOp::write
               : inst.op_class == OpClass::atomic ? MemOp::atomic
                                                  : MemOp::read;
        a.space = inst.space;
        a.cache_op = inst.cache_op;
        a.issue_cycle = cycle;
        a.kernel = cta.kernel;
        coalesce_lines(inst, p_.line_bytes, p_.sector_bytes, a.lines);
        if (inst.async == AsyncOp::copy) {  // its data goes to shared memory, no register waits
          a.async_group = w.async_first_id + uint32_t(w.async_closed.size());
          ++w.async_open;
        }
        if (reads) {
          ++w.loads_in_flight;
          a.num_dst = inst.num_dst;
          a.dst = inst.dst;
          reserve(w, inst, PendingKind::mem_wait, kNever);
        }
        ++(a.op == MemOp::write ? global_stores_ : a.op == MemOp::atomic ? atomics_ : global_loads_);
        global_lines_ += a.lines.size();
        for (const LineAccess& l : a.lines) global_sectors_ += lane_count(l.sectors);
        if (kc != nullptr) {
          ++(a.op == MemOp::write ? kc->stores : a.op == MemOp::atomic ? kc->atomics : kc->loads);
          kc->requests += a.lines.size();
          for (const LineAccess& l : a.lines) kc->sectors += lane_count(l.sectors);
        }
        ++outstanding_;
        ++kernels_[cta.kernel].outstanding;
        if (reads) ++cta.outstanding;
        ports_.mem_out->push(std::move(a));
        break;
      }
    }
  } else if (inst.op_class == OpClass::barrier) {
    arrive_at_barrier(w, cta, inst, cycle);
  } else if (!is_memory(inst.op_class)) {
    const OpTimingEntry& t = p_.timing.of(inst);
    // The pipe takes the next instruction `interval` cycles after this one issued: a conflict
    // delays this instruction's result, while the next one collects its operands meanwhile.
    reserve(w, inst, PendingKind::alu, s.collectors->write_back(inst, slot, cycle + collect + t.latency, cycle));
    s.unit_busy_until[t.pipe] = cycle + t.interval;
    *s.pipe_busy[t.pipe] += t.interval;
    if (kc != nullptr) *kc->schedulers[size_t(&s - schedulers_.data())].pipe_busy[t.pipe] += t.interval;
  }

  if (inst.async == AsyncOp::commit) {
    w.async_closed.push_back(w.async_open);
    w.async_open = 0;
    if (w.async_closed.front() == 0) {  // an empty group, or every copy of it already back
      w.async_closed.erase(w.async_closed.begin());
      ++w.async_first_id;
    }
  }
  const uint32_t issued_pc = inst.pc;  // `inst` may not outlive the next peek
  w.next = cta.stream->peek(w.index_in_cta);
  // Control that did not fall through redirects fetch: the warp's next instruction waits.
  if (w.next != nullptr && w.next->pc != issued_pc + kInstBytes) {
    w.fetch_ready = std::max(w.fetch_ready, cycle + fetch_.taken_branch_penalty());
  }
  if (w.next == nullptr) {
    retire_warp(slot);
    release_barriers_if_complete(cta, cycle);  // fewer live warps may complete a barrier
  } else {
    refresh(slot, cycle);
  }
}

void SimtCore::retire_warp(uint32_t slot) {
  Warp& w = warps_[slot];
  w.done = true;
  Scheduler& s = scheduler_of(slot);
  s.warps.erase(std::find(s.warps.begin(), s.warps.end(), slot));
  s.order_stale = true;
  remove_port_user(s, ready_[slot].port);
  ready_[slot].live = false;
  Cta& cta = ctas_[w.cta_slot];
  --cta.live_warps;
  cta_may_finish_ = true;
  if (w.at_barrier) {
    w.at_barrier = false;
    --cta.bar_arrived[w.barrier_id];
  }
}

void SimtCore::arrive_at_barrier(Warp& w, Cta& cta, const WarpInst& inst, uint64_t cycle) {
  const uint32_t id = inst.barrier_id % Cta::kBarriers;
  // A thread count is counted in whole warps, as the hardware's barrier counts warps.
  cta.bar_expected[id] = (inst.barrier_threads + kWarpSize - 1) / kWarpSize;
  ++cta.bar_arrived[id];
  if (!inst.barrier_arrive_only) {
    w.at_barrier = true;
    w.barrier_id = uint8_t(id);
  }
  release_barrier_if_complete(cta, id, cycle);
}

void SimtCore::release_barriers_if_complete(Cta& cta, uint64_t cycle) {
  for (uint32_t id = 0; id < Cta::kBarriers; ++id) release_barrier_if_complete(cta, id, cycle);
}

void SimtCore::release_barrier_if_complete(Cta& cta, uint32_t id, uint64_t cycle) {
  // A barrier without a thread count completes when every warp that has not exited has arrived
  // (exited warps no longer count, as on Volta, so `if (tid < n) return;` before
  // __syncthreads() does not hang); with a count, when that many warps have arrived.
  const uint32_t expected = cta.bar_expected[id] != 0 ? cta.bar_expected[id] : cta.live_warps;
  if (cta.bar_arrived[id] == 0 || cta.bar_arrived[id] < expected) return;
  // Waiting warps resume the next cycle, whichever sub-core's warp arrived last: the release
  // must not depend on the order in which sub-cores are evaluated within a cycle.
  for (uint32_t slot : cta.warp_slots) {
    Warp& w = warps_[slot];
    if (w.at_barrier && w.barrier_id == id) {
      w.at_barrier = false;
      w.barrier_release = cycle + 1;
      refresh(slot, cycle);
    }
  }
  cta.bar_arrived[id] = 0;
  cta.bar_expected[id] = 0;
}

void SimtCore::finish_ctas() {
  cta_may_finish_ = false;
  for (uint32_t c = 0; c < ctas_.size(); ++c) {
    Cta& cta = ctas_[c];
    if (!cta.valid || cta.live_warps != 0 || cta.outstanding != 0) continue;
    if (std::find(finished_ctas_.begin(), finished_ctas_.end(), c) == finished_ctas_.end()) {
      finished_ctas_.push_back(c);
    }
  }
  while (!finished_ctas_.empty() && ports_.done_out->can_push()) {
    Cta& cta = ctas_[finished_ctas_.front()];
    finished_ctas_.erase(finished_ctas_.begin());
    ports_.done_out->push({id_, cta.cta_id, cta.footprint, cta.kernel});
    if (SmKernelCounters* kc = kernels_[cta.kernel].counters.get()) ++kc->ctas_completed;
    for (uint32_t slot : cta.warp_slots) warps_[slot] = Warp{};
    cta.valid = false;
    cta.stream.reset();
    --resident_ctas_;
    ++ctas_completed_;
  }
}

void SimtCore::describe_warps(std::ostream& os) const {
  for (uint32_t slot = 0; slot < warps_.size(); ++slot) {
    const Warp& w = warps_[slot];
    if (!w.valid || w.done) continue;
    const Cta& cta = ctas_[w.cta_slot];
    const WarpInst* inst = cta.stream->peek(w.index_in_cta);
    os << name() << " cta " << cta.cta_id << " warp " << w.index_in_cta << " pc 0x" << std::hex
       << (inst != nullptr ? inst->pc : 0) << std::dec << ": ";
    if (w.at_barrier) {
      const uint32_t expected =
          cta.bar_expected[w.barrier_id] != 0 ? cta.bar_expected[w.barrier_id] : cta.live_warps;
      os << "waiting at barrier " << unsigned(w.barrier_id) << " (" << cta.bar_arrived[w.barrier_id] << " of "
         << expected << " warps arrived)";
    } else {
      bool mem = false;
      for (const PendingWrite& pw : w.pending) mem |= pw.kind == PendingKind::mem_wait;
      os << (mem ? "waiting for memory" : "ready");
    }
    os << "\n";
  }
}

}  // namespace warpsim
