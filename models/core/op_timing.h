// How long an ALU instruction takes and which execution pipe it holds, per op class and per
// opcode (`core.latency`, `core.issue_interval`, `core.pipe`, `core.op_latency`,
// `core.op_interval` in models/presets/base.yaml).
//
// A pipe is a sub-core's execution unit: an instruction holds it for its issue interval (32 /
// lanes), so classes mapped to one pipe share its throughput (on Volta, IMAD issues to the FMA
// pipe, so an FFMA + IMAD mix issues at half the rate of an FFMA + IADD3 mix). An opcode rule
// `MNEMONIC.MOD...` applies to every instruction with that mnemonic and at least those
// modifiers (`MUFU.SIN` matches `MUFU.SIN.FTZ`); the rule with the most modifiers wins.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "isa/warp_stream.h"

namespace warpsim {

class Config;

struct OpTimingEntry {
  uint32_t latency = 1;   // issue to a dependent instruction's issue
  uint32_t interval = 1;  // cycles the pipe is held
  uint8_t pipe = 0;       // the OpClass whose unit it issues to
};

class OpTiming final : public OpTimingResolver {
 public:
  static constexpr size_t kClasses = size_t(OpClass::count_);

  // Class timing only (every class its own pipe, latency and interval 1): for tests.
  OpTiming();
  static OpTiming from_config(const Config& cfg);

  // A rule: `key` ("MUFU.SIN"), and the latency and/or interval it sets (0: the class's).
  void add_rule(const std::string& key, uint32_t latency, uint32_t interval);
  void set_class(OpClass c, OpTimingEntry e);

  uint16_t resolve(std::string_view opcode_text, OpClass op_class) const override;

  const OpTimingEntry& of(const WarpInst& inst) const {
    return inst.timing < entries_.size() ? entries_[inst.timing] : class_[size_t(inst.op_class)];
  }
  const OpTimingEntry& of_class(OpClass c) const { return class_[size_t(c)]; }

 private:
  struct Rule {
    std::string mnemonic;
    std::vector<std::string> modifiers;
    uint32_t latency = 0;
    uint32_t interval = 0;
  };
  void rebuild();

  std::array<OpTimingEntry, kClasses> class_{};
  std::vector<Rule> rules_;
  std::vector<OpTimingEntry> entries_;  // rule r, class c at r * kClasses + c
};

}  // namespace warpsim
