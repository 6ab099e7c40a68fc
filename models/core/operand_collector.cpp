#include "models/core/operand_collector.h"

#include <algorithm>

#include "sim/config/config.h"

namespace warpsim {

namespace {
constexpr uint32_t kMaxBanks = 32;
constexpr uint16_t kRZ = 255;  // the zero register is not stored in a bank
}  // namespace

OperandCollectorParams OperandCollectorParams::from_config(const Config& cfg) {
  OperandCollectorParams p;
  auto u = [&](const std::string& key, int64_t lo, int64_t hi) { return uint32_t(cfg.get_int(key, lo, hi)); };
  p.banks = u("core.regfile.banks", 0, kMaxBanks);
  p.reads_per_bank = u("core.regfile.reads_per_bank", 1, 64);
  p.units = u("core.regfile.collector_units", 1, 64);
  p.warp_skew = u("core.regfile.warp_skew", 0, 1024);
  p.subcore_skew = u("core.regfile.subcore_skew", 0, 1024);
  p.reuse_cache = cfg.get_bool("core.regfile.reuse_cache");
  p.writes_per_bank = u("core.regfile.writes_per_bank", 0, 64);
  return p;
}

OperandCollectors::OperandCollectors(const OperandCollectorParams& p, uint32_t subcore,
                                     stats::CounterRegistry& counters, const std::string& location)
    : p_(p),
      subcore_(subcore),
      bank_next_(p.banks, 0),
      unit_free_(p.units, 0),
      bank_mask_(p.banks != 0 && (p.banks & (p.banks - 1)) == 0 ? p.banks - 1 : 0),
      rpb_shift_((p.reads_per_bank & (p.reads_per_bank - 1)) == 0 ? __builtin_ctz(p.reads_per_bank) : -1),
      writes_(p.banks),
      conflict_cycles_(counters.counter(location, "bank_conflicts")),
      bank_reads_(counters.counter(location, "bank_reads")),
      reuse_hits_(counters.counter(location, "reuse_hits")),
      writeback_conflicts_(counters.counter(location, "writeback_conflicts")) {}

uint64_t OperandCollectors::book_writes(const WarpInst& inst, uint32_t warp, uint64_t at, uint64_t cycle) {
  if (cycle > writes_base_) {  // forget the cycles that have passed
    const uint64_t drop = cycle - writes_base_;
    for (auto& q : writes_) q.erase(q.begin(), q.begin() + std::min<uint64_t>(drop, q.size()));
    writes_base_ = cycle;
  }
  uint64_t done = at;
  for (uint8_t i = 0; i < inst.num_dst; ++i) {
    const uint16_t reg = inst.dst[i];
    if (reg >= kRZ) continue;  // RZ, uniform registers and predicates are not in the banks
    std::deque<uint8_t>& q = writes_[bank_of(reg, warp)];
    uint64_t c = at;
    for (;; ++c) {
      const uint64_t k = c - writes_base_;
      if (k >= q.size()) q.resize(k + 1, 0);
      if (q[k] < p_.writes_per_bank) break;
    }
    ++q[c - writes_base_];
    writeback_conflicts_ += c - at;
    done = std::max(done, c);
  }
  return done;
}

uint32_t OperandCollectors::collect(const WarpInst& inst, uint32_t warp, WarpOperands& cache, uint64_t cycle) {
  // Each bank serves reads in order from its first free read slot; the operands are all in at
  // the cycle of the last read. This runs for every instruction issued: the parameters live in
  // locals (stores to the banks' slots would otherwise make the compiler reload them), and it
  // divides only when a bank's read rate is not a power of two.
  const uint64_t first_slot = cycle * p_.reads_per_bank;
  const uint32_t skew = p_.warp_skew * warp + p_.subcore_skew * subcore_;
  const bool reuse = p_.reuse_cache;
  const uint32_t banks = p_.banks;
  const uint32_t bank_mask = bank_mask_;
  const int rpb_shift = rpb_shift_;
  uint64_t* const bank_next = bank_next_.data();
  uint64_t last_slot = first_slot;  // the last read's slot
  WarpOperands now;
  uint32_t reads = 0;
  uint32_t reused = 0;
  size_t position = 0;
  for (uint8_t i = 0; i < inst.num_src; ++i) {
    const uint16_t reg = inst.src[i];
    if (reg >= kRZ) continue;  // RZ, uniform registers and predicates are not in the banks
    const size_t slot = position++;
    if (slot < kReuseSlots) {
      now.reg[slot] = reg;
      if (reuse && cache.reg[slot] == reg && !cache.overwritten(reg)) {
        ++reused;
        continue;
      }
    }
    ++reads;
    if (banks == 0) continue;
    const uint32_t b = bank_mask != 0 ? (reg + skew) & bank_mask : (reg + skew) % banks;
    const uint64_t read = std::max(bank_next[b], first_slot);
    bank_next[b] = read + 1;
    last_slot = std::max(last_slot, read);
  }
  now.num_written = inst.num_dst;
  now.written = inst.dst;
  cache = now;
  bank_reads_ += reads;
  reuse_hits_ += reused;
  const uint64_t last = rpb_shift >= 0 ? last_slot >> rpb_shift : last_slot / p_.reads_per_bank;
  const uint32_t extra = uint32_t(last - cycle);
  conflict_cycles_ += extra;

  // The instruction holds the earliest free unit until its operands are in.
  uint64_t* const units = unit_free_.data();
  const size_t n = unit_free_.size();
  size_t unit = 0;
  for (size_t k = 1; k < n; ++k) unit = units[k] < units[unit] ? k : unit;
  units[unit] = last + 1;
  uint64_t free_at = units[0];
  for (size_t k = 1; k < n; ++k) free_at = std::min(free_at, units[k]);
  free_at_ = free_at;
  return extra;
}

}  // namespace warpsim
