#include "models/mem/l2_slice.h"

#include "sim/config/config.h"

namespace warpsim {

L2Params L2Params::from_config(const Config& cfg) {
  L2Params p;
  auto u = [&](const std::string& key, int64_t lo, int64_t hi) { return uint32_t(cfg.get_int(key, lo, hi)); };
  p.tags = SectorTagsParams::from_config(cfg, "l2", u("l2.slice_bytes", 1, 1 << 30), "l2.slice_bytes");
  p.write_allocate = cfg.get_bool("l2.write_allocate");
  p.mshrs = u("l2.mshrs", 1, 1 << 16);
  p.mshr_max_merged = u("l2.mshr_max_merged", 1, 1 << 16);
  p.access_latency = u("l2.access_latency", 1, 100000);
  p.tag_accesses_per_cycle = u("l2.tag_accesses_per_cycle", 1, 64);
  p.atomic_latency = u("l2.atomic_latency", 1, 100000);
  p.atomic_interval = u("l2.atomic_interval", 1, 100000);
  p.miss_queue = u("l2.miss_queue", 2, 1 << 16);
  p.input_queue = u("l2.input_queue", 1, 1 << 16);
  const uint32_t fetch = u("l2.fetch_bytes", 1, 1 << 16);
  if (fetch % p.tags.sector_bytes != 0 || fetch > p.tags.line_bytes || (p.tags.line_bytes / fetch) * fetch != p.tags.line_bytes) {
    cfg.fail("l2.fetch_bytes", "l2.fetch_bytes = " + std::to_string(fetch) + " must be a multiple of l2.sector_bytes (" +
                                   std::to_string(p.tags.sector_bytes) + ") that divides l2.line_bytes (" +
                                   std::to_string(p.tags.line_bytes) + ")");
  }
  p.fetch_sectors = fetch / p.tags.sector_bytes;
  p.partitions = u("l2.partitions", 1, 2);
  p.far_latency = u("l2.far_latency", 0, 100000);
  return p;
}

L2Slice::L2Slice(uint32_t index, uint16_t source, const L2Params& p, const AddressMap& map,
                 stats::CounterRegistry& counters, Ports ports)
    : Component("l2[" + std::to_string(index) + "]"),
      index_(index),
      source_(source),
      p_(p),
      map_(map),
      ports_(ports),
      tags_(p.tags),
      mshrs_(p.mshrs, p.mshr_max_merged),
      accesses_(counters.counter(name(), "accesses")),
      hits_(counters.counter(name(), "hits")),
      misses_(counters.counter(name(), "misses")),
      sector_misses_(counters.counter(name(), "sector_misses")),
      mshr_merges_(counters.counter(name(), "mshr_merges")),
      reservation_fails_(counters.counter(name(), "reservation_fails")),
      reads_(counters.counter(name(), "reads")),
      writes_(counters.counter(name(), "writes")),
      atomics_(counters.counter(name(), "atomics")),
      writebacks_(counters.counter(name(), "writebacks")),
      dram_reads_(counters.counter(name(), "dram_reads")),
      dram_writes_(counters.counter(name(), "dram_writes")) {
  if (ports_.to_peer != nullptr) {
    far_reads_ = &counters.counter(name(), "far_reads");
    far_writes_ = &counters.counter(name(), "far_writes");
    peer_requests_ = &counters.counter(name(), "peer_requests");
    peer_hits_ = &counters.counter(name(), "peer_hits");
  }
}

namespace {
// DRAM requests a home slice sends for its peer carry this token: the reply fills the home's
// tags and goes on across the partition link instead of to an MSHR.
constexpr uint32_t kForPeer = 1;
}  // namespace

bool L2Slice::idle() const {
  return input_.empty() && dram_queue_.empty() && replies_.empty() && mshrs_.size() == 0 &&
         peer_queue_.empty() && peer_input_.empty() && peer_replies_.empty();
}

void L2Slice::flush() {
  tags_.invalidate_all([&](uint64_t line, uint32_t dirty) { write_back(line, dirty); });
  refused_need_ = 0;
  if (!dram_queue_.empty()) wake();
}

void L2Slice::prefill(uint64_t line_addr) {
  allocate(line_addr);
  refused_need_ = 0;
  tags_.fill(line_addr, (uint32_t(1) << tags_.sectors_per_line()) - 1);
  if (!dram_queue_.empty()) wake();  // a dirty victim's write-back
}

void L2Slice::dram_access(uint64_t line, uint32_t sectors, bool write, uint32_t token) {
  if (far(line)) {
    // The line's memory is the far partition: one request for the sectors, to its home slice.
    DramRequest r;
    r.is_write = write;
    r.source = source_;
    r.addr = line;
    r.sector_mask = sectors;
    peer_queue_.push_back(r);
    ++*(write ? far_writes_ : far_reads_);
    return;
  }
  // One DRAM burst per 32 B sector; the address map gives each its bank and row.
  for (uint32_t m = sectors; m != 0; m &= m - 1) {
    const unsigned s = unsigned(__builtin_ctz(m));
    const uint64_t addr = line + uint64_t(s) * tags_.sector_bytes();
    const DramCoord c = map_.decode(addr);
    DramRequest r;
    r.is_write = write;
    r.bank_group = uint8_t(c.bank_group);
    r.bank = uint8_t(c.bank);
    r.row = c.row;
    r.column = c.column;
    r.source = source_;
    r.token = token;
    r.addr = line;
    r.sector_mask = uint32_t(1) << s;
    dram_queue_.push_back(r);
    ++(write ? dram_writes_ : dram_reads_);
  }
}

void L2Slice::allocate(uint64_t line) {
  const SectorTags::Victim v = tags_.allocate(line);
  if (v.valid && v.dirty_mask != 0) write_back(v.line_addr, v.dirty_mask);
}

void L2Slice::write_back(uint64_t line, uint32_t dirty) {
  writebacks_ += lane_count(dirty);
  dram_access(line, dirty, true);
}

void L2Slice::reply(const MemPacket& req, uint8_t served_by, uint64_t at) {
  MemPacket r = req;
  r.reply = true;
  r.src = uint16_t(index_);
  r.dst = req.src;
  r.served_by = served_by;
  // Read data and atomic results travel back; a write's acknowledgement is a header.
  r.payload_bytes = req.op == MemOp::write ? 0 : lane_count(req.sector_mask) * tags_.sector_bytes();
  replies_.push({at, seq_++, r});
}

void L2Slice::serve(const MemPacket& req, uint8_t served_by, uint64_t cycle) {
  if (req.op != MemOp::atomic) {
    reply(req, served_by, cycle);
    return;
  }
  // The atomic unit reads, modifies and writes the line: it is dirty afterwards.
  const uint64_t start = std::max(cycle, atomic_free_);
  atomic_free_ = start + p_.atomic_interval;
  tags_.mark_dirty(req.addr, req.sector_mask);
  reply(req, served_by, start + p_.atomic_latency);
}

bool L2Slice::lookup(const MemPacket& req, uint64_t cycle) {
  const uint32_t spl = tags_.sectors_per_line();
  // The miss queue holds requests to DRAM and (two partitions) to the peer slice.
  const auto room = [&](uint32_t n) {
    if (dram_queue_.size() + peer_queue_.size() + n <= p_.miss_queue) return true;
    refused_need_ = n;
    return false;
  };
  const SectorTags::Probe pr = tags_.probe(req.addr, req.sector_mask);

  if (req.op == MemOp::write) {
    const bool present = pr.outcome != SectorTags::Outcome::miss;
    if (present || p_.write_allocate) {
      if (!present) {
        // A write-allocated line needs no fetch: the write covers whole sectors, and the other
        // sectors stay invalid until read.
        if (!room(spl)) return false;
        allocate(req.addr);
        ++misses_;
      } else {
        tags_.touch(req.addr);
        ++(pr.outcome == SectorTags::Outcome::hit ? hits_ : sector_misses_);
      }
      tags_.mark_dirty(req.addr, req.sector_mask);
    } else {
      if (!room(spl)) return false;
      ++misses_;
      dram_access(req.addr, req.sector_mask, true);
    }
    ++accesses_;
    ++writes_;
    reply(req, kServedByL2, cycle + 1);
    return true;
  }

  if (pr.outcome == SectorTags::Outcome::hit) {
    ++accesses_;
    ++hits_;
    ++(req.op == MemOp::atomic ? atomics_ : reads_);
    tags_.touch(req.addr);
    serve(req, kServedByL2, cycle + 1);
    return true;
  }
  // The sectors a miss fetches: the missing ones of each requested sector's fetch block.
  uint32_t fetch = pr.missing_mask;
  if (p_.fetch_sectors > 1) {
    const uint32_t block = (uint32_t(1) << p_.fetch_sectors) - 1;
    uint32_t want = 0;
    for (uint32_t b = 0; b < spl; b += p_.fetch_sectors) {
      if ((req.sector_mask >> b) & block) want |= block << b;
    }
    fetch = tags_.probe(req.addr, want).missing_mask;
  }
  auto* e = mshrs_.find(req.addr);
  if (e != nullptr) {
    const uint32_t extra = fetch & ~e->requested_mask;
    if (!mshrs_.can_merge(*e)) {
      refused_need_ = kUntilReply;
      return false;
    }
    if (!room(lane_count(extra))) return false;
    e->waiters.push_back({req, pr.missing_mask});
    e->requested_mask |= extra;
    dram_access(req.addr, extra, false);
    ++mshr_merges_;
  } else {
    const bool absent = pr.outcome == SectorTags::Outcome::miss;
    if (mshrs_.full()) {
      refused_need_ = kUntilReply;
      return false;
    }
    if (!room(lane_count(fetch) + (absent ? spl : 0))) return false;
    if (absent) {
      allocate(req.addr);
    } else {
      tags_.touch(req.addr);
    }
    auto& entry = mshrs_.allocate(req.addr);
    entry.requested_mask = fetch;
    entry.waiters.push_back({req, pr.missing_mask});
    dram_access(req.addr, fetch, false);
    ++(absent ? misses_ : sector_misses_);
  }
  ++accesses_;
  ++(req.op == MemOp::atomic ? atomics_ : reads_);
  return true;
}

bool L2Slice::refusal_stands() const {
  return refused_need_ != 0 &&
         (refused_need_ == kUntilReply || dram_queue_.size() + peer_queue_.size() + refused_need_ > p_.miss_queue);
}

void L2Slice::peer_reply(uint64_t line, uint32_t sectors, uint64_t at) {
  PeerMessage m;
  m.req.source = source_;
  m.req.addr = line;
  m.req.sector_mask = sectors;
  peer_replies_.push({at, seq_++, m});
}

bool L2Slice::peer_lookup(const DramRequest& r, uint64_t cycle) {
  // Only this slice's DRAM queue is waited for, never an MSHR or the peer: see l2_slice.h.
  const uint32_t spl = tags_.sectors_per_line();
  const SectorTags::Probe pr = tags_.probe(r.addr, r.sector_mask);
  if (r.is_write) {
    // A dirty far copy written back: the home line takes the data (write-allocate or not).
    const bool present = pr.outcome != SectorTags::Outcome::miss;
    if (!present && dram_queue_.size() + spl > p_.miss_queue) return false;
    if (present || p_.write_allocate) {
      if (!present) allocate(r.addr);
      tags_.mark_dirty(r.addr, r.sector_mask);
    } else {
      dram_access(r.addr, r.sector_mask, true);
    }
    ++*peer_requests_;
    return true;
  }
  const uint32_t missing = pr.missing_mask;
  if (dram_queue_.size() + lane_count(missing) > p_.miss_queue) return false;
  ++*peer_requests_;
  if (pr.outcome != SectorTags::Outcome::miss) tags_.touch(r.addr);
  if (missing == 0) {
    ++*peer_hits_;
    peer_reply(r.addr, r.sector_mask, cycle + 1);
    return true;
  }
  if (r.sector_mask & ~missing) peer_reply(r.addr, r.sector_mask & ~missing, cycle + 1);
  dram_access(r.addr, missing, false, kForPeer);
  return true;
}

void L2Slice::on_dram_reply(const DramRequest& r, uint64_t cycle) {
  if (r.is_write) return;  // write acknowledgements: the L2 already retired the write-back
  if (r.token == kForPeer) {
    // Fetched for the peer: the home keeps the sectors (it is the far copy's backing store) and
    // passes them on.
    if (tags_.probe(r.addr, r.sector_mask).outcome == SectorTags::Outcome::miss) allocate(r.addr);
    tags_.fill(r.addr, r.sector_mask);
    peer_reply(r.addr, r.sector_mask, cycle + 1);
    return;
  }
  auto* e = mshrs_.find(r.addr);
  if (e == nullptr) return;
  // A refused lookup waiting for room in the miss queue depends on its own line's tags and MSHR
  // only; one waiting for an MSHR may pass once any is released.
  if (refused_need_ == kUntilReply || (!input_.empty() && input_.front().second.addr == r.addr)) {
    refused_need_ = 0;
  }
  tags_.fill(r.addr, r.sector_mask);
  e->requested_mask &= ~r.sector_mask;
  auto& ws = e->waiters;
  size_t kept = 0;
  for (size_t i = 0; i < ws.size(); ++i) {
    ws[i].missing &= ~r.sector_mask;
    if (ws[i].missing == 0) {
      serve(ws[i].req, kServedByDram, cycle + 1);
    } else {
      ws[kept++] = ws[i];
    }
  }
  ws.resize(kept);
  // Sectors fetched beyond what waiters asked for (l2.fetch_bytes) keep the entry until they land.
  if (ws.empty() && e->requested_mask == 0) mshrs_.release(r.addr);
}

bool L2Slice::evaluate(uint64_t cycle) {
  const Picos t = now();
  // The slice slept with its tag stage refused (see the end): each cycle slept through would
  // have retried the same lookup and failed, because nothing it waits for had happened.
  if (tag_blocked_ && cycle > last_cycle_ + 1) reservation_fails_ += cycle - last_cycle_ - 1;
  tag_blocked_ = false;
  last_cycle_ = cycle;

  while (ports_.from_dram->ready(t)) on_dram_reply(ports_.from_dram->pop(t), cycle);
  const bool partitioned = ports_.to_peer != nullptr;
  uint32_t tag_slots = p_.tag_accesses_per_cycle;
  bool peer_blocked = false;
  if (partitioned) {
    while (ports_.from_peer_reply->ready(t)) on_dram_reply(ports_.from_peer_reply->pop(t).req, cycle);
    while (peer_input_.size() < p_.input_queue && ports_.from_peer->ready(t)) {
      peer_input_.emplace_back(cycle + p_.access_latency, ports_.from_peer->pop(t).req);
    }
    // The peer's requests share the tag stage, ahead of the SMs' (they are older).
    while (tag_slots > 0 && !peer_input_.empty() && peer_input_.front().first <= cycle) {
      if (!peer_lookup(peer_input_.front().second, cycle)) {
        peer_blocked = true;
        break;
      }
      peer_input_.pop_front();
      --tag_slots;
    }
  }
  while (input_.size() < p_.input_queue && ports_.from_noc->ready(t)) {
    input_.emplace_back(cycle + p_.access_latency, ports_.from_noc->pop(t));
  }
  for (uint32_t n = 0; n < tag_slots && !input_.empty() && input_.front().first <= cycle; ++n) {
    if (refusal_stands() || !lookup(input_.front().second, cycle)) {
      ++reservation_fails_;
      tag_blocked_ = true;
      break;
    }
    input_.pop_front();
    refused_need_ = 0;
  }
  bool to_dram_moved = false;
  if (!dram_queue_.empty() && ports_.to_dram->can_push()) {
    ports_.to_dram->push(dram_queue_.front());
    dram_queue_.pop_front();
    to_dram_moved = true;
  }
  while (!replies_.empty() && replies_.top().cycle <= cycle && ports_.to_noc->can_push()) {
    ports_.to_noc->push(replies_.top().pkt);
    replies_.pop();
  }
  if (partitioned) {
    if (!peer_queue_.empty() && ports_.to_peer->can_push()) {
      ports_.to_peer->push(PeerMessage{peer_queue_.front()});
      peer_queue_.pop_front();
      to_dram_moved = true;  // room in the miss queue, as a push to DRAM
    }
    while (!peer_replies_.empty() && peer_replies_.top().cycle <= cycle && ports_.to_peer_reply->can_push()) {
      ports_.to_peer_reply->push(peer_replies_.top().msg);
      peer_replies_.pop();
    }
  }

  // Stay awake only for work that can progress next cycle. A full output channel wakes the slice
  // when its consumer pops (connect_producer); a refused lookup waits for room in the miss queue
  // (a push to DRAM, which happens here) or for an MSHR (a DRAM reply, which wakes the slice).
  // Everything else is a timed event: an input's tag slot or a reply's cycle.
  const bool dram_can_move = !dram_queue_.empty() && !ports_.to_dram->full();
  const bool tag_ready = !input_.empty() && input_.front().first <= cycle + 1 && (!tag_blocked_ || to_dram_moved);
  const bool reply_ready = !replies_.empty() && replies_.top().cycle <= cycle + 1 && !ports_.to_noc->full();
  const bool input_ready = ports_.from_noc->ready(t) && input_.size() < p_.input_queue;
  if (dram_can_move || tag_ready || reply_ready || input_ready) return true;
  uint64_t next = ~uint64_t(0);
  if (partitioned) {
    // A blocked peer lookup waits for room in the DRAM queue, which moves while dram_can_move.
    const bool peer_ready = (!peer_input_.empty() && peer_input_.front().first <= cycle + 1 && !peer_blocked) ||
                            (ports_.from_peer->ready(t) && peer_input_.size() < p_.input_queue) ||
                            (!peer_queue_.empty() && !ports_.to_peer->full()) ||
                            (!peer_replies_.empty() && peer_replies_.top().cycle <= cycle + 1 &&
                             !ports_.to_peer_reply->full());
    if (peer_ready) return true;
    if (!peer_input_.empty() && !peer_blocked) next = peer_input_.front().first;
    if (!peer_replies_.empty()) next = std::min(next, peer_replies_.top().cycle);
  }
  if (!input_.empty() && !tag_blocked_) next = std::min(next, input_.front().first);
  if (!replies_.empty() && replies_.top().cycle > cycle + 1) next = std::min(next, replies_.top().cycle);
  if (next != ~uint64_t(0)) wake_at(domain()->edges().edge(next));
  return false;
}

}  // namespace warpsim
