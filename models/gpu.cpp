#include "models/gpu.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

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
  ClockDomain& icnt = engine.add_domain("icnt", hz(cfg, "clocks.icnt_mhz"));
  ClockDomain& l2 = engine.add_domain("l2", hz(cfg, "clocks.l2_mhz"));

  // Each component reads its own section of the config.
  const L1Params l1p = L1Params::from_config(cfg);
  sram_bytes_ = l1p.tags.size_bytes + params_.shared_bytes;
  parse_carveouts(cfg, l1p);
  L2Params l2p = L2Params::from_config(cfg);
  const NetworkParams netp = NetworkParams::from_config(cfg);
  const DramChannelParams dramp = DramChannelParams::from_config(cfg, default_presets_dir());
  dram_mhz_ = dramp.clock_mhz;
  ClockDomain& dram = engine.add_domain("dram", uint64_t(dram_mhz_) * 1'000'000);
  address_map_ = std::make_unique<AddressMap>(AddressMap::from_config(cfg, dramp.standard));
  l2p.tags.index_skip_mask = address_map_->slice_select_mask();
  const uint32_t channels = address_map_->channels();
  const uint32_t subparts = address_map_->subpartitions();
  const uint32_t num_slices = channels * subparts;
  if (num_slices % l2p.partitions != 0) {
    cfg.fail("l2.partitions", "l2.partitions = " + std::to_string(l2p.partitions) + " does not divide the " +
                                  std::to_string(num_slices) + " L2 slices");
  }
  if (num_sms < l2p.partitions) {
    cfg.fail("l2.partitions", "l2.partitions = " + std::to_string(l2p.partitions) + " is more than the " +
                                  std::to_string(num_sms) + " SMs");
  }
  address_map_->set_partitions(l2p.partitions);
  flush_l2_between_kernels_ = cfg.get_bool("l2.flush_between_kernels");
  prefill_from_memcpy_ = cfg.get_bool("l2.prefill_from_memcpy");
  l2_bytes_ = uint64_t(num_slices) * l2p.tags.size_bytes;
  l2_line_bytes_ = l2p.tags.line_bytes;

  // CTA dispatch.
  done_channel_ = std::make_unique<Channel<CtaDone>>("dispatcher.done", *core_, 1,
                                                     num_sms * params_.max_ctas);
  std::vector<Channel<CtaLaunch>*> to_sms;
  for (uint32_t i = 0; i < num_sms; ++i) {
    cta_channels_.push_back(std::make_unique<Channel<CtaLaunch>>("sm[" + std::to_string(i) + "].cta_in", *core_, 1, 2));
    to_sms.push_back(cta_channels_.back().get());
  }
  dispatcher_ = std::make_unique<CtaDispatcher>(params_, counters, to_sms, *done_channel_);
  for (auto& c : cta_channels_) c->connect_producer(*dispatcher_);
  dispatcher_->set_max_kernels(uint32_t(cfg.get_int("gpu.max_concurrent_kernels", 1, 4096)));
  dispatcher_->set_done_listener([this](uint32_t slot) { on_kernel_event(slot); });
  done_channel_->connect_consumer(*dispatcher_);
  core_->add(*dispatcher_);

  // SMs and their L1s: scheduler -> (coalesced accesses) -> L1 -> (responses) -> scheduler.
  std::vector<Channel<MemPacket>*> sm_out, sm_in;
  for (uint32_t i = 0; i < num_sms; ++i) {
    const std::string sm = "sm[" + std::to_string(i) + "]";
    auto* to_l1 = channel(access_channels_, sm + ".ldst", *core_, l1p.coalesce_latency, l1p.pending_accesses);
    auto* from_l1 = channel(response_channels_, sm + ".ldst_resp", *core_, 1, l1p.max_inflight);
    sm_out.push_back(channel(packet_channels_, sm + ".noc_out", *core_, 1, 2));
    sm_in.push_back(channel(packet_channels_, sm + ".noc_in", icnt, 1, 2));
    cores_.push_back(std::make_unique<SimtCore>(
        i, params_, counters, SimtCore::Ports{cta_channels_[i].get(), done_channel_.get(), to_l1, from_l1}));
    l1s_.push_back(std::make_unique<L1DataCache>(i, l1p, *address_map_, counters,
                                                 L1DataCache::Ports{to_l1, from_l1, sm_out.back(), sm_in.back()}));
    // SMs are wired to the L2 partitions in equal runs of SM numbers (GPCs of consecutive SMs).
    l1s_.back()->set_l2_partition(uint32_t(uint64_t(i) * l2p.partitions / num_sms));
    cores_.back()->set_drain_listener([this](uint32_t slot) { on_kernel_event(slot); });
    cta_channels_[i]->connect_consumer(*cores_.back());
    from_l1->connect_consumer(*cores_.back());
    to_l1->connect_consumer(*l1s_.back());
    to_l1->connect_producer(*cores_.back());
    sm_in.back()->connect_consumer(*l1s_.back());
    core_->add(*cores_.back());
    core_->add(*l1s_.back());
  }

  // L2 slices, memory channel by memory channel: slice j serves sub-partition j % subparts of
  // channel j / subparts, and is endpoint j of both networks.
  std::vector<Channel<MemPacket>*> slice_in, slice_out;
  const uint64_t l2_hz = hz(cfg, "clocks.l2_mhz");
  const uint64_t dram_hz = uint64_t(dram_mhz_) * 1'000'000;
  // The memory controller's pipeline, given in DRAM cycles, in each producer's clock.
  const uint32_t ctl_dram = uint32_t(cfg.get_int("dram.controller_latency", 1, 100000));
  const uint32_t ctl_l2 = uint32_t(std::max<uint64_t>(1, (uint64_t(ctl_dram) * l2_hz + dram_hz - 1) / dram_hz));
  std::vector<std::vector<Channel<DramRequest>*>> to_dram(channels), from_dram(channels);
  // Two partitions: each slice's link to its peer (the slice at the same position in the other
  // partition), one channel per direction for requests and one for replies, l2.far_latency each.
  std::vector<Channel<PeerMessage>*> peer_req, peer_reply;
  if (l2p.partitions > 1) {
    const uint32_t hop = std::max<uint32_t>(1, l2p.far_latency);
    for (uint32_t j = 0; j < num_slices; ++j) {
      const std::string name = "l2[" + std::to_string(j) + "]";
      // Room for a message per cycle across the whole hop (as the DRAM channels' ctl + 4), so
      // the link's latency never caps its throughput.
      peer_channels_.push_back(std::make_unique<Channel<PeerMessage>>(name + ".peer_out", l2, hop, hop + 4));
      peer_req.push_back(peer_channels_.back().get());
      peer_channels_.push_back(std::make_unique<Channel<PeerMessage>>(name + ".peer_reply", l2, hop, hop + 4));
      peer_reply.push_back(peer_channels_.back().get());
    }
  }
  for (uint32_t j = 0; j < num_slices; ++j) {
    const std::string name = "l2[" + std::to_string(j) + "]";
    slice_in.push_back(channel(packet_channels_, name + ".noc_in", icnt, 1, 2));
    slice_out.push_back(channel(packet_channels_, name + ".noc_out", l2, 1, 2));
    auto* req = channel(dram_channels_, name + ".dram_out", l2, ctl_l2, ctl_l2 + 4);
    auto* resp = channel(dram_channels_, name + ".dram_in", dram, std::max<uint32_t>(1, ctl_dram), ctl_dram + 4);
    to_dram[j / subparts].push_back(req);
    from_dram[j / subparts].push_back(resp);
    L2Slice::Ports ports{slice_in.back(), slice_out.back(), req, resp};
    if (l2p.partitions > 1) {
      const uint32_t peer = (j + num_slices / 2) % num_slices;
      ports.to_peer = peer_req[j];
      ports.from_peer = peer_req[peer];
      ports.to_peer_reply = peer_reply[j];
      ports.from_peer_reply = peer_reply[peer];
    }
    slices_.push_back(std::make_unique<L2Slice>(j, uint16_t(j % subparts), l2p, *address_map_, counters, ports));
    slice_in.back()->connect_consumer(*slices_.back());
    resp->connect_consumer(*slices_.back());
    req->connect_producer(*slices_.back());
    slice_out.back()->connect_producer(*slices_.back());
    l2.add(*slices_.back());
  }
  for (uint32_t j = 0; j < peer_req.size(); ++j) {
    const uint32_t peer = (j + num_slices / 2) % num_slices;
    peer_req[j]->connect_producer(*slices_[j]);
    peer_req[j]->connect_consumer(*slices_[peer]);
    peer_reply[j]->connect_producer(*slices_[j]);
    peer_reply[j]->connect_consumer(*slices_[peer]);
  }
  for (uint32_t c = 0; c < channels; ++c) {
    drams_.push_back(std::make_unique<DramChannel>("dram[" + std::to_string(c) + "]", dramp, counters,
                                                   to_dram[c], from_dram[c]));
    for (auto* ch : to_dram[c]) ch->connect_consumer(*drams_.back());
    dram.add(*drams_.back());
  }

  // The two networks: requests SM -> slice, replies slice -> SM.
  request_net_ = make_network("noc.req", netp, counters, sm_out, slice_in);
  reply_net_ = make_network("noc.reply", netp, counters, slice_out, sm_in);
  for (auto* ch : sm_out) ch->connect_consumer(*request_net_);
  for (auto* ch : slice_out) ch->connect_consumer(*reply_net_);
  icnt.add(*request_net_);
  icnt.add(*reply_net_);
}

void Gpu::parse_carveouts(const Config& cfg, const L1Params& l1p) {
  const std::string key = "shmem.carveout_options";
  const std::string text = cfg.get_string(key);
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    const size_t b = item.find_first_not_of(' '), e = item.find_last_not_of(' ');
    const std::string kb = b == std::string::npos ? "" : item.substr(b, e - b + 1);
    if (kb.empty() || kb.find_first_not_of("0123456789") != std::string::npos || kb.size() > 6) {
      cfg.fail(key, key + ": '" + text + "' is not a comma-separated list of KB counts");
    }
    const uint64_t bytes = std::stoull(kb) * 1024;
    if (bytes > params_.shared_bytes) {
      cfg.fail(key, key + ": " + kb + " KB exceeds shmem.carveout_bytes = " + std::to_string(params_.shared_bytes));
    }
    SectorTagsParams t = l1p.tags;
    t.size_bytes = sram_bytes_ - bytes;
    t.ways = uint32_t(t.size_bytes / (uint64_t(l1p.sets) * t.line_bytes));
    try {
      if (t.size_bytes > 0) SectorTags check(t);
    } catch (const std::invalid_argument& err) {
      cfg.fail(key, key + ": " + kb + " KB leaves an L1 of " + std::to_string(t.size_bytes) + " B: " + err.what());
    }
    carveouts_.push_back(bytes);
  }
  std::sort(carveouts_.begin(), carveouts_.end());
}

void Gpu::choose_carveout(const KernelSource& kernel) {
  if (carveouts_.empty()) return;
  // As many CTAs as the SM's other limits allow, each with its shared memory (in allocation units).
  CtaFootprint f = cta_footprint(kernel, params_);
  const uint64_t shared = f.shared_bytes;
  f.shared_bytes = 0;
  const uint64_t need = uint64_t(ctas_per_sm(f, params_)) * shared;
  uint64_t carve = params_.shared_bytes;
  for (uint64_t c : carveouts_) {
    if (c >= need) {
      carve = c;
      break;
    }
  }
  for (auto& l1 : l1s_) l1->set_capacity(sram_bytes_ - carve);
}

void Gpu::copy_to_device(uint64_t addr, uint64_t bytes) {
  if (!prefill_from_memcpy_ || bytes == 0) return;
  // Only the copy's last L2-full can still be in the L2 when it ends (later lines evict earlier
  // ones), so a copy larger than that costs no more than the L2 it fills.
  const uint64_t line = l2_line_bytes_;
  const uint64_t end = addr + bytes;
  const uint64_t begin = bytes > 2 * l2_bytes_ ? end - 2 * l2_bytes_ : addr;
  for (uint64_t a = begin & ~(line - 1); a < end; a += line) slices_[address_map_->slice_of(a)]->prefill(a);
}

Gpu::~Gpu() = default;

Gpu::KernelResult Gpu::run_kernel(KernelSource& kernel, uint64_t max_cycle) {
  // The first kernel starts the run; each later one starts after the launch gap (the host-side
  // and front-end work of a launch, which the engine skips over as idle time).
  launch(kernel, first_kernel_ ? 0 : core_->cycle() + 1 + launch_gap_);
  std::vector<Finished> done = run(max_cycle);
  return done.front().result;
}

uint32_t Gpu::launch(KernelSource& kernel, uint64_t start_cycle) {
  const CtaFootprint f = cta_footprint(kernel, params_);
  if (ctas_per_sm(f, params_) == 0) {
    std::ostringstream os;
    os << "kernel '" << kernel.name() << "' does not fit an SM: one CTA needs " << f.threads
       << " threads, " << f.warps << " warps, " << f.registers << " registers, " << f.shared_bytes
       << " B shared memory; an SM has " << params_.max_threads << ", " << params_.max_warps << ", "
       << params_.registers << ", " << params_.shared_bytes;
    throw InputError("", 0, os.str());
  }
  first_kernel_ = false;
  if (dispatcher_->running() == 0) {
    // The GPU was idle: stall accounting resumes at the kernel's start, and the L1s start empty
    // (L1s are not coherent: the invalidation a kernel launch performs on NVIDIA GPUs). A kernel
    // that joins running ones shares their caches as they are.
    for (auto& c : cores_) c->begin_kernel(start_cycle);
    for (auto& l1 : l1s_) l1->invalidate();
    choose_carveout(kernel);
  }
  kernel.bind_timing(params_.timing);
  // The slot the dispatcher will give it (its lowest free one) counts what is done for it alone;
  // its registry lives as long as the GPU and starts each kernel at 0.
  uint32_t slot = 0;
  while (slot < slot_counters_.size() && dispatcher_->slot_active(slot)) ++slot;
  if (slot == slot_counters_.size()) {
    slot_counters_.push_back(std::make_unique<stats::CounterRegistry>());
    stats::CounterRegistry* attributed = kernels_may_overlap_ ? slot_counters_.back().get() : nullptr;
    for (auto& c : cores_) c->add_kernel_slot(slot, attributed);
  }
  slot_counters_[slot]->reset();
  const uint32_t given = dispatcher_->launch(kernel, start_cycle, slot_counters_[slot].get());
  if (given != slot) throw std::logic_error("kernel slot mismatch");
  progress_ = std::max(progress_, start_cycle);
  return slot;
}

bool Gpu::finished(uint32_t slot) const {
  if (!dispatcher_->kernel_done(slot)) return false;
  for (const auto& c : cores_) {
    if (!c->drained(slot)) return false;
  }
  return true;
}

void Gpu::on_kernel_event(uint32_t slot) {
  // Alone, the kernel's end is seen when the engine runs out of work, as it always was.
  if (dispatcher_->running() > 1 && finished(slot)) engine_.pause();
}

std::vector<Gpu::Finished> Gpu::run(uint64_t max_cycle) {
  std::vector<Finished> out;
  for (;;) {
    // Simulate in chunks that end at the next deadlock check, cycle limit or sample.
    uint64_t limit = std::min(max_cycle, progress_ + deadlock_cycles_);
    if (sampler_ != nullptr && sampler_->interval() > 0) limit = std::min(limit, sampler_->next_cycle());
    const bool idle = engine_.run(core_->edges().edge(limit + 1));  // runs core cycles <= limit
    for (uint32_t slot = 0; slot < slot_counters_.size(); ++slot) {
      if (!dispatcher_->slot_active(slot) || !finished(slot)) continue;
      // The kernel ends when its last CTA has retired and its last store has been acknowledged.
      Finished f;
      f.slot = slot;
      f.result.start_cycle = dispatcher_->start_cycle(slot);
      f.result.end_cycle = dispatcher_->end_cycle(slot);
      for (auto& c : cores_) {
        const uint64_t last = c->last_response_cycle(slot);
        if (last >= f.result.start_cycle) f.result.end_cycle = std::max(f.result.end_cycle, last + 1);
      }
      out.push_back(f);
    }
    if (!out.empty()) break;
    // Nothing left to happen, yet CTAs remain: no event will ever make progress.
    if (idle) report_deadlock(core_->cycle());
    if (sampler_ != nullptr && sampler_->due(limit)) {
      for (auto& c : cores_) c->account_until(limit + 1);  // sleeping cores' cycles so far
      sampler_->sample(limit);
    }
    for (auto& c : cores_) progress_ = std::max(progress_, c->last_issue_cycle());
    if (limit >= max_cycle) {
      for (uint32_t slot = 0; slot < slot_counters_.size(); ++slot) {
        if (!dispatcher_->slot_active(slot)) continue;
        Finished f;
        f.slot = slot;
        f.result.start_cycle = std::min(dispatcher_->start_cycle(slot), limit + 1);
        f.result.end_cycle = limit + 1;
        f.result.hit_cycle_limit = true;
        out.push_back(f);
      }
      break;
    }
    if (limit >= progress_ + deadlock_cycles_) report_deadlock(limit);
  }
  uint64_t last_end = 0;
  for (const Finished& f : out) {
    dispatcher_->release(f.slot);
    last_end = std::max(last_end, f.result.end_cycle);
  }
  if (dispatcher_->running() == 0) {
    // The GPU is idle until the next launch: its stall accounting stops at the last end.
    for (auto& c : cores_) c->end_kernel(last_end);
    if (flush_l2_between_kernels_ && !out.front().result.hit_cycle_limit) {
      for (auto& sl : slices_) sl->flush();
    }
  }
  return out;
}

void Gpu::report_deadlock(uint64_t cycle) const {
  std::ostringstream os;
  std::string names;
  for (uint32_t slot = 0; slot < slot_counters_.size(); ++slot) {
    if (!dispatcher_->slot_active(slot)) continue;
    names += std::string(names.empty() ? "" : "', '") + dispatcher_->kernel(slot).name();
  }
  os << "deadlock in kernel '" << names << "' at cycle " << cycle << ": no instruction issued for "
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
