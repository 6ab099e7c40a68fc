#include "sim/analysis/sweep.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <set>
#include <thread>

#include "sim/analysis/child_runs.h"
#include "sim/analysis/run_db.h"
#include "sim/analysis/sweep_spec.h"

namespace warpsim::analysis {

namespace {

// Whether `recorded` (the workload column of a run) is the run of `given` (the path the sweep
// passed): a folder is recorded as the manifest or trace list inside it.
bool same_workload(const std::string& recorded, const std::string& given) {
  return recorded == given || (recorded.size() > given.size() && recorded.compare(0, given.size(), given) == 0 &&
                               recorded[given.size()] == '/');
}

std::string clock(double seconds) {
  const long s = long(seconds + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  return buf;
}

std::string first_line(const std::string& s) {
  const size_t nl = s.find('\n');
  return nl == std::string::npos ? s : s.substr(0, nl);
}

}  // namespace

int run_sweep(const SweepOptions& o) {
  const SweepSpec spec = load_sweep(o.spec);

  // What a previous (possibly killed) sweep into this database already finished.
  std::set<std::pair<std::string, std::string>> done;  // (run name, recorded workload)
  std::error_code ec;
  if (std::filesystem::exists(o.db, ec)) {
    const RunDb db(o.db);
    for (const RunRecord& r : db.runs(true)) done.insert({r.name, r.workload});
  }
  auto finished = [&](const std::string& name, const std::string& workload) {
    for (const auto& [n, w] : done) {
      if (n == name && same_workload(w, workload)) return true;
    }
    return false;
  };

  struct Job {
    const SweepPoint* point;
    std::string workload;
  };
  std::vector<Job> jobs;
  std::vector<std::vector<std::string>> args;
  size_t skipped = 0;
  for (const SweepPoint& p : spec.points) {
    for (const std::string& w : spec.workloads) {
      if (finished(spec.run_name(p), w)) {
        ++skipped;
        continue;
      }
      std::vector<std::string> a = {"run", w, "--db", o.db, "--name", spec.run_name(p), "--json"};
      for (const std::string& c : spec.configs) a.insert(a.end(), {"-c", c});
      for (const std::string& s : spec.sets) a.insert(a.end(), {"--set", s});
      for (const auto& [k, v] : p.values) a.insert(a.end(), {"--set", k + "=" + v});
      if (!o.presets_dir.empty()) a.insert(a.end(), {"--presets", o.presets_dir});
      jobs.push_back({&p, w});
      args.push_back(std::move(a));
    }
  }
  const size_t total = spec.points.size() * spec.workloads.size();
  std::cout << "sweep " << spec.name << ": " << spec.points.size() << " points x " << spec.workloads.size()
            << " workloads = " << total << " runs";
  if (skipped != 0) std::cout << ", " << skipped << " already in " << o.db;
  std::cout << std::endl;

  const bool tty = isatty(STDOUT_FILENO) != 0;
  const auto start = std::chrono::steady_clock::now();
  size_t completed = 0, failed = 0;
  int first_failure = 0;
  auto on_done = [&](size_t i, const ChildResult& r) {
    ++completed;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double eta = elapsed / double(completed) * double(jobs.size() - completed);
    if (r.exit_code != 0) {
      ++failed;
      if (first_failure == 0) first_failure = r.exit_code < 0 ? 3 : r.exit_code;
    }
    const std::string what = spec.run_name(*jobs[i].point) + " " + jobs[i].workload;
    if (tty) {
      // One line redrawn in place; failures are printed above it so that they stay visible.
      if (r.exit_code != 0) std::cout << "\r\033[K" << "failed (exit " << r.exit_code << "): " << what << ": " << first_line(r.err) << "\n";
      constexpr int kWidth = 30;
      const int filled = int(kWidth * completed / jobs.size());
      std::cout << "\r\033[K[" << std::string(size_t(filled), '#') << std::string(size_t(kWidth - filled), ' ') << "] "
                << completed << "/" << jobs.size() << "  elapsed " << clock(elapsed) << "  ETA " << clock(eta) << std::flush;
    } else {
      std::cout << "[" << completed << "/" << jobs.size() << "] " << what << ": "
                << (r.exit_code == 0 ? std::string("ok") : "failed (exit " + std::to_string(r.exit_code) + "): " + first_line(r.err))
                << "  ETA " << clock(eta) << std::endl;
    }
  };
  const unsigned parallel = o.jobs != 0 ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  if (!jobs.empty()) run_children(self_executable(), args, parallel, on_done);
  if (tty && !jobs.empty()) std::cout << "\n";
  std::cout << "done: " << jobs.size() - failed << " ran ok, " << failed << " failed, " << skipped
            << " skipped (already recorded); runs are named " << spec.name << ":<point> in " << o.db << std::endl;
  return first_failure;
}

}  // namespace warpsim::analysis
