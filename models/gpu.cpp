#include "models/gpu.h"

#include <algorithm>
#include <sstream>

#include "sim/config/config.h"
#include "sim/error.h"

namespace warpsim {

namespace {
uint64_t hz(const Config& cfg, const std::string& key) {
  return uint64_t(cfg.get_int(key, 1, 100000)) * 1'000'000ULL;
}
}  // namespace

Gpu::Gpu(const Config& cfg, Engine& engine, stats::CounterRegistry& counters)
    : params_(CoreParams::from_config(cfg)),
      engine_(engine),
      deadlock_cycles_(uint64_t(cfg.get_int("sim.deadlock_cycles", 100, int64_t(1) << 40))),
      launch_gap_(uint64_t(cfg.get_int("gpu.kernel_launch_gap", 0, int64_t(1) << 32))) {
  const uint32_t num_sms = uint32_t(cfg.get_int("gpu.num_sms", 1, 4096));
  core_ = &engine.add_domain("core", hz(cfg, "clocks.core_mhz"));
  // The interconnect, L2 and DRAM domains tick nothing yet (the memory-system issue fills them);
  // they exist so that their clocks are part of every configuration from the start.
  engine.add_domain("icnt", hz(cfg, "clocks.icnt_mhz"));
  engine.add_domain("l2", hz(cfg, "clocks.l2_mhz"));
  engine.add_domain("dram", hz(cfg, "clocks.dram_mhz"));

  const uint32_t outstanding = params_.max_outstanding_per_sm;
  done_channel_ = std::make_unique<Channel<CtaDone>>("dispatcher.done", *core_, 1,
                                                     num_sms * params_.max_ctas);
  std::vector<Channel<CtaLaunch>*> to_sms;
  std::vector<Channel<MemRequest>*> reqs;
  std::vector<Channel<MemResponse>*> resps;
  for (uint32_t i = 0; i < num_sms; ++i) {
    const std::string sm = "sm[" + std::to_string(i) + "]";
    cta_channels_.push_back(std::make_unique<Channel<CtaLaunch>>(sm + ".cta_in", *core_, 1, 2));
    req_channels_.push_back(std::make_unique<Channel<MemRequest>>(sm + ".mem_req", *core_, 1, outstanding));
    resp_channels_.push_back(std::make_unique<Channel<MemResponse>>(
        sm + ".mem_resp", *core_, params_.global_latency - 1, outstanding));
    to_sms.push_back(cta_channels_.back().get());
    reqs.push_back(req_channels_.back().get());
    resps.push_back(resp_channels_.back().get());
  }
  dispatcher_ = std::make_unique<CtaDispatcher>(params_, counters, to_sms, *done_channel_);
  memory_ = std::make_unique<FixedLatencyMemory>(params_, counters, reqs, resps);
  done_channel_->connect_consumer(*dispatcher_);
  core_->add(*dispatcher_);
  for (uint32_t i = 0; i < num_sms; ++i) {
    cores_.push_back(std::make_unique<SimtCore>(
        i, params_, counters,
        SimtCore::Ports{cta_channels_[i].get(), done_channel_.get(), req_channels_[i].get(),
                        resp_channels_[i].get()}));
    cta_channels_[i]->connect_consumer(*cores_.back());
    resp_channels_[i]->connect_consumer(*cores_.back());
    req_channels_[i]->connect_consumer(*memory_);
    core_->add(*cores_.back());
  }
  core_->add(*memory_);
}

Gpu::~Gpu() = default;

Gpu::KernelResult Gpu::run_kernel(KernelSource& kernel, uint64_t max_cycle) {
  const CtaFootprint f = cta_footprint(kernel, params_);
  if (ctas_per_sm(f, params_) == 0) {
    std::ostringstream os;
    os << "kernel '" << kernel.name() << "' does not fit an SM: one CTA needs " << f.threads
       << " threads, " << f.warps << " warps, " << f.registers << " registers, " << f.shared_bytes
       << " B shared memory; an SM has " << params_.max_threads << ", " << params_.max_warps << ", "
       << params_.registers << ", " << params_.shared_bytes;
    throw InputError("", 0, os.str());
  }
  KernelResult r;
  // The first kernel starts the run; each later one starts after the launch gap (the host-side
  // and front-end work of a launch, which the engine skips over as idle time).
  r.start_cycle = first_kernel_ ? 0 : core_->cycle() + 1 + launch_gap_;
  first_kernel_ = false;
  for (auto& c : cores_) c->begin_kernel(r.start_cycle);
  dispatcher_->launch(kernel, r.start_cycle);

  uint64_t progress = r.start_cycle;
  for (;;) {
    // Simulate in chunks that end at the next deadlock check, cycle limit or sample.
    uint64_t limit = std::min(max_cycle, progress + deadlock_cycles_);
    if (sampler_ != nullptr && sampler_->interval() > 0) limit = std::min(limit, sampler_->next_cycle());
    const bool idle = engine_.run(core_->edges().edge(limit + 1));  // runs core cycles <= limit
    if (dispatcher_->kernel_done() && drained()) break;
    // Nothing left to happen, yet CTAs remain: no event will ever make progress.
    if (idle) report_deadlock(kernel, core_->cycle());
    if (sampler_ != nullptr && sampler_->due(limit)) {
      for (auto& c : cores_) c->account_until(limit + 1);  // sleeping cores' cycles so far
      sampler_->sample(limit);
    }
    for (auto& c : cores_) progress = std::max(progress, c->last_issue_cycle());
    if (limit >= max_cycle) {
      r.hit_cycle_limit = true;
      r.end_cycle = limit + 1;
      for (auto& c : cores_) c->end_kernel(r.end_cycle);
      return r;
    }
    if (limit >= progress + deadlock_cycles_) report_deadlock(kernel, limit);
  }
  // The kernel ends when its last CTA has retired and its last store has been acknowledged.
  r.end_cycle = dispatcher_->end_cycle();
  for (auto& c : cores_) {
    if (c->last_response_cycle() >= r.start_cycle) r.end_cycle = std::max(r.end_cycle, c->last_response_cycle() + 1);
  }
  for (auto& c : cores_) c->end_kernel(r.end_cycle);
  return r;
}

bool Gpu::drained() const {
  for (const auto& c : cores_) {
    if (!c->drained()) return false;
  }
  return true;
}

void Gpu::report_deadlock(const KernelSource& kernel, uint64_t cycle) const {
  std::ostringstream os;
  os << "deadlock in kernel '" << kernel.name() << "' at cycle " << cycle << ": no instruction issued for "
     << deadlock_cycles_ << " cycles (" << dispatcher_->ctas_completed() << " of "
     << dispatcher_->ctas_total() << " CTAs done); stuck warps:";
  std::ostringstream warps;
  for (const auto& c : cores_) c->describe_warps(warps);
  std::string lines = warps.str();
  std::replace(lines.begin(), lines.end(), '\n', ';');
  if (lines.size() > 2000) lines = lines.substr(0, 2000) + " ...";
  os << " " << lines;
  throw DeadlockError(os.str());
}

}  // namespace warpsim
