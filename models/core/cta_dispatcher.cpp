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

void CtaDispatcher::launch(KernelSource& kernel, uint64_t start_cycle) {
  kernel_ = &kernel;
  footprint_ = cta_footprint(kernel, p_);
  next_cta_ = 0;
  total_ = kernel.grid().count();
  completed_ = 0;
  end_cycle_ = start_cycle;
  for (SmBook& sm : sms_) sm.next_launch = start_cycle;
  wake_at(domain()->edges().edge(start_cycle));
}

bool CtaDispatcher::fits(const SmBook& sm) const {
  return sm.ctas + 1 <= p_.max_ctas && sm.used.threads + footprint_.threads <= p_.max_threads &&
         sm.used.warps + footprint_.warps <= p_.max_warps &&
         sm.used.registers + footprint_.registers <= p_.registers &&
         sm.used.shared_bytes + footprint_.shared_bytes <= p_.shared_bytes;
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
    ++completed_;
    // The kernel ends the cycle its last CTA's completion reaches the dispatcher.
    if (completed_ == total_) end_cycle_ = cycle;
  }
  if (kernel_ == nullptr || next_cta_ == total_) return false;

  // One CTA per SM per launch interval, SMs visited round-robin so CTAs spread over the GPU.
  bool waiting_on_interval = false;
  const uint32_t n = uint32_t(sms_.size());
  // Every SM is visited once per cycle from where the last cycle's dispatch ended (rr_ moves
  // as CTAs go out, so the visit order is fixed at the start: reading rr_ inside the loop
  // skipped every other SM and stacked two CTAs on some while others got none).
  const uint32_t first = rr_;
  for (uint32_t i = 0; i < n && next_cta_ < total_; ++i) {
    const uint32_t s = (first + i) % n;
    SmBook& sm = sms_[s];
    if (!fits(sm) || !to_sms_[s]->can_push()) continue;
    if (sm.next_launch > cycle) {
      waiting_on_interval = true;
      continue;
    }
    CtaLaunch launch;
    launch.cta_id = next_cta_;
    launch.age = age_++;
    launch.footprint = footprint_;
    launch.stream = kernel_->open_cta(next_cta_, s);
    to_sms_[s]->push(std::move(launch));
    ++next_cta_;
    ++ctas_launched_;
    sm.used.threads += footprint_.threads;
    sm.used.warps += footprint_.warps;
    sm.used.registers += footprint_.registers;
    sm.used.shared_bytes += footprint_.shared_bytes;
    ++sm.ctas;
    sm.next_launch = cycle + p_.cta_launch_interval;
    rr_ = (s + 1) % n;
  }
  // With CTAs left but no SM with room, sleep until a completion arrives.
  if (next_cta_ == total_) return false;
  for (uint32_t s = 0; s < n; ++s) {
    if (fits(sms_[s]) && to_sms_[s]->can_push()) return true;
  }
  return waiting_on_interval;
}

}  // namespace warpsim
