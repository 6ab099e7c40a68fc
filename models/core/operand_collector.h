// A sub-core's operand collectors and register-file banks. An issued instruction takes a
// collector unit, which reads its source registers from the banks; the instruction leaves for its
// execution unit when the last operand has been read. Each bank delivers `reads_per_bank`
// registers per cycle, so sources that crowd one bank take extra cycles (a bank conflict), which
// delay the instruction and hold its collector; when every collector is held, the sub-core cannot
// issue (a `stall_bank` cycle). Registers read by the same warp's previous instruction in the same
// operand slot come from the operand reuse cache, not from a bank.
//
// Which bank a register lives in: (reg + warp_skew * warp + subcore_skew * subcore) % banks, with
// `warp` the warp's slot in the SM (GPGPU-Sim skews by warp; Volta by register alone).
//
// Results are written back through the same banks: with `writes_per_bank` set, a bank takes that
// many register writes per cycle, and a result whose bank is full in its cycle is written (and
// readable) a cycle later, so results of pipes with different latencies that land together on
// one bank contend for it (counted in `writeback_conflicts`).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "isa/warp_stream.h"
#include "sim/stats/counter_registry.h"

namespace warpsim {

class Config;

struct OperandCollectorParams {
  uint32_t banks = 2;           // per sub-core; 0: an ideal register file (no conflicts)
  uint32_t reads_per_bank = 2;  // 32-bit registers one bank delivers per cycle
  uint32_t units = 2;           // collector units per sub-core
  uint32_t warp_skew = 0;
  uint32_t subcore_skew = 0;
  bool reuse_cache = true;
  uint32_t writes_per_bank = 0;  // register writes a bank takes per cycle; 0: unlimited

  static OperandCollectorParams from_config(const Config& cfg);
};

class OperandCollectors {
 public:
  // Register positions the reuse cache remembers per warp: Volta's three operand slots (A, B, C),
  // each 64 bits wide, so a double-precision instruction's three register pairs fit.
  static constexpr size_t kReuseSlots = 6;
  struct WarpOperands {  // what the reuse cache holds for one warp
    WarpOperands() { reg.fill(0xFFFF); }
    std::array<uint16_t, kReuseSlots> reg;
    // The registers the instruction that filled it wrote: those hold new values, read from banks.
    std::array<uint16_t, 4> written{};
    uint8_t num_written = 0;
    bool overwritten(uint16_t r) const {
      for (uint8_t i = 0; i < num_written; ++i) {
        if (written[i] == r) return true;
      }
      return false;
    }
  };

  // Counts at `location` (sm[i].sched[j].regfile): bank_conflicts (extra cycles), bank_reads, reuse_hits.
  OperandCollectors(const OperandCollectorParams& p, uint32_t subcore, stats::CounterRegistry& counters,
                    const std::string& location);

  // The first cycle a collector unit is free to take an instruction.
  uint64_t free_at() const { return free_at_; }
  // Reads `inst`'s sources for warp `warp` (its reuse cache `cache`) in a collector taken at
  // `cycle` (free_at() <= cycle). Returns the cycles its dispatch is delayed by bank conflicts:
  // 0 when every bank can deliver its operands in the issue cycle.
  uint32_t collect(const WarpInst& inst, uint32_t warp, WarpOperands& cache, uint64_t cycle);
  // Books the write-back of `inst`'s results for warp `warp`, due at cycle `at` (issued at
  // `cycle` <= at): returns the cycle its last result is written, `at` unless a bank's writes
  // that cycle are taken.
  uint64_t write_back(const WarpInst& inst, uint32_t warp, uint64_t at, uint64_t cycle) {
    return p_.writes_per_bank == 0 || p_.banks == 0 ? at : book_writes(inst, warp, at, cycle);
  }

 private:
  OperandCollectorParams p_;
  uint32_t subcore_;
  // Per bank, the next free read slot, counted in reads (cycle * reads_per_bank + reads already
  // granted in that cycle).
  std::vector<uint64_t> bank_next_;
  std::vector<uint64_t> unit_free_;  // per collector unit, the first cycle it is free
  uint32_t bank_mask_;  // banks - 1 when banks is a power of two (else 0: modulo)
  int rpb_shift_;       // log2(reads_per_bank) when a power of two (else -1: divide)
  uint64_t free_at_ = 0;
  uint64_t book_writes(const WarpInst& inst, uint32_t warp, uint64_t at, uint64_t cycle);
  uint32_t bank_of(uint16_t reg, uint32_t warp) const {
    const uint32_t r = reg + p_.warp_skew * warp + p_.subcore_skew * subcore_;
    return bank_mask_ != 0 ? r & bank_mask_ : r % p_.banks;
  }
  // Per bank, writes booked per cycle from `writes_base_` on (cycles before the issue cycle are
  // dropped: no result is booked in the past).
  std::vector<std::deque<uint8_t>> writes_;
  uint64_t writes_base_ = 0;
  stats::Counter& conflict_cycles_;
  stats::Counter& bank_reads_;
  stats::Counter& reuse_hits_;
  stats::Counter& writeback_conflicts_;
};

}  // namespace warpsim
