#include "models/core/cta_dispatcher.h"

#include <algorithm>

namespace warpsim {

namespace {
uint32_t round_up(uint64_t v, uint32_t unit) { return uint32_t((v + unit - 1) / unit * unit); }
}  // namespace

CtaFootprint cta_footprint(const KernelSource& kernel, const CoreParams& p) {
  CtaFootprint f;
  const uint64_t threads = kernel.block().count();
  f.threads = uint32_t(threads);
  f.warps = uint32_t((threads + kWarpSize - 1) / kWarpSize);
  // Registers are allocated per warp, rounded up to the allocation unit (as the CUDA occupancy
  // calculator does), so a 33-register kernel costs as much as a 40-register one.
  f.registers = f.warps * round_up(uint64_t(kernel.regs_per_thread()) * kWarpSize, p.register_alloc_unit);
  f.shared_bytes = round_up(kernel.shared_bytes_per_cta(), p.shared_alloc_unit);
  return f;
}

uint32_t ctas_per_sm(const CtaFootprint& f, const CoreParams& p) {
  uint32_t n = p.max_ctas;
  if (f.threads > 0) n = std::min(n, p.max_threads / f.threads);
  if (f.warps > 0) n = std::min(n, p.max_warps / f.warps);
  if (f.registers > 0) n = std::min(n, p.registers / f.registers);
  if (f.shared_bytes > 0) n = std::min(n, p.shared_bytes / f.shared_bytes);
  return n;
}

CtaDispatcher::CtaDispatcher(const CoreParams& params, stats::CounterRegistry& counters,
                             std::vector<Channel<CtaLaunch>*> to_sms, Channel<CtaDone>& done_in)
    : Component("dispatcher"),
      p_(params),
      to_sms_(std::move(to_sms)),
      done_in_(done_in),
      sms_(to_sms_.size()),
      ctas_launched_(counters.counter("dispatcher", "ctas_launched")) {}

uint32_t CtaDispatcher::launch(KernelSource& kernel, uint64_t start_cycle, stats::CounterRegistry* attributed) {
  uint32_t slot = 0;
  while (slot < kernels_.size() && kernels_[slot].active) ++slot;
  if (slot == kernels_.size()) kernels_.emplace_back();
  Kernel& k = kernels_[slot];
  k = Kernel{};
  k.active = true;
  k.source = &kernel;
  k.footprint = cta_footprint(kernel, p_);
  k.order = launches_++;
  k.start_cycle = start_cycle;
  k.total = kernel.grid().count();
  k.end_cycle = start_cycle;
  if (attributed != nullptr) k.ctas_launched = &attributed->counter("dispatcher", "ctas_launched");
  // A GPU that was idle takes the kernel's first CTAs from its start on every SM (the interval
  // between CTA launches onto an SM runs on across kernels that overlap).
  if (running_ == 0) {
    for (SmBook& sm : sms_) sm.next_launch = start_cycle;
  }
  ++running_;
  wake_at(domain()->edges().edge(start_cycle));
  return slot;
}

void CtaDispatcher::release(uint32_t slot) {
  kernels_[slot].active = false;
  kernels_[slot].source = nullptr;
  --running_;
}

uint64_t CtaDispatcher::ctas_completed() const {
  uint64_t n = 0;
  for (const Kernel& k : kernels_) n += k.active ? k.completed : 0;
  return n;
}

uint64_t CtaDispatcher::ctas_total() const {
  uint64_t n = 0;
  for (const Kernel& k : kernels_) n += k.active ? k.total : 0;
  return n;
}

bool CtaDispatcher::fits(const SmBook& sm, const CtaFootprint& f) const {
  return sm.ctas + 1 <= p_.max_ctas && sm.used.threads + f.threads <= p_.max_threads &&
         sm.used.warps + f.warps <= p_.max_warps && sm.used.registers + f.registers <= p_.registers &&
         sm.used.shared_bytes + f.shared_bytes <= p_.shared_bytes;
}

int CtaDispatcher::dispatching(uint64_t cycle) const {
  int best = -1;
  for (uint32_t s = 0; s < kernels_.size(); ++s) {
    const Kernel& k = kernels_[s];
    if (!k.active || k.next_cta == k.total || k.start_cycle > cycle) continue;
    if (best < 0 || k.start_cycle < kernels_[size_t(best)].start_cycle ||
        (k.start_cycle == kernels_[size_t(best)].start_cycle && k.order < kernels_[size_t(best)].order)) {
      best = int(s);
    }
  }
  return best;
}

bool CtaDispatcher::evaluate(uint64_t cycle) {
  const Picos t = now();
  while (done_in_.ready(t)) {
    const CtaDone d = done_in_.pop(t);
    SmBook& sm = sms_[d.sm];
    sm.used.threads -= d.footprint.threads;
    sm.used.warps -= d.footprint.warps;
    sm.used.registers -= d.footprint.registers;
    sm.used.shared_bytes -= d.footprint.shared_bytes;
    --sm.ctas;
    Kernel& k = kernels_[d.kernel];
    ++k.completed;
    // The kernel ends the cycle its last CTA's completion reaches the dispatcher.
    if (k.completed == k.total) {
      k.end_cycle = cycle;
      if (on_done_) on_done_(d.kernel);
    }
  }
  int slot = dispatching(cycle);
  if (slot < 0) return false;  // a kernel that starts later woke us for its start (launch())

  // One CTA per SM per launch interval, SMs visited round-robin so CTAs spread over the GPU.
  bool waiting_on_interval = false;
  const uint32_t n = uint32_t(sms_.size());
  // Every SM is visited once per cycle from where the last cycle's dispatch ended (rr_ moves
  // as CTAs go out, so the visit order is fixed at the start: reading rr_ inside the loop
  // skipped every other SM and stacked two CTAs on some while others got none).
  const uint32_t first = rr_;
  for (uint32_t i = 0; i < n && slot >= 0; ++i) {
    const uint32_t s = (first + i) % n;
    SmBook& sm = sms_[s];
    Kernel& k = kernels_[size_t(slot)];
    if (!fits(sm, k.footprint) || !to_sms_[s]->can_push()) continue;
    if (sm.next_launch > cycle) {
      waiting_on_interval = true;
      continue;
    }
    CtaLaunch launch;
    launch.cta_id = k.next_cta;
    launch.age = age_++;
    launch.footprint = k.footprint;
    launch.kernel = uint32_t(slot);
    launch.stream = k.source->open_cta(k.next_cta, s);
    to_sms_[s]->push(std::move(launch));
    ++k.next_cta;
    ++ctas_launched_;
    if (k.ctas_launched != nullptr) ++*k.ctas_launched;
    sm.used.threads += k.footprint.threads;
    sm.used.warps += k.footprint.warps;
    sm.used.registers += k.footprint.registers;
    sm.used.shared_bytes += k.footprint.shared_bytes;
    ++sm.ctas;
    sm.next_launch = cycle + p_.cta_launch_interval;
    rr_ = (s + 1) % n;
    // The kernel has dispatched its last CTA: the next younger one takes the remaining SMs.
    if (k.next_cta == k.total) slot = dispatching(cycle);
  }
  if (slot < 0) return false;  // every kernel has dispatched all its CTAs
  // CTAs are left. With no SM that has room for one, sleep until a completion arrives. An SM
  // with room whose launch channel is full wakes us when it takes a CTA out (the channels'
  // producer is this dispatcher); one whose channel was popped this cycle has room next cycle,
  // which no pop will announce, so that one keeps us awake.
  const CtaFootprint& f = kernels_[size_t(slot)].footprint;
  for (uint32_t s = 0; s < n; ++s) {
    if (fits(sms_[s], f) && !to_sms_[s]->full()) return true;
  }
  return waiting_on_interval;
}

}  // namespace warpsim
