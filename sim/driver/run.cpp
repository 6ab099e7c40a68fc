#include "sim/driver/run.h"

#include <cmath>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>

#include "isa/binary_format.h"
#include "isa/exec/device_memory.h"
#include "isa/exec/exec_kernel_source.h"
#include "isa/exec/param_buffer.h"
#include "isa/program.h"
#include "models/gpu.h"
#include "sim/config/config.h"
#include "sim/driver/buffers.h"
#include "sim/driver/derived_counters.h"
#include "sim/driver/manifest.h"
#include "sim/engine/engine.h"
#include "sim/error.h"
#include "sim/stats/counter_registry.h"
#include "sim/stats/recorder.h"

namespace warpsim {

namespace fs = std::filesystem;
using workload::ElemType;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// The launch's arguments as the kernel's param buffer; mismatches are reported at the launch.
std::vector<uint8_t> build_params(const isa::Kernel& k, const workload::LaunchSpec& launch,
                                  const std::vector<uint64_t>& buffer_addrs,
                                  const workload::Manifest& m) {
  std::vector<isa::ParamArg> args;
  for (const workload::ArgSpec& a : launch.args) {
    if (a.buffer.empty()) {
      args.push_back({a.scalar.type, a.scalar.bits, false});
    } else {
      size_t b = 0;
      while (m.buffers[b].name != a.buffer) ++b;
      args.push_back(isa::ParamArg::of_address(buffer_addrs[b]));
    }
  }
  try {
    return isa::build_param_buffer(k, args);
  } catch (const InputError& e) {
    throw InputError(m.path, launch.line, e.problem());
  }
}

isa::Program load_program(const workload::Manifest& m) {
  const std::string ext = fs::path(m.kernel_path).extension().string();
  if (ext == ".ptx") {
    throw InputError(m.path, m.kernel_line,
                     "kernel " + m.kernel_path +
                         ": PTX kernels need the PTX front-end, which this build does not have yet");
  }
  // Chip assembly or an assembled binary (`warpsim asm`), told apart by the binary's magic.
  return isa::load_program(m.kernel_path);
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
  const workload::Manifest manifest = workload::load_manifest(opt.workload);
  const isa::Program program = load_program(manifest);
  std::vector<const isa::Kernel*> kernels;
  for (const workload::LaunchSpec& l : manifest.launches) {
    const isa::Kernel* k = program.find(l.entry);
    if (k == nullptr) {
      throw InputError(manifest.path, l.line, "kernel '" + l.entry + "' not found in " + manifest.kernel_path);
    }
    kernels.push_back(k);
  }
  std::vector<std::vector<uint8_t>> initial;
  for (const workload::BufferSpec& b : manifest.buffers) {
    initial.push_back(workload::initial_contents(b, manifest.path));
  }

  RunSummary s;
  s.name = opt.name;
  s.workload = manifest.path;
  s.config_name = cfg.name();
  s.config_hash = cfg.hash();
  s.db_path = opt.db_path;

  stats::Recorder recorder(opt.db_path);
  stats::RunInfo info;
  info.name = opt.name;
  info.workload = manifest.path;
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
    const GpuShape shape{gpu.num_sms(), gpu.num_schedulers()};
    stats::Sampler sampler(counters, opt.sample_interval);
    if (opt.sample_interval > 0) gpu.set_sampler(&sampler);

    isa::DeviceMemory memory;
    std::vector<uint64_t> addrs;
    for (size_t i = 0; i < manifest.buffers.size(); ++i) {
      addrs.push_back(memory.allocate(initial[i].size()));
      memory.write(addrs.back(), initial[i].data(), initial[i].size());
    }

    const stats::Snapshot run_start = counters.snapshot();
    const uint64_t max_cycle = opt.max_cycles ? opt.max_cycles - 1 : ~uint64_t(0) - 1;
    uint64_t first_start = 0, last_end = 0;
    bool stopped = false;
    for (size_t i = 0; i < manifest.launches.size() && !stopped; ++i) {
      const workload::LaunchSpec& l = manifest.launches[i];
      const isa::Kernel& k = *kernels[i];
      std::vector<uint8_t> params = build_params(k, l, addrs, manifest);
      isa::ExecKernelSource source(k, memory, Dim3{l.grid[0], l.grid[1], l.grid[2]},
                                   Dim3{l.block[0], l.block[1], l.block[2]}, l.shared_bytes,
                                   std::move(params));
      const stats::Snapshot before = counters.snapshot();
      Gpu::KernelResult r;
      try {
        r = gpu.run_kernel(source, max_cycle);
      } catch (const InputError& e) {
        // Faults inside the kernel already name the kernel's source line; placement errors don't.
        if (!e.path().empty()) throw;
        throw InputError(manifest.path, l.line, e.problem());
      }
      const stats::Snapshot after = counters.snapshot();
      const uint64_t cycles = r.end_cycle - r.start_cycle;
      const stats::CounterTable table =
          derive_counters(stats::to_table(stats::delta(before, after)), cycles, shape);
      stats::KernelRow row;
      row.kernel_seq = int(i + 1);
      row.name = k.name;
      row.grid = {l.grid[0], l.grid[1], l.grid[2]};
      row.block = {l.block[0], l.block[1], l.block[2]};
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
                             k.name + "' (launch " + std::to_string(i + 1) + " of " +
                             std::to_string(manifest.launches.size()) + "); results not checked");
      }
    }
    s.cycles = last_end - first_start;
    s.sim_seconds = double(gpu.core_domain().edges().edge(last_end)) * 1e-12;

    // Run totals (kernel_seq 0): all kernels' counters, derived over the whole run.
    stats::CounterTable totals =
        derive_counters(stats::to_table(stats::delta(run_start, counters.snapshot())), s.cycles, shape);

    std::string check_message;
    if (!stopped) {
      for (const workload::ExpectSpec& e : manifest.expects) {
        size_t b = 0;
        while (manifest.buffers[b].name != e.buffer) ++b;
        std::vector<uint8_t> actual(initial[b].size());
        memory.read(addrs[b], actual.data(), actual.size());
        check_message = workload::check_expect(e, manifest.buffers[b], actual, manifest.path);
        if (!check_message.empty()) break;
      }
      s.check = manifest.expects.empty() ? "none" : check_message.empty() ? "passed" : "failed";
      s.check_message = check_message.empty() ? "" : manifest.path + ": " + check_message;
      for (const workload::ReportSpec& rep : manifest.reports) {
        size_t b = 0;
        while (manifest.buffers[b].name != rep.buffer) ++b;
        std::vector<uint8_t> bytes(initial[b].size());
        memory.read(addrs[b], bytes.data(), bytes.size());
        totals[{"workload", rep.name}] = workload::report_value(rep, manifest.buffers[b], bytes);
      }
    }
    recorder.add_counters(s.run_id, stats::to_rows(0, totals));
    if (opt.sample_interval > 0) recorder.add_samples(s.run_id, sampler.take());

    s.ipc = s.cycles ? double(s.warp_insts) / double(s.cycles) : 0.0;
    const double l1_acc = totals[{"l1d", "accesses"}], l2_acc = totals[{"l2", "accesses"}];
    if (l1_acc > 0) s.l1_hit_rate = totals[{"l1d", "hits"}] / l1_acc;
    if (l2_acc > 0) s.l2_hit_rate = totals[{"l2", "hits"}] / l2_acc;
    s.dram_bytes = uint64_t(totals[{"dram", "bytes"}]);
    s.mem_bytes = uint64_t(totals[{"mem", "bytes"}]);
    if (s.sim_seconds > 0) {
      s.dram_gbps = double(s.dram_bytes) / s.sim_seconds * 1e-9;
      s.mem_gbps = double(s.mem_bytes) / s.sim_seconds * 1e-9;
    }
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
