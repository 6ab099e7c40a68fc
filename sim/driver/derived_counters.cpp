#include "sim/driver/derived_counters.h"

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/core/core_params.h"

namespace warpsim {

namespace {
double get(const stats::CounterTable& t, const std::string& loc, const std::string& name) {
  auto it = t.find({loc, name});
  return it == t.end() ? 0.0 : it->second;
}

// Reads the decimal index at s[pos..] that `close` ends, written as the simulator writes it (no
// sign, no leading zero); `end` is set past `close`. False if s has no such index there.
bool parse_index(std::string_view s, size_t pos, char close, uint32_t& value, size_t& end) {
  size_t i = pos;
  uint64_t v = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - pos < 10) v = v * 10 + uint64_t(s[i++] - '0');
  if (i == pos || i >= s.size() || s[i] != close || (s[pos] == '0' && i - pos > 1) || v > UINT32_MAX) return false;
  value = uint32_t(v);
  end = i + 1;
  return true;
}

// The aggregate location a raw counter's location sums into, or "" if none.
std::string_view aggregate_of(const std::string& loc) {
  if (loc.rfind("sm[", 0) == 0) {
    const size_t dot = loc.find("].");
    if (dot == std::string::npos) return {};
    std::string_view kind = std::string_view(loc).substr(dot + 2);
    // A sub-core's parts (`sm[3].sched[1].regfile`) sum under the part's name too.
    if (kind.rfind("sched[", 0) == 0) {
      const size_t sub = kind.find("].");
      if (sub == std::string_view::npos) return {};
      kind = kind.substr(sub + 2);
      return kind == "regfile" || kind == "l0i" ? kind : std::string_view();
    }
    return kind == "l1d" || kind == "shmem" || kind == "ldst" || kind == "l1i" ? kind : std::string_view();
  }
  if (loc.rfind("l2[", 0) == 0) return "l2";
  if (loc.rfind("dram[", 0) == 0) return "dram";
  if (loc.rfind("noc.", 0) == 0 && loc.find('.', 4) == std::string::npos) return "noc";
  return {};
}
}  // namespace

stats::CounterTable derive_counters(const stats::CounterTable& raw, uint64_t cycles,
                                    const GpuShape& shape) {
  // One pass over the raw rows gathers everything derived from them (looking each input up in
  // a table of ~10^4 rows cost more than the rest of a short run's bookkeeping). The table is in
  // natural order, so sums over SMs and schedulers add in index order, as a loop over i, j would.
  constexpr size_t kCats = size_t(SchedCycle::count_);
  struct SmSums {
    double warp_insts = 0, thread_insts = 0, active = 0;
    std::array<double, kCats> sched{};
  };
  std::vector<SmSums> sms(shape.num_sms);
  std::map<std::string_view, size_t> cat_of;
  for (size_t c = 0; c < kCats; ++c) cat_of.emplace(sched_cycle_name(SchedCycle(c)), c);
  std::map<std::pair<std::string_view, std::string_view>, double> aggregates;
  for (const auto& [key, value] : raw) {
    const std::string& loc = key.location;
    const std::string_view kind = aggregate_of(loc);
    if (!kind.empty()) aggregates[{kind, key.name}] += value;
    uint32_t i = 0, j = 0;
    size_t end = 0;
    if (loc.rfind("sm[", 0) != 0 || !parse_index(loc, 3, ']', i, end) || i >= shape.num_sms) continue;
    if (end == loc.size()) {
      if (key.name == "warp_insts") sms[i].warp_insts = value;
      if (key.name == "thread_insts") sms[i].thread_insts = value;
      if (key.name == "active_cycles") sms[i].active = value;
    } else if (loc.compare(end, 7, ".sched[") == 0 && parse_index(loc, end + 7, ']', j, end) &&
               end == loc.size() && j < shape.num_schedulers) {
      auto c = cat_of.find(key.name);
      if (c != cat_of.end()) sms[i].sched[c->second] += value;
      if (key.name.rfind("busy_", 0) == 0) aggregates[{"pipes", key.name}] += value;
    }
  }

  stats::CounterTable out = raw;
  double warp_insts = 0, thread_insts = 0, active = 0;
  std::array<double, kCats> gpu_sched{};
  for (uint32_t i = 0; i < shape.num_sms; ++i) {
    const std::string sm = "sm[" + std::to_string(i) + "]";
    warp_insts += sms[i].warp_insts;
    thread_insts += sms[i].thread_insts;
    active += sms[i].active;
    // Per-SM stall breakdown: the mean over its schedulers, so it also sums to the cycles.
    for (size_t c = 0; c < kCats; ++c) {
      const double mean = shape.num_schedulers ? sms[i].sched[c] / shape.num_schedulers : 0.0;
      out[{sm, sched_cycle_name(SchedCycle(c))}] = mean;
      gpu_sched[c] += mean;
    }
  }
  for (size_t c = 0; c < kCats; ++c) {
    out[{"gpu", sched_cycle_name(SchedCycle(c))}] = shape.num_sms ? gpu_sched[c] / shape.num_sms : 0.0;
  }
  out[{"gpu", "cycles"}] = double(cycles);
  out[{"gpu", "warp_insts"}] = warp_insts;
  out[{"gpu", "thread_insts"}] = thread_insts;
  out[{"gpu", "ipc"}] = cycles ? warp_insts / double(cycles) : 0.0;
  out[{"gpu", "thread_ipc"}] = cycles ? thread_insts / double(cycles) : 0.0;
  out[{"gpu", "active_sm_cycles"}] = active;

  // Aggregates: a per-instance location's counters summed under its kind (`sm[3].l1d` -> `l1d`,
  // `l2[17]` -> `l2`, `dram[5]` -> `dram`, `noc.req` -> `noc`).
  for (const auto& [key, sum] : aggregates) out[{std::string(key.first), std::string(key.second)}] += sum;
  for (const char* name : {"accesses", "hits", "misses"}) {
    out.emplace(stats::CounterKey{"l1d", name}, 0.0);
    out.emplace(stats::CounterKey{"l2", name}, 0.0);
  }
  for (const char* name : {"accesses", "bank_conflicts"}) out.emplace(stats::CounterKey{"shmem", name}, 0.0);
  for (const char* name : {"reads", "writes", "bytes", "row_hits", "row_misses"}) {
    out.emplace(stats::CounterKey{"dram", name}, 0.0);
  }
  for (const char* name : {"packets", "flits", "stall_cycles"}) {
    out.emplace(stats::CounterKey{"noc", name}, 0.0);
  }
  auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
  // A pipe's utilisation: its busy cycles over every sub-core's cycles.
  const double sched_cycles = double(cycles) * shape.num_sms * shape.num_schedulers;
  for (const auto& [key, sum] : aggregates) {
    if (key.first == "pipes") out[{"pipes", "utilization_" + std::string(key.second.substr(5))}] = ratio(sum, sched_cycles);
  }
  for (const char* level : {"l1d", "l2"}) {
    out[{level, "hit_rate"}] = ratio(get(out, level, "hits"), get(out, level, "accesses"));
  }
  for (const char* level : {"l1", "l2", "dram"}) {
    out[{"ldst", std::string("mean_load_latency_") + level}] =
        ratio(get(out, "ldst", std::string("load_latency_sum_") + level), get(out, "ldst", std::string("loads_") + level));
  }
  const double dram_cycles = double(cycles) * shape.dram_cycles_per_core_cycle;
  out[{"dram", "bus_utilization"}] =
      ratio(get(out, "dram", "bus_busy_cycles"), dram_cycles * shape.num_dram_channels);
  // Bytes per second of simulated time: bytes / (cycles / core clock).
  out[{"dram", "bandwidth_gbps"}] = ratio(get(out, "dram", "bytes") * shape.core_mhz * 1e-3, double(cycles));
  out[{"dram", "row_hit_rate"}] = ratio(get(out, "dram", "row_hits"),
                                        get(out, "dram", "row_hits") + get(out, "dram", "row_misses") +
                                            get(out, "dram", "row_conflicts"));
  return out;
}

void attribute_to_kernel(stats::CounterTable& window, const stats::CounterRegistry& own, uint64_t cycles) {
  std::map<std::string_view, size_t> cat_of;
  for (size_t c = 0; c < size_t(SchedCycle::count_); ++c) cat_of.emplace(sched_cycle_name(SchedCycle(c)), c);
  std::map<std::string, uint64_t> spent;  // scheduler location -> cycles on the kernel's warps
  own.for_each([&](const stats::CounterKey& key, const stats::Counter& c) {
    window[key] = double(c.value());
    if (cat_of.count(key.name) != 0) spent[key.location] += c.value();
  });
  for (const auto& [loc, n] : spent) window[{loc, "idle"}] = double(cycles > n ? cycles - n : 0);
}

}  // namespace warpsim
