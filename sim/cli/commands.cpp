#include "sim/cli/commands.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iostream>
#include <sstream>

#include "git_version.h"  // generated: WARPSIM_GIT_COMMIT
#include "isa/assembler.h"
#include "isa/binary_format.h"
#include "isa/disassembler.h"
#include "isa/ptx/ptx_frontend.h"
#include "sim/analysis/compare.h"
#include "sim/analysis/correlate.h"
#include "sim/analysis/merge.h"
#include "sim/analysis/regress.h"
#include "sim/analysis/report.h"
#include "sim/analysis/sweep.h"
#include "sim/config/config.h"
#include "sim/driver/run.h"
#include "sim/driver/trace_commands.h"
#include "sim/error.h"

namespace warpsim::cli {

namespace {

// A RUN argument is a run id when it is all digits (DESIGN.md §5), so names may not be.
void check_run_name(const std::string& name) {
  if (!name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isdigit(c); })) {
    throw InputError("--name", 0, "a run name must not be all digits (those select run ids)");
  }
}

// The options of every subcommand that simulates and records a run (run, trace record).
void add_run_options(CLI::App* cmd, RunOptions& o) {
  cmd->add_option("-c,--config", o.configs, "preset name or YAML file (repeatable, later wins)");
  cmd->add_option("--set", o.sets, "override one key: section.key=value (repeatable)");
  cmd->add_option("--db", o.db_path, "SQLite database to record the run in")->capture_default_str();
  cmd->add_option("--name", o.name, "a name for the run (not all digits)");
  cmd->add_flag("--json", o.json, "print the summary as one JSON object");
}

}  // namespace

int main(int argc, char* argv[], std::chrono::steady_clock::time_point process_start) {
  CLI::App app{"warpsim: a cycle-approximate GPU architecture simulator"};
  app.set_version_flag("--version", std::string("warpsim ") + WARPSIM_VERSION + " (commit " + WARPSIM_GIT_COMMIT + ")");
  app.require_subcommand(1);

  RunOptions run;
  run.process_start = process_start;
  std::string presets_dir = default_presets_dir();
  auto* run_cmd = app.add_subcommand("run", "run a workload and record it in SQLite");
  run_cmd->add_option("workload", run.workload,
                      "workload manifest (.yaml, or a folder holding manifest.yaml), Accel-Sim trace "
                      "(kernelslist.g or its folder) or native trace (.wtr)")
      ->required();
  add_run_options(run_cmd, run);
  run_cmd->add_option("--max-cycles", run.max_cycles, "stop after this many core cycles (status max_cycles)");
  run_cmd->add_option("--sample-interval", run.sample_interval,
                      "record every counter every N core cycles in the samples table");
  std::string unknown_opcode = "error";
  run_cmd->add_option("--unknown-opcode", unknown_opcode,
                      "Accel-Sim traces: an unknown SASS mnemonic is an error, or counted as an ALU instruction")
      ->check(CLI::IsMember({"error", "alu"}))
      ->capture_default_str();
  run_cmd->add_option("--presets", presets_dir, "folder of the presets")->capture_default_str();

  auto* presets_cmd = app.add_subcommand("presets", "list the configuration presets");
  presets_cmd->add_option("--presets", presets_dir, "folder of the presets")->capture_default_str();

  std::string asm_in, asm_out;
  auto* asm_cmd = app.add_subcommand("asm", "assemble chip assembly into a binary");
  asm_cmd->add_option("file", asm_in, "assembly file (.s)")->required();
  asm_cmd->add_option("-o,--output", asm_out, "output binary")->required();

  std::string ptx_in;
  bool ptx_asm_only = false;
  bool ptx_no_schedule = false;
  auto* ptx_cmd = app.add_subcommand("ptx", "translate nvcc PTX to the chip ISA and print it");
  ptx_cmd->add_option("file", ptx_in, "PTX file (.ptx)")->required();
  ptx_cmd->add_flag("--asm", ptx_asm_only, "print the chip assembly before assembling it (debugging)");
  ptx_cmd->add_flag("--no-schedule", ptx_no_schedule,
                    "instructions in lowering order, not scheduled for latency (runs: --set ptx.schedule=false)");

  // warpsim trace record MANIFEST -o FILE | info FILE | convert TRACE -o FILE
  auto* trace_cmd = app.add_subcommand("trace", "native traces: record a run, inspect, convert Accel-Sim traces");
  trace_cmd->require_subcommand(1);
  RunOptions rec = run;
  std::string rec_out;
  auto* record_cmd = trace_cmd->add_subcommand("record", "run a manifest and record its warp streams as issued");
  record_cmd->add_option("manifest", rec.workload, "workload manifest or its folder")->required();
  record_cmd->add_option("-o,--output", rec_out, "native trace to write (.wtr)")->required();
  add_run_options(record_cmd, rec);
  std::string info_in;
  auto* info_cmd = trace_cmd->add_subcommand("info", "print a native trace's kernels, CTAs, warps and counts");
  info_cmd->add_option("file", info_in, "native trace (.wtr)")->required();
  std::string conv_in, conv_out;
  auto* convert_cmd = trace_cmd->add_subcommand("convert", "convert an Accel-Sim trace to a native trace");
  convert_cmd->add_option("input", conv_in, "kernelslist.g, its folder, or one .traceg[.xz]")->required();
  convert_cmd->add_option("-o,--output", conv_out, "native trace to write (.wtr)")->required();
  std::string conv_unknown = "error";
  convert_cmd->add_option("--unknown-opcode", conv_unknown, "unknown SASS mnemonic: error, or count as ALU")
      ->check(CLI::IsMember({"error", "alu"}))
      ->capture_default_str();

  // warpsim compare DB [--base RUN] [--new RUN] [--kernel K] [--location L]
  std::string compare_db;
  analysis::CompareOptions cmp;
  bool cmp_csv = false, cmp_json = false;
  size_t cmp_top = 40;
  auto* compare_cmd = app.add_subcommand("compare", "counters of two runs side by side, largest relative change first");
  compare_cmd->add_option("db", compare_db, "run database")->required();
  compare_cmd->add_option("--base", cmp.base, "RUN: run id, or run name (a name on several workloads: one run each)");
  compare_cmd->add_option("--new", cmp.next, "RUN compared with the base (default: the last two finished runs)");
  compare_cmd->add_option("--kernel", cmp.kernel, "only this kernel: its sequence number or its name (0: run level)");
  compare_cmd->add_option("--location", cmp.location, "only this location and those under it, e.g. l2 or sm[3]");
  auto* top_opt = compare_cmd->add_option("--top", cmp_top, "rows to print (0: all; default 40 as a table, all as CSV/JSON)");
  auto* csv_flag = compare_cmd->add_flag("--csv", cmp_csv, "print CSV");
  compare_cmd->add_flag("--json", cmp_json, "print JSON")->excludes(csv_flag);

  // warpsim regress SUITE.yaml [--baseline FILE] [--update-baseline]
  analysis::RegressOptions reg;
  auto* regress_cmd = app.add_subcommand("regress", "run a regression suite and compare it with its baseline (exit 5 regression, 6 stale)");
  regress_cmd->add_option("suite", reg.suite, "regression suite (.yaml)")->required();
  regress_cmd->add_option("--baseline", reg.baseline, "baseline JSON (default: the suite's 'baseline', else SUITE.baseline.json)");
  regress_cmd->add_flag("--update-baseline", reg.update_baseline, "run the suite and write its results as the new baseline");
  regress_cmd->add_option("--db", reg.db, "SQLite database the cases' runs are recorded in")->capture_default_str();
  regress_cmd->add_option("-j,--jobs", reg.jobs, "cases run at once (default: one per core)");
  regress_cmd->add_option("--presets", reg.presets_dir, "folder of the presets");

  // warpsim sweep SWEEP.yaml [-j N] [--db FILE]
  analysis::SweepOptions sweep;
  auto* sweep_cmd = app.add_subcommand("sweep", "run a design space on workloads as parallel processes (resumable)");
  sweep_cmd->add_option("spec", sweep.spec, "sweep file (.yaml)")->required();
  sweep_cmd->add_option("--db", sweep.db, "SQLite database the runs are recorded in")->capture_default_str();
  sweep_cmd->add_option("-j,--jobs", sweep.jobs, "runs at once (default: one per core)");
  sweep_cmd->add_option("--presets", sweep.presets_dir, "folder of the presets");
  sweep_cmd->add_option("--backend", sweep.backend, "local: processes here; slurm: submit an sbatch array job")
      ->check(CLI::IsMember({"local", "slurm"}))
      ->capture_default_str();
  sweep_cmd->add_option("--sbatch-arg", sweep.sbatch_args, "slurm: an extra sbatch option, e.g. --partition=gpu (repeatable)")
      ->allow_extra_args(false);

  // warpsim merge A.db B.db ... -o OUT.db
  std::vector<std::string> merge_in;
  std::string merge_out;
  auto* merge_cmd = app.add_subcommand("merge", "copy the runs of several databases into one (run ids renumbered)");
  merge_cmd->add_option("inputs", merge_in, "run databases")->required();
  merge_cmd->add_option("-o,--output", merge_out, "database to merge into (created if missing)")->required();

  // warpsim correlate DB HW.csv [--map MAP.yaml] [--run RUN]... [--hw-clock-mhz F]
  analysis::CorrelateOptions corr;
  bool corr_summary = false;
  auto* correlate_cmd = app.add_subcommand("correlate", "simulated kernels against hardware measurements (Nsight Compute CSV)");
  correlate_cmd->add_option("db", corr.db, "run database")->required();
  correlate_cmd->add_option("hw_csv", corr.hw_csv, "Nsight Compute --csv output, or a CSV of kernel and cycles")->required();
  correlate_cmd->add_option("--map", corr.map, "YAML mapping hardware metric names to counters");
  correlate_cmd->add_option("--run", corr.runs, "runs to correlate (repeatable; default: every finished run)");
  correlate_cmd->add_option("--hw-clock-mhz", corr.hw_clock_mhz, "the measured GPU's clock: cycles are compared as time");
  correlate_cmd->add_flag("--summary", corr_summary, "one line per metric, without the launches");

  // warpsim report DB [-o report.html] [--runs RUN...]
  analysis::ReportOptions rep;
  auto* report_cmd = app.add_subcommand("report", "one self-contained HTML file with charts of the runs");
  report_cmd->add_option("db", rep.db, "run database")->required();
  report_cmd->add_option("-o,--output", rep.output, "HTML file to write")->capture_default_str();
  report_cmd->add_option("--runs", rep.runs, "runs to show (ids or names; default: every finished run)");
  report_cmd->add_option("--hw", rep.hw_csv, "hardware measurements to correlate with (as for warpsim correlate): scatter plots");
  report_cmd->add_option("--map", rep.map, "with --hw: YAML mapping hardware metric names to counters");
  report_cmd->add_option("--hw-clock-mhz", rep.hw_clock_mhz, "with --hw: the measured GPU's clock");

  std::string disasm_in;
  auto* disasm_cmd = app.add_subcommand("disasm", "print a chip binary (or assembly) as assembly");
  disasm_cmd->add_option("file", disasm_in, "binary (.bin) or assembly file")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    throw InputError("command line", 0, e.what());
  }

  if (run_cmd->parsed()) {
    check_run_name(run.name);
    run.presets_dir = presets_dir;
    run.workload_options.unknown_opcode_as_alu = unknown_opcode == "alu";
    // A run whose results are wrong still prints its summary before the error.
    const RunSummary s = run_workload(run);
    print_summary(s, run.json);
    if (s.check == "failed") throw CheckFailed(s.check_message);
    return 0;
  }
  if (record_cmd->parsed()) {
    check_run_name(rec.name);
    rec.presets_dir = presets_dir;
    rec.process_start = process_start;
    const RunSummary s = record_trace(rec, rec_out);
    print_summary(s, rec.json);
    if (!rec.json) std::cout << "  trace          " << rec_out << "\n";
    if (s.check == "failed") throw CheckFailed(s.check_message);
    return 0;
  }
  if (info_cmd->parsed()) {
    std::cout << trace_info(info_in);
    return 0;
  }
  if (convert_cmd->parsed()) {
    WorkloadOptions wo;
    wo.unknown_opcode_as_alu = conv_unknown == "alu";
    std::cout << convert_trace(conv_in, conv_out, wo) << "\n";
    return 0;
  }
  if (compare_cmd->parsed()) {
    const analysis::RunDb db(compare_db);
    cmp.top = (cmp_csv || cmp_json) && top_opt->count() == 0 ? 0 : cmp_top;
    const analysis::Comparison c = analysis::compare_runs(db, cmp);
    std::cout << (cmp_json ? analysis::format_json(c) : cmp_csv ? analysis::format_csv(c) : analysis::format_text(c));
    return 0;
  }
  if (regress_cmd->parsed()) return analysis::run_regress(reg);
  if (report_cmd->parsed()) {
    const size_t charts = analysis::write_report(rep);
    std::cout << "report: " << rep.output << " (" << charts << " charts)\n";
    return 0;
  }
  if (correlate_cmd->parsed()) {
    corr.details = !corr_summary;
    analysis::print_correlation(corr, analysis::correlate(corr));
    return 0;
  }
  if (merge_cmd->parsed()) {
    const analysis::MergeResult m = analysis::merge_databases(merge_in, merge_out);
    std::cout << "merged " << m.runs << " runs from " << merge_in.size() << " databases into " << merge_out << " ("
              << m.total_runs << " runs)\n";
    return 0;
  }
  if (sweep_cmd->parsed()) return analysis::run_sweep(sweep);
  if (presets_cmd->parsed()) {
    for (const auto& [name, description] : Config::list_presets(presets_dir)) {
      std::cout << name << std::string(name.size() < 12 ? 12 - name.size() : 1, ' ') << description << "\n";
    }
    return 0;
  }
  if (asm_cmd->parsed()) {
    const isa::Program p = isa::assemble_file(asm_in);
    isa::save_binary(p, asm_out);
    return 0;
  }
  if (ptx_cmd->parsed()) {
    isa::PtxOptions ptx;
    ptx.schedule = !ptx_no_schedule;
    if (ptx_asm_only) {
      std::ifstream in(ptx_in);
      if (!in) throw InputError(ptx_in, 0, "cannot open file");
      std::stringstream text;
      text << in.rdbuf();
      std::cout << isa::translate_ptx_to_assembly(text.str(), ptx_in, ptx);
    } else {
      std::cout << isa::disassemble(isa::translate_ptx_file(ptx_in, ptx));
    }
    return 0;
  }
  if (disasm_cmd->parsed()) {
    std::cout << isa::disassemble(isa::load_program(disasm_in));
    return 0;
  }
  return 0;
}

}  // namespace warpsim::cli
