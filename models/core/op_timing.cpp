#include "models/core/op_timing.h"

#include <algorithm>
#include <map>
#include <utility>

#include "sim/config/config.h"

namespace warpsim {

namespace {

std::vector<std::string> split_dots(std::string_view text) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    const size_t dot = text.find('.', start);
    parts.emplace_back(text.substr(start, dot - start));
    if (dot == std::string_view::npos) return parts;
    start = dot + 1;
  }
}

// The classes an ALU pipe can be: memory classes are timed by the memory path.
constexpr OpClass kTimedClasses[] = {OpClass::int_alu, OpClass::int_mul, OpClass::fp32,
                                     OpClass::fp64,    OpClass::fp16,    OpClass::sfu,
                                     OpClass::tensor,  OpClass::branch,  OpClass::misc};

}  // namespace

OpTiming::OpTiming() {
  for (size_t c = 0; c < kClasses; ++c) class_[c] = {1, 1, uint8_t(c)};
}

void OpTiming::set_class(OpClass c, OpTimingEntry e) {
  class_[size_t(c)] = e;
  rebuild();
}

void OpTiming::add_rule(const std::string& key, uint32_t latency, uint32_t interval) {
  std::vector<std::string> parts = split_dots(key);
  Rule r;
  r.mnemonic = parts.front();
  r.modifiers.assign(parts.begin() + 1, parts.end());
  r.latency = latency;
  r.interval = interval;
  rules_.push_back(std::move(r));
  rebuild();
}

void OpTiming::rebuild() {
  entries_.assign(rules_.size() * kClasses, OpTimingEntry{});
  for (size_t r = 0; r < rules_.size(); ++r) {
    for (size_t c = 0; c < kClasses; ++c) {
      OpTimingEntry e = class_[c];
      if (rules_[r].latency != 0) e.latency = rules_[r].latency;
      if (rules_[r].interval != 0) e.interval = rules_[r].interval;
      entries_[r * kClasses + c] = e;
    }
  }
}

uint16_t OpTiming::resolve(std::string_view opcode_text, OpClass op_class) const {
  if (rules_.empty()) return kClassTiming;
  const std::vector<std::string> parts = split_dots(opcode_text);
  size_t best = rules_.size();
  for (size_t r = 0; r < rules_.size(); ++r) {
    const Rule& rule = rules_[r];
    if (rule.mnemonic != parts.front()) continue;
    const bool all = std::all_of(rule.modifiers.begin(), rule.modifiers.end(), [&](const std::string& m) {
      return std::find(parts.begin() + 1, parts.end(), m) != parts.end();
    });
    if (!all) continue;
    if (best == rules_.size() || rule.modifiers.size() > rules_[best].modifiers.size()) best = r;
  }
  if (best == rules_.size()) return kClassTiming;
  return uint16_t(best * kClasses + size_t(op_class));
}

OpTiming OpTiming::from_config(const Config& cfg) {
  OpTiming t;
  std::vector<std::string> names;
  for (OpClass c : kTimedClasses) names.push_back(op_class_name(c));
  for (OpClass c : kTimedClasses) {
    const std::string name = op_class_name(c);
    const std::string pipe = cfg.get_choice("core.pipe." + name, names);
    const size_t p = size_t(std::find(names.begin(), names.end(), pipe) - names.begin());
    t.class_[size_t(c)] = {uint32_t(cfg.get_int("core.latency." + name, 1, 100000)),
                           uint32_t(cfg.get_int("core.issue_interval." + name, 1, 1024)),
                           uint8_t(kTimedClasses[p])};
  }
  // Barriers and exits take the branch unit's timing.
  for (OpClass c : {OpClass::barrier, OpClass::exit}) t.class_[size_t(c)] = t.class_[size_t(OpClass::branch)];

  // One rule per key of either table, in key order (the order ties between equally specific
  // rules are broken in, which two distinct keys with the same modifiers cannot produce anyway).
  std::map<std::string, std::pair<uint32_t, uint32_t>> keys;
  for (const auto& [key, v] : cfg.get_int_table("core.op_latency", 1, 100000)) keys[key].first = uint32_t(v);
  for (const auto& [key, v] : cfg.get_int_table("core.op_interval", 1, 1024)) keys[key].second = uint32_t(v);
  // Tensor instructions: a shape's multiply-adds per warp instruction over the sub-core's tensor
  // FMA rate give its issue interval, unless core.op_interval sets one.
  const int64_t fma_rate = cfg.get_int("core.tensor.fma_per_cycle", 1, 1 << 20);
  const int64_t overhead = cfg.get_int("core.tensor.issue_overhead", 0, 1024);
  for (const auto& [key, fmas] : cfg.get_int_table("core.tensor.shape_fmas", 1, 1 << 24)) {
    if (keys.count(key) == 0 || keys[key].second == 0) {
      keys[key].second = uint32_t(std::min<int64_t>((fmas + fma_rate - 1) / fma_rate + overhead, 1024));
    }
  }
  if (keys.size() * kClasses >= kClassTiming) cfg.fail("core.op_latency", "too many per-opcode timing rules");
  for (const auto& [key, v] : keys) {
    const std::vector<std::string> parts = split_dots(key);
    for (const std::string& part : parts) {
      if (part.empty()) {
        const std::string table = cfg.has("core.op_latency." + key)    ? "core.op_latency."
                                  : cfg.has("core.op_interval." + key) ? "core.op_interval."
                                                                       : "core.tensor.shape_fmas.";
        cfg.fail(table + key, "'" + key + "': an opcode rule is MNEMONIC or MNEMONIC.MOD..., with no empty part");
      }
    }
    t.add_rule(key, v.first, v.second);
  }
  return t;
}

}  // namespace warpsim
