#include "sim/cli/commands.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iostream>
#include <sstream>

#include "isa/assembler.h"
#include "isa/binary_format.h"
#include "isa/disassembler.h"
#include "isa/ptx/ptx_frontend.h"
#include "sim/config/config.h"
#include "sim/driver/run.h"
#include "sim/error.h"

namespace warpsim::cli {

namespace {

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

int main(int argc, char* argv[], std::chrono::steady_clock::time_point process_start) {
  CLI::App app{"warpsim: a cycle-approximate GPU architecture simulator"};
  app.set_version_flag("--version", std::string("warpsim ") + WARPSIM_VERSION);
  app.require_subcommand(1);

  RunOptions run;
  run.process_start = process_start;
  std::string presets_dir = default_presets_dir();
  auto* run_cmd = app.add_subcommand("run", "run a workload and record it in SQLite");
  run_cmd->add_option("workload", run.workload,
                      "workload manifest (.yaml, or a folder holding manifest.yaml), Accel-Sim trace "
                      "(kernelslist.g or its folder) or native trace (.wtr)")
      ->required();
  run_cmd->add_option("-c,--config", run.configs, "preset name or YAML file (repeatable, later wins)");
  run_cmd->add_option("--set", run.sets, "override one key: section.key=value (repeatable)");
  run_cmd->add_option("--db", run.db_path, "SQLite database to record the run in")->capture_default_str();
  run_cmd->add_option("--name", run.name, "a name for the run (not all digits)");
  run_cmd->add_option("--max-cycles", run.max_cycles, "stop after this many core cycles (status max_cycles)");
  run_cmd->add_option("--sample-interval", run.sample_interval,
                      "record every counter every N core cycles in the samples table");
  run_cmd->add_flag("--json", run.json, "print the summary as one JSON object");
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
  auto* ptx_cmd = app.add_subcommand("ptx", "translate nvcc PTX to the chip ISA and print it");
  ptx_cmd->add_option("file", ptx_in, "PTX file (.ptx)")->required();
  ptx_cmd->add_flag("--asm", ptx_asm_only, "print the chip assembly before assembling it (debugging)");

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
    if (all_digits(run.name)) {
      throw InputError("--name", 0, "a run name must not be all digits (those select run ids)");
    }
    run.presets_dir = presets_dir;
    run.workload_options.unknown_opcode_as_alu = unknown_opcode == "alu";
    // A run whose results are wrong still prints its summary before the error.
    const RunSummary s = run_workload(run);
    print_summary(s, run.json);
    if (s.check == "failed") throw CheckFailed(s.check_message);
    return 0;
  }
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
    if (ptx_asm_only) {
      std::ifstream in(ptx_in);
      if (!in) throw InputError(ptx_in, 0, "cannot open file");
      std::stringstream text;
      text << in.rdbuf();
      std::cout << isa::translate_ptx_to_assembly(text.str(), ptx_in);
    } else {
      std::cout << isa::disassemble(isa::translate_ptx_file(ptx_in));
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
