// The human summary of a run and its --json form (DESIGN.md §5).
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>

#include "sim/driver/run.h"
#include "sim/util/json.h"

namespace warpsim {

namespace {

std::string grouped(uint64_t v) {
  std::string s = std::to_string(v);
  for (int i = int(s.size()) - 3; i > 0; i -= 3) s.insert(size_t(i), ",");
  return s;
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string rate(const std::optional<double>& r) {
  return r ? fixed(*r * 100.0, 2) + " %" : std::string("- (no accesses)");
}

void print_json(const RunSummary& s) {
  std::string o = "{";
  auto key = [&](const char* k) {
    if (o.size() > 1) o += ",";
    json::append_string(&o, k);
    o += ":";
  };
  auto str = [&](const char* k, const std::string& v) {
    key(k);
    json::append_string(&o, v);
  };
  auto uint = [&](const char* k, uint64_t v) {
    key(k);
    o += std::to_string(v);
  };
  auto num = [&](const char* k, double v) {
    key(k);
    o += std::isfinite(v) ? json::number(v) : "null";
  };
  auto opt = [&](const char* k, const std::optional<double>& v) {
    key(k);
    o += v ? json::number(*v) : "null";
  };
  uint("run_id", uint64_t(s.run_id));
  str("name", s.name);
  str("workload", s.workload);
  str("config", s.config_name);
  str("config_hash", s.config_hash);
  str("status", s.status);
  str("db", s.db_path);
  uint("kernels", s.kernels);
  uint("cycles", s.cycles);
  uint("warp_insts", s.warp_insts);
  uint("thread_insts", s.thread_insts);
  num("ipc", s.ipc);
  opt("l1_hit_rate", s.l1_hit_rate);
  opt("l2_hit_rate", s.l2_hit_rate);
  uint("dram_bytes", s.dram_bytes);
  num("dram_gbps", s.dram_gbps);
  num("dram_utilization", s.dram_utilization);
  num("wall_seconds", s.wall_seconds);
  num("warp_insts_per_second", s.wall_seconds > 0 ? double(s.warp_insts) / s.wall_seconds : 0.0);
  num("cycles_per_second", s.wall_seconds > 0 ? double(s.cycles) / s.wall_seconds : 0.0);
  str("check", s.check);
  if (!s.preset_note.empty()) str("preset", s.preset_note);
  key("warnings");
  o += "[";
  for (size_t i = 0; i < s.warnings.size(); ++i) {
    if (i) o += ",";
    json::append_string(&o, s.warnings[i]);
  }
  o += "]}";
  std::cout << o << "\n";
}

}  // namespace

void print_summary(const RunSummary& s, bool as_json) {
  if (as_json) {
    print_json(s);
    return;
  }
  const double wips = s.wall_seconds > 0 ? double(s.warp_insts) / s.wall_seconds : 0.0;
  const double cps = s.wall_seconds > 0 ? double(s.cycles) / s.wall_seconds : 0.0;
  std::cout << "warpsim " << WARPSIM_VERSION << ": " << s.workload << " on " << s.config_name
            << " (config " << s.config_hash << ")\n"
            << (s.preset_note.empty() ? "" : "  preset         " + s.preset_note + "\n")
            << "  run            " << s.run_id << (s.name.empty() ? "" : " '" + s.name + "'") << " in "
            << s.db_path << ", status " << s.status << "\n"
            << "  kernels        " << s.kernels << "\n"
            << "  cycles         " << grouped(s.cycles) << " core cycles (" << fixed(s.sim_seconds * 1e6, 2)
            << " us simulated)\n"
            << "  instructions   " << grouped(s.warp_insts) << " warp, " << grouped(s.thread_insts)
            << " thread\n"
            << "  IPC            " << fixed(s.ipc, 3) << " warp instructions per cycle (GPU)\n"
            << "  L1D hit rate   " << rate(s.l1_hit_rate) << "\n"
            << "  L2 hit rate    " << rate(s.l2_hit_rate) << "\n"
            << "  DRAM           " << grouped(s.dram_bytes) << " B, " << fixed(s.dram_gbps, 1) << " GB/s ("
            << fixed(s.dram_utilization * 100.0, 1) << " % of the data buses' cycles)\n"
            << "  check          " << s.check << (s.check_message.empty() ? "" : ": " + s.check_message) << "\n"
            << "  speed          " << fixed(s.wall_seconds, 3) << " s wall, " << grouped(uint64_t(wips))
            << " warp-inst/s, " << grouped(uint64_t(cps)) << " cycles/s\n";
  for (const std::string& w : s.warnings) std::cerr << "warning: " << w << "\n";
}

}  // namespace warpsim
