#include "models/mem/l1_data_cache.h"

#include "sim/config/config.h"

namespace warpsim {

namespace {
// Histogram buckets of load latency (core cycles): <= 32, <= 64, ..., <= 4096, above.
constexpr uint32_t kHistFirstShift = 5;
constexpr uint32_t kHistBuckets = 9;

uint32_t popcount(uint32_t m) { return lane_count(m); }

bool bypasses_l1(CacheOp op) { return op == CacheOp::cg || op == CacheOp::cv; }
}  // namespace

L1Params L1Params::from_config(const Config& cfg) {
  L1Params p;
  auto u = [&](const std::string& key, int64_t lo, int64_t hi) { return uint32_t(cfg.get_int(key, lo, hi)); };
  const uint64_t sram = u("l1d.sram_bytes", 0, 1 << 26);
  const uint64_t carveout = u("shmem.carveout_bytes", 0, 1 << 26);
  if (carveout > sram) {
    cfg.fail("shmem.carveout_bytes", "shmem.carveout_bytes = " + std::to_string(carveout) +
                                         " B exceeds the SM's unified SRAM, l1d.sram_bytes = " +
                                         std::to_string(sram) + " B");
  }
  p.tags = SectorTagsParams::from_config(cfg, "l1d", sram - carveout,
                                         "the L1 (l1d.sram_bytes - shmem.carveout_bytes)");
  p.sets = u("l1d.sets", 1, 1 << 20);
  p.mshrs = u("l1d.mshrs", 1, 1 << 16);
  p.mshr_max_merged = u("l1d.mshr_max_merged", 1, 1 << 16);
  p.miss_queue = u("l1d.miss_queue", 1, 1 << 16);
  p.hit_latency = u("l1d.hit_latency", 1, 100000);
  p.tag_lines_per_cycle = u("l1d.tag_lines_per_cycle", 1, 64);
  p.coalesce_latency = u("l1d.coalesce_latency", 1, 1000);
  p.pending_accesses = u("l1d.pending_accesses", 1, 1 << 16);
  p.max_inflight = u("l1d.max_inflight_accesses", 1, 1 << 16);
  return p;
}

L1DataCache::L1DataCache(uint32_t sm, const L1Params& p, const AddressMap& map,
                         stats::CounterRegistry& counters, Ports ports)
    : Component("sm[" + std::to_string(sm) + "].l1d"),
      sm_(sm),
      p_(p),
      map_(map),
      ports_(ports),
      enabled_(p.tags.size_bytes > 0),
      // A disabled L1 still needs a valid (unused) geometry for its tag object.
      tags_(enabled_ ? p.tags : SectorTagsParams{p.tags.line_bytes * 1ull, p.tags.line_bytes, p.tags.sector_bytes, 1,
                                                 p.tags.replacement, p.tags.set_index, p.tags.seed}),
      mshrs_(p.mshrs, p.mshr_max_merged),
      slots_(p.max_inflight),
      accesses_(counters.counter(name(), "accesses")),
      hits_(counters.counter(name(), "hits")),
      misses_(counters.counter(name(), "misses")),
      sector_misses_(counters.counter(name(), "sector_misses")),
      mshr_merges_(counters.counter(name(), "mshr_merges")),
      reservation_fails_(counters.counter(name(), "reservation_fails")),
      bypasses_(counters.counter(name(), "bypasses")),
      writes_(counters.counter(name(), "writes")),
      writebacks_(counters.counter(name(), "writebacks")),
      requests_(counters.counter(name(), "requests")) {
  free_slots_.reserve(p.max_inflight);
  for (uint32_t i = p.max_inflight; i-- > 0;) free_slots_.push_back(i);
  const std::string ldst = "sm[" + std::to_string(sm) + "].ldst";
  const char* const levels[] = {"", "l1", "l2", "dram"};
  for (uint32_t l = 1; l < 4; ++l) {
    latency_sum_[l] = &counters.counter(ldst, std::string("load_latency_sum_") + levels[l]);
    latency_count_[l] = &counters.counter(ldst, std::string("loads_") + levels[l]);
  }
  for (uint32_t b = 0; b < kHistBuckets; ++b) {
    const std::string label = b + 1 < kHistBuckets ? "load_latency_le_" + std::to_string(1u << (kHistFirstShift + b))
                                                   : "load_latency_gt_" + std::to_string(1u << (kHistFirstShift + b - 1));
    latency_hist_.push_back(&counters.counter(ldst, label));
  }
}

void L1DataCache::set_capacity(uint64_t bytes) {
  if (bytes == capacity_) return;
  SectorTagsParams t = p_.tags;
  t.size_bytes = bytes;
  t.ways = uint32_t(bytes / (uint64_t(p_.sets) * t.line_bytes));
  enabled_ = bytes > 0;
  if (!enabled_) t = SectorTagsParams{t.line_bytes * 1ull, t.line_bytes, t.sector_bytes, 1, t.replacement, t.set_index, t.seed};
  tags_ = SectorTags(t);
  capacity_ = bytes;
  head_refused_ = false;
}

void L1DataCache::invalidate() {
  if (enabled_) tags_.invalidate_all([](uint64_t, uint32_t) {});
  head_refused_ = false;
}

MemPacket L1DataCache::packet(uint64_t line, uint32_t sectors, MemOp op, uint32_t token, uint64_t cycle,
                              CacheOp cop) const {
  MemPacket m;
  m.addr = line;
  m.sector_mask = sectors;
  m.op = op;
  m.cache_op = cop;
  m.src = uint16_t(sm_);
  // Loads and stores go to this SM's partition of the L2, which caches every address for it;
  // atomics to the line's home slice, the point of coherence where they execute.
  m.dst = uint16_t(op == MemOp::atomic ? map_.slice_of(line) : map_.slice_for(line, l2_side_));
  m.token = token;
  // Write data and atomic operands travel with the request; a read request is its header.
  m.payload_bytes = op == MemOp::read ? 0 : popcount(sectors) * p_.tags.sector_bytes;
  m.born = cycle;
  return m;
}

bool L1DataCache::evaluate(uint64_t cycle) {
  const Picos t = now();
  // Replies first: a fill this cycle may complete accesses and free MSHRs for the tag stage.
  while (ports_.from_noc->ready(t)) on_reply(ports_.from_noc->pop(t), cycle);

  // Accept accesses from the scheduler while a slot is free to track them.
  while (!free_slots_.empty() && ports_.from_core->ready(t)) {
    const uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    Inflight& f = slots_[slot];
    f.acc = ports_.from_core->pop(t);
    f.lines_left = uint32_t(f.acc.lines.size());
    f.level = 0;
    ++live_;
    tag_queue_.push_back(slot);
  }

  // Tag stage: `tag_lines_per_cycle` lines of the oldest accesses (128 B of data per line).
  for (uint32_t n = 0; n < p_.tag_lines_per_cycle && !tag_queue_.empty();) {
    const uint32_t slot = tag_queue_.front();
    Inflight& f = slots_[slot];
    if (f.acc.lines.empty()) {  // no active lane: nothing to look up
      tag_queue_.pop_front();
      complete(slot, cycle + 1);
      continue;
    }
    if (head_refused_ || !process_line(slot, f.acc.lines[head_line_], cycle)) {
      head_refused_ = true;
      ++reservation_fails_;
      break;
    }
    ++n;
    if (++head_line_ == f.acc.lines.size()) {
      head_line_ = 0;
      tag_queue_.pop_front();
    }
  }

  // Misses and write-throughs leave for the L2, one per cycle.
  if (!miss_queue_.empty() && ports_.to_noc->can_push()) {
    ports_.to_noc->push(miss_queue_.front());
    miss_queue_.pop_front();
    head_refused_ = false;  // room in the miss queue
  }

  // Accesses whose last line is done respond to the scheduler.
  while (!done_.empty() && done_.top().cycle <= cycle) {
    const Done d = done_.top();
    done_.pop();
    Inflight& f = slots_[d.slot];
    f.level = std::max(f.level, d.level);
    if (--f.lines_left == 0) responses_.push_back(d.slot);
  }
  size_t sent = 0;
  for (; sent < responses_.size() && ports_.to_core->can_push(); ++sent) complete(responses_[sent], cycle);
  responses_.erase(responses_.begin(), responses_.begin() + long(sent));

  if (!tag_queue_.empty() || !miss_queue_.empty() || !responses_.empty()) return true;
  if (!done_.empty()) wake_at(domain()->edges().edge(done_.top().cycle));
  return false;
}

void L1DataCache::complete(uint32_t slot, uint64_t cycle) {
  Inflight& f = slots_[slot];
  LsuResponse r;
  r.warp_slot = f.acc.warp_slot;
  r.cta_slot = f.acc.cta_slot;
  r.is_write = f.acc.op == MemOp::write;
  r.num_dst = f.acc.num_dst;
  r.dst = f.acc.dst;
  r.async_group = f.acc.async_group;
  r.kernel = f.acc.kernel;
  if (f.acc.op != MemOp::write && f.level != 0) {
    const uint64_t lat = cycle - f.acc.issue_cycle;
    *latency_sum_[f.level] += lat;
    ++*latency_count_[f.level];
    uint32_t b = 0;
    while (b + 1 < kHistBuckets && lat > (uint64_t(1) << (kHistFirstShift + b))) ++b;
    ++*latency_hist_[b];
  }
  ports_.to_core->push(r);
  f.acc.lines.clear();
  free_slots_.push_back(slot);
  --live_;
}

void L1DataCache::allocate(uint64_t line, bool evict_first, uint64_t cycle) {
  const SectorTags::Victim v = tags_.allocate(line, evict_first);
  if (v.valid && v.dirty_mask != 0) {
    ++writebacks_;
    send(packet(v.line_addr, v.dirty_mask, MemOp::write, kNoWaiter, cycle, CacheOp::def));
  }
}

void L1DataCache::line_done(uint32_t slot, uint8_t level, uint64_t at) {
  done_.push({at, done_seq_++, slot, level});
}

bool L1DataCache::process_line(uint32_t slot, const LineAccess& line, uint64_t cycle) {
  const Inflight& f = slots_[slot];
  const WarpMemAccess& a = f.acc;
  const uint32_t sectors = line.sectors;
  const auto room = [&](size_t n) { return miss_queue_.size() + n <= p_.miss_queue; };

  if (a.op == MemOp::atomic || (a.op == MemOp::read && (!enabled_ || bypasses_l1(a.cache_op)))) {
    if (!room(1)) return false;
    if (a.op != MemOp::atomic) ++bypasses_;
    ++requests_;
    send(packet(line.line, sectors, a.op, kDirect | slot, cycle, a.cache_op));
    return true;
  }

  if (a.op == MemOp::write) {
    ++writes_;
    if (a.space == MemSpace::local && enabled_) {
      // Write-back for local memory: allocate, mark dirty, write the victim's dirty sectors back.
      const SectorTags::Probe pr = tags_.probe(line.line, sectors);
      if (pr.outcome == SectorTags::Outcome::miss) {
        if (!room(1)) return false;
        allocate(line.line, false, cycle);
      } else {
        tags_.touch(line.line);
      }
      tags_.mark_dirty(line.line, sectors);
      line_done(slot, kServedByL1, cycle + p_.hit_latency);
      return true;
    }
    // Write-through, no allocate: a present line keeps its sectors current.
    if (!room(1)) return false;
    if (enabled_ && tags_.probe(line.line, sectors).outcome != SectorTags::Outcome::miss) {
      tags_.fill(line.line, sectors);
    }
    ++requests_;
    send(packet(line.line, sectors, MemOp::write, kDirect | slot, cycle, a.cache_op));
    return true;
  }

  // Cached read.
  const SectorTags::Probe pr = tags_.probe(line.line, sectors);
  if (pr.outcome == SectorTags::Outcome::hit) {
    ++accesses_;
    ++hits_;
    tags_.touch(line.line);
    line_done(slot, kServedByL1, cycle + p_.hit_latency);
    return true;
  }
  auto* e = mshrs_.find(line.line);
  if (e != nullptr) {
    const uint32_t extra = pr.missing_mask & ~e->requested_mask;
    if (!mshrs_.can_merge(*e) || (extra != 0 && !room(1))) return false;
    ++accesses_;
    ++mshr_merges_;
    e->waiters.push_back({slot, pr.missing_mask});
    if (extra != 0) {
      e->requested_mask |= extra;
      ++requests_;
      send(packet(line.line, extra, MemOp::read, kMshrToken, cycle, a.cache_op));
    }
    return true;
  }
  const bool absent = pr.outcome == SectorTags::Outcome::miss;
  if (mshrs_.full() || !room(absent ? 2 : 1)) return false;
  ++accesses_;
  ++(absent ? misses_ : sector_misses_);
  if (absent) {
    allocate(line.line, a.cache_op == CacheOp::cs, cycle);
  } else {
    tags_.touch(line.line);
  }
  auto& entry = mshrs_.allocate(line.line);
  entry.requested_mask = pr.missing_mask;
  entry.waiters.push_back({slot, pr.missing_mask});
  ++requests_;
  send(packet(line.line, pr.missing_mask, MemOp::read, kMshrToken, cycle, a.cache_op));
  return true;
}

void L1DataCache::on_reply(const MemPacket& p, uint64_t cycle) {
  head_refused_ = false;  // a fill or a freed MSHR may let the head line through
  if ((p.token & kDirect) != 0) {
    const uint32_t slot = p.token & ~kDirect;
    if (p.token == kNoWaiter) return;  // acknowledgement of a write-back: nobody waits
    line_done(slot, p.op == MemOp::write ? kServedByL2 : p.served_by, cycle);
    return;
  }
  auto* e = mshrs_.find(p.addr);
  if (e == nullptr) return;
  if (enabled_) tags_.fill(p.addr, p.sector_mask);
  e->requested_mask &= ~p.sector_mask;
  // Each waiter is done when every sector it missed has arrived; the entry lives until its last
  // waiter is done (every sector it asked for was asked for some waiter).
  auto& ws = e->waiters;
  size_t kept = 0;
  for (size_t i = 0; i < ws.size(); ++i) {
    ws[i].sectors &= ~p.sector_mask;
    if (ws[i].sectors == 0) {
      line_done(ws[i].slot, p.served_by, cycle);
    } else {
      ws[kept++] = ws[i];
    }
  }
  ws.resize(kept);
  if (ws.empty()) mshrs_.release(p.addr);
}

}  // namespace warpsim
