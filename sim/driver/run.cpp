#include "sim/driver/run.h"

#include <exception>
#include <memory>

#include "models/gpu.h"
#include "sim/config/config.h"
#include "sim/driver/derived_counters.h"
#include "sim/driver/workload.h"
#include "sim/engine/engine.h"
#include "sim/error.h"
#include "sim/stats/counter_registry.h"
#include "sim/stats/recorder.h"

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

RunSummary run_workload(const RunOptions& opt) {
  // Everything that can be wrong with the input is checked before a run row exists.
  const Config cfg = Config::load(opt.configs, opt.sets, opt.presets_dir);
  std::unique_ptr<Workload> work = open_workload(opt.workload, workload_options(opt, cfg));
  return run_workload(opt, cfg, *work);
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
    stats::Sampler sampler(counters, opt.sample_interval);
    if (opt.sample_interval > 0) gpu.set_sampler(&sampler);

    const stats::Snapshot run_start = counters.snapshot();
    const uint64_t max_cycle = opt.max_cycles ? opt.max_cycles - 1 : ~uint64_t(0) - 1;
    uint64_t first_start = 0, last_end = 0;
    bool stopped = false;
    for (size_t i = 0; i < work.num_launches() && !stopped; ++i) {
      for (const auto& [addr, bytes] : work.copies_before(i)) gpu.copy_to_device(addr, bytes);
      std::unique_ptr<KernelSource> source = work.launch(i);
      const std::string kernel_name = source->name();
      const Dim3 grid = source->grid(), block = source->block();
      if (wrap) source = wrap(std::move(source), i);
      const stats::Snapshot before = counters.snapshot();
      Gpu::KernelResult r;
      try {
        r = gpu.run_kernel(*source, max_cycle);
      } catch (const InputError& e) {
        // Faults inside the kernel already name the kernel's source line; placement errors don't.
        if (!e.path().empty()) throw;
        const auto [path, line] = work.launch_origin(i);
        throw InputError(path, line, e.problem());
      }
      source.reset();  // a recording wrapper finishes its kernel here
      const stats::Snapshot after = counters.snapshot();
      const uint64_t cycles = r.end_cycle - r.start_cycle;
      const stats::CounterTable table =
          derive_counters(stats::to_table(stats::delta(before, after)), cycles, shape);
      stats::KernelRow row;
      row.kernel_seq = int(i + 1);
      row.name = kernel_name;
      row.grid = {grid.x, grid.y, grid.z};
      row.block = {block.x, block.y, block.z};
      row.start_cycle = r.start_cycle;
      row.end_cycle = r.end_cycle;
      row.cycles = cycles;
      row.warp_insts = uint64_t(table.at({"gpu", "warp_insts"}));
      row.thread_insts = uint64_t(table.at({"gpu", "thread_insts"}));
      recorder.add_kernel(s.run_id, row);
      recorder.add_counters(s.run_id, stats::to_rows(row.kernel_seq, table));
      if (i == 0) first_start = r.start_cycle;
      last_end = r.end_cycle;
      ++s.kernels;
      s.warp_insts += row.warp_insts;
      s.thread_insts += row.thread_insts;
      if (r.hit_cycle_limit) {
        stopped = true;
        s.warnings.push_back("stopped at --max-cycles " + std::to_string(opt.max_cycles) + " in kernel '" +
                             kernel_name + "' (launch " + std::to_string(i + 1) + " of " +
                             std::to_string(work.num_launches()) + "); results not checked");
      }
    }
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
    if (opt.sample_interval > 0) recorder.add_samples(s.run_id, sampler.take());

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
