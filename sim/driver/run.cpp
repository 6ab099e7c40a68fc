#include "sim/driver/run.h"

#include <algorithm>
#include <exception>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/gpu.h"
#include "sim/config/config.h"
#include "sim/config/presets.h"
#include "sim/driver/derived_counters.h"
#include "sim/driver/native_workload.h"
#include "sim/driver/workload.h"
#include "sim/engine/engine.h"
#include "sim/error.h"
#include "sim/stats/counter_registry.h"
#include "sim/stats/recorder.h"
#include "traces/accelsim/accelsim_trace.h"
#include "traces/native/native_trace.h"

namespace warpsim {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

std::string run_status_for(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const CheckFailed&) {
    return "check_failed";
  } catch (const DeadlockError&) {
    return "deadlock";
  } catch (...) {
    return "error";
  }
}

}  // namespace

std::string default_preset_for(const std::string& workload, const std::string& presets_dir, std::string* note) {
  note->clear();
  int version = 0;
  if (is_native_trace(workload)) {
    // A recorded trace replays on the preset it was recorded on, a converted one like its source.
    const traces::NativeTrace trace = traces::NativeTrace::open(workload);
    const std::string& recorded = trace.recorded_preset();
    const std::vector<std::string> known = config::preset_names(presets_dir);
    if (!recorded.empty() && std::find(known.begin(), known.end(), recorded) != known.end()) {
      *note = recorded + ", the preset the trace was recorded on (-c chooses another)";
      return recorded;
    }
    version = int(trace.binary_version());
    if (version == 0) {
      *note = "v100: the trace records neither a preset nor a binary version (-c chooses one)";
      return "v100";
    }
  } else {
    if (!traces::looks_like_accelsim(workload)) return "v100";
    const traces::AccelSimTrace trace = traces::AccelSimTrace::open(workload);
    if (trace.num_kernels() == 0) return "v100";
    version = traces::read_kernel_header(trace.kernel_command(0).path).binary_version;
  }
  // The chip generation whose preset models the trace's architecture best.
  std::string preset;
  switch (version) {
    case 60: case 61: case 70: case 75: preset = "v100"; break;
    case 80: case 86: case 89: preset = "a100"; break;
    case 90: preset = "h100"; break;
    default:
      *note = "v100: the trace's binary version " + std::to_string(version) + " has no preset of its own (-c chooses one)";
      return "v100";
  }
  *note = preset + ", for the trace's binary version " + std::to_string(version) + " (-c chooses another)";
  return preset;
}

RunSummary run_workload(const RunOptions& opt) {
  // Everything that can be wrong with the input is checked before a run row exists.
  RunOptions o = opt;
  std::string note;
  if (o.configs.empty()) o.configs = {default_preset_for(o.workload, o.presets_dir, &note)};
  const Config cfg = Config::load(o.configs, o.sets, o.presets_dir);
  std::unique_ptr<Workload> work = open_workload(o.workload, workload_options(o, cfg));
  RunSummary s = run_workload(o, cfg, *work);
  s.preset_note = note;
  return s;
}

WorkloadOptions workload_options(const RunOptions& options, const Config& cfg) {
  WorkloadOptions w = options.workload_options;
  w.schedule_ptx = cfg.get_bool("ptx.schedule");
  return w;
}

RunSummary run_workload(const RunOptions& opt, const Config& cfg, Workload& work,
                        const LaunchWrapper& wrap) {
  RunSummary s;
  s.name = opt.name;
  s.workload = work.path();
  s.config_name = cfg.name();
  s.config_hash = cfg.hash();
  s.db_path = opt.db_path;

  stats::Recorder recorder(opt.db_path);
  stats::RunInfo info;
  info.name = opt.name;
  info.workload = work.path();
  info.config_name = cfg.name();
  info.config_json = cfg.to_json();
  info.config_hash = s.config_hash;
  info.sim_version = WARPSIM_VERSION;
  info.started_at = stats::now_iso8601();
  s.run_id = recorder.begin_run(info);

  try {
    Engine engine;
    stats::CounterRegistry counters;
    Gpu gpu(cfg, engine, counters);
    const double core_mhz = double(cfg.get_int("clocks.core_mhz", 1, 100000));
    const GpuShape shape{gpu.num_sms(), gpu.num_schedulers(), gpu.num_dram_channels(),
                         double(gpu.dram_mhz()) / core_mhz, core_mhz};
    // Made only when asked for: it tracks every counter of the chip from the start.
    std::optional<stats::Sampler> sampler;
    if (opt.sample_interval > 0) gpu.set_sampler(&sampler.emplace(counters, opt.sample_interval));

    const stats::Snapshot run_start = counters.snapshot();
    const uint64_t max_cycle = opt.max_cycles ? opt.max_cycles - 1 : ~uint64_t(0) - 1;
    const size_t n = work.num_launches();
    const uint64_t launch_step = gpu.launch_gap() + 1;
    // How far ahead of the oldest waiting launch the host's queues are looked into.
    const size_t window = size_t(cfg.get_int("gpu.max_concurrent_kernels", 1, 4096));
    uint64_t first_start = ~uint64_t(0), last_end = 0;
    bool stopped = false;
    // Only launches on two different non-default streams can run at the same time.
    {
      std::set<uint64_t> streams;
      for (size_t i = 0; i < n && window > 1 && streams.size() < 2; ++i) {
        if (work.stream(i) != 0) streams.insert(work.stream(i));
      }
      gpu.set_kernels_may_overlap(streams.size() >= 2);
    }

    // Launches from admission (handed to the GPU) until they finished. Launches of one stream run
    // in order; the default stream (0) waits for every earlier launch and every later launch
    // waits for it (CUDA's legacy default stream); other streams' launches run concurrently.
    struct Live {
      size_t launch = 0;
      uint32_t slot = 0;
      uint64_t stream = 0;
      std::unique_ptr<KernelSource> source;
      std::string name;
      Dim3 grid, block;
      stats::Snapshot before;
      bool overlapped = false;  // another kernel held a slot at some time while this one did
    };
    std::vector<Live> live;
    std::vector<bool> finished(n, false), admitted(n, false);
    size_t first_waiting = 0, first_unfinished = 0;
    auto admit = [&](std::optional<uint64_t> observed) {
      for (const Live& l : live) {
        if (l.stream == 0) return;
      }
      size_t looked = 0;
      for (size_t i = first_waiting; i < n && looked < window; ++i) {
        if (admitted[i]) continue;
        ++looked;
        if (!gpu.can_launch()) break;
        const uint64_t stream = work.stream(i);
        if (stream == 0 && (i != first_unfinished || !live.empty())) break;
        bool busy = false;
        for (const Live& l : live) busy |= l.stream == stream;
        if (busy) continue;
        // Launch latency: the host issues launch i no earlier than i launch gaps into the run,
        // and a launch that waited (for its stream or a slot) starts a gap after that ended.
        uint64_t start = uint64_t(i) * launch_step;
        if (observed) start = std::max(start, *observed + launch_step);
        for (const auto& [addr, bytes] : work.copies_before(i)) gpu.copy_to_device(addr, bytes);
        Live l;
        l.launch = i;
        l.stream = stream;
        l.source = work.launch(i);
        l.name = l.source->name();
        l.grid = l.source->grid();
        l.block = l.source->block();
        if (wrap) l.source = wrap(std::move(l.source), i);
        l.before = counters.snapshot();
        try {
          l.slot = gpu.launch(*l.source, start);
        } catch (const InputError& e) {
          // Faults inside a kernel already name its source line; placement errors don't.
          if (!e.path().empty()) throw;
          const auto [path, line] = work.launch_origin(i);
          throw InputError(path, line, e.problem());
        }
        l.overlapped = !live.empty();
        for (Live& other : live) other.overlapped = true;
        live.push_back(std::move(l));
        admitted[i] = true;
        while (first_waiting < n && admitted[first_waiting]) ++first_waiting;
        if (stream == 0) break;
      }
      if (live.empty() && first_waiting < n) throw std::logic_error("no launch could be admitted");
    };

    admit(std::nullopt);
    while (!live.empty() && !stopped) {
      const std::vector<Gpu::Finished> done = gpu.run(max_cycle);
      const uint64_t observed = gpu.cycle();
      for (const Gpu::Finished& f : done) {
        auto it = std::find_if(live.begin(), live.end(), [&](const Live& l) { return l.slot == f.slot; });
        Live l = std::move(*it);
        live.erase(it);
        const Gpu::KernelResult& r = f.result;
        l.source.reset();  // a recording wrapper finishes its kernel here
        const stats::Snapshot after = counters.snapshot();
        const uint64_t cycles = r.end_cycle - r.start_cycle;
        stats::CounterTable raw = stats::to_table(stats::delta(l.before, after));
        if (l.overlapped) attribute_to_kernel(raw, gpu.kernel_counters(f.slot), cycles);
        const stats::CounterTable table = derive_counters(raw, cycles, shape);
        stats::KernelRow row;
        row.kernel_seq = int(l.launch + 1);
        row.name = l.name;
        row.grid = {l.grid.x, l.grid.y, l.grid.z};
        row.block = {l.block.x, l.block.y, l.block.z};
        row.start_cycle = r.start_cycle;
        row.end_cycle = r.end_cycle;
        row.cycles = cycles;
        row.warp_insts = uint64_t(table.at({"gpu", "warp_insts"}));
        row.thread_insts = uint64_t(table.at({"gpu", "thread_insts"}));
        recorder.add_kernel(s.run_id, row);
        recorder.add_counters(s.run_id, stats::to_rows(row.kernel_seq, table));
        first_start = std::min(first_start, r.start_cycle);
        last_end = std::max(last_end, r.end_cycle);
        finished[l.launch] = true;
        ++s.kernels;
        s.warp_insts += row.warp_insts;
        s.thread_insts += row.thread_insts;
        if (r.hit_cycle_limit && !stopped) {
          stopped = true;
          s.warnings.push_back("stopped at --max-cycles " + std::to_string(opt.max_cycles) + " in kernel '" +
                               l.name + "' (launch " + std::to_string(l.launch + 1) + " of " +
                               std::to_string(n) + "); results not checked");
        }
      }
      while (first_unfinished < n && finished[first_unfinished]) ++first_unfinished;
      if (!stopped) admit(observed);
    }
    if (first_start > last_end) first_start = last_end;
    s.cycles = last_end - first_start;
    s.sim_seconds = double(gpu.core_domain().edges().edge(last_end)) * 1e-12;

    // Run totals (kernel_seq 0): all kernels' counters, derived over the whole run.
    stats::CounterTable totals =
        derive_counters(stats::to_table(stats::delta(run_start, counters.snapshot())), s.cycles, shape);
    if (!stopped) {
      s.check_message = work.check();
      s.check = !work.has_checks() ? "none" : s.check_message.empty() ? "passed" : "failed";
      work.report(totals);
    }
    for (const std::string& w : work.warnings()) s.warnings.push_back(w);
    recorder.add_counters(s.run_id, stats::to_rows(0, totals));
    if (opt.sample_interval > 0) recorder.add_samples(s.run_id, sampler->take());

    s.ipc = s.cycles ? double(s.warp_insts) / double(s.cycles) : 0.0;
    const double l1_acc = totals[{"l1d", "accesses"}], l2_acc = totals[{"l2", "accesses"}];
    if (l1_acc > 0) s.l1_hit_rate = totals[{"l1d", "hits"}] / l1_acc;
    if (l2_acc > 0) s.l2_hit_rate = totals[{"l2", "hits"}] / l2_acc;
    s.dram_bytes = uint64_t(totals[{"dram", "bytes"}]);
    s.dram_utilization = totals[{"dram", "bus_utilization"}];
    if (s.sim_seconds > 0) s.dram_gbps = double(s.dram_bytes) / s.sim_seconds * 1e-9;
    s.status = stopped ? "max_cycles" : s.check == "failed" ? "check_failed" : "ok";
    s.wall_seconds = seconds_since(opt.process_start);
    recorder.finish_run(s.run_id, s.status, s.wall_seconds, s.cycles, s.warp_insts, s.thread_insts);
  } catch (...) {
    const std::exception_ptr e = std::current_exception();
    // Record the failure with the kernels that completed: the run row must not stay 'interrupted'.
    try {
      recorder.finish_run(s.run_id, run_status_for(e), seconds_since(opt.process_start), s.cycles,
                          s.warp_insts, s.thread_insts);
    } catch (...) {
      // The original error is the one to report.
    }
    std::rethrow_exception(e);
  }
  return s;
}

}  // namespace warpsim
