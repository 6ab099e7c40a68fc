#include "sim/analysis/sweep.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <thread>

#include "sim/analysis/child_runs.h"
#include "sim/analysis/run_db.h"
#include "sim/analysis/sweep_spec.h"
#include "sim/error.h"
#include "sim/stats/recorder.h"

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

// One word of a shell command line, quoted.
std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string sh_command(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + sh_quote(w);
  return out;
}

void write_script(const std::filesystem::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::trunc);
  f << text;
  if (!f.flush()) throw InputError(path.string(), 0, "cannot write the Slurm job script");
  std::filesystem::permissions(path, std::filesystem::perms::owner_exec, std::filesystem::perm_options::add);
}

// sbatch --parsable prints "JOBID" or "JOBID;CLUSTER".
std::string submit(const std::vector<std::string>& args) {
  const ChildResult r = run_children("sbatch", {args}, 1).front();
  if (r.exit_code != 0) {
    const std::string why = r.exit_code < 0 ? "sbatch could not be started (is Slurm installed and in PATH?)" : child_error(r);
    throw InputError("--backend slurm", 0, "sbatch failed: " + why);
  }
  std::string id = first_line(r.out);
  id = id.substr(0, id.find(';'));
  if (id.empty()) throw InputError("--backend slurm", 0, "sbatch printed no job id");
  return id;
}

// Writes the array job and the merge job into `dir` and submits them; returns their job ids.
std::pair<std::string, std::string> submit_to_slurm(const SweepSpec& spec, const SweepOptions& o,
                                                    std::vector<std::vector<std::string>> args,
                                                    const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  const std::string exe = self_executable();
  const std::string db = fs::absolute(o.db).string();
  std::string cases;
  for (size_t i = 0; i < args.size(); ++i) {
    // Each task records into its own database: no writer waits for another across the cluster.
    for (size_t a = 0; a + 1 < args[i].size(); ++a) {
      if (args[i][a] == "--db") args[i][a + 1] = (dir / ("task-" + std::to_string(i) + ".db")).string();
    }
    std::vector<std::string> cmd = {exe};
    cmd.insert(cmd.end(), args[i].begin(), args[i].end());
    cases += "  " + std::to_string(i) + ") exec " + sh_command(cmd) + " ;;\n";
  }
  write_script(dir / "array.sh",
               "#!/usr/bin/env bash\n"
               "# warpsim sweep " + spec.name + ": one run per array task (written by warpsim sweep --backend slurm).\n"
               "#SBATCH --job-name=warpsim-" + spec.name + "\n"
               "#SBATCH --array=0-" + std::to_string(args.size() - 1) + "\n"
               "#SBATCH --ntasks=1\n"
               "#SBATCH --output=" + (dir / "task-%a.log").string() + "\n"
               "set -u\ncase \"$SLURM_ARRAY_TASK_ID\" in\n" + cases + "esac\n");
  write_script(dir / "merge.sh",
               "#!/usr/bin/env bash\n"
               "# warpsim sweep " + spec.name + ": the task databases into " + db + ", once the array has finished.\n"
               "#SBATCH --job-name=warpsim-" + spec.name + "-merge\n"
               "#SBATCH --ntasks=1\n"
               "#SBATCH --output=" + (dir / "merge.log").string() + "\n"
               "set -eu\nshopt -s nullglob\n"
               "dbs=(" + sh_quote(dir.string()) + "/task-*.db)\n"
               "[ ${#dbs[@]} -eq 0 ] || exec " + sh_quote(exe) + " merge \"${dbs[@]}\" -o " + sh_quote(db) + "\n");
  std::vector<std::string> array_args = {"--parsable"};
  array_args.insert(array_args.end(), o.sbatch_args.begin(), o.sbatch_args.end());
  array_args.push_back((dir / "array.sh").string());
  const std::string array_id = submit(array_args);
  std::vector<std::string> merge_args = {"--parsable", "--dependency=afterany:" + array_id};
  merge_args.insert(merge_args.end(), o.sbatch_args.begin(), o.sbatch_args.end());
  merge_args.push_back((dir / "merge.sh").string());
  return {array_id, submit(merge_args)};
}

}  // namespace

int run_sweep(const SweepOptions& o) {
  if (o.backend != "local" && o.backend != "slurm") {
    throw InputError("--backend", 0, "unknown backend '" + o.backend + "' (local, slurm)");
  }
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

  if (o.backend == "slurm") {
    if (jobs.empty()) {
      std::cout << "nothing to submit" << std::endl;
      return 0;
    }
    // A folder per submission beside the database: scripts, task databases and logs.
    char stamp[32];
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &utc);
    const std::filesystem::path dir = std::filesystem::absolute(
        o.db + ".slurm/" + spec.name + "-" + stamp + "-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto [array_id, merge_id] = submit_to_slurm(spec, o, args, dir);
    std::cout << "submitted Slurm array job " << array_id << " (" << jobs.size() << " runs) and merge job " << merge_id
              << " (runs after it)\nthe runs reach " << o.db << " when job " << merge_id << " ends; follow them with: squeue -j "
              << array_id << "," << merge_id << "\nscripts, task databases and logs: " << dir.string() << std::endl;
    return 0;
  }

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
      if (r.exit_code != 0) std::cout << "\r\033[K" << "failed (exit " << r.exit_code << "): " << what << ": " << child_error(r) << "\n";
      constexpr int kWidth = 30;
      const int filled = int(kWidth * completed / jobs.size());
      std::cout << "\r\033[K[" << std::string(size_t(filled), '#') << std::string(size_t(kWidth - filled), ' ') << "] "
                << completed << "/" << jobs.size() << "  elapsed " << clock(elapsed) << "  ETA " << clock(eta) << std::flush;
    } else {
      std::cout << "[" << completed << "/" << jobs.size() << "] " << what << ": "
                << (r.exit_code == 0 ? std::string("ok") : "failed (exit " + std::to_string(r.exit_code) + "): " + child_error(r))
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
