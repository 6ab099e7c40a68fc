#include "sim/driver/accelsim_workload.h"

namespace warpsim {

traces::AccelSimOptions accelsim_options(const WorkloadOptions& o) {
  traces::AccelSimOptions a;
  a.unknown_opcode = o.unknown_opcode_as_alu ? traces::UnknownOpcode::alu : traces::UnknownOpcode::error;
  return a;
}

AccelSimWorkload::AccelSimWorkload(const std::string& path, const WorkloadOptions& options)
    : trace_(traces::AccelSimTrace::open(path, accelsim_options(options))) {}

std::vector<std::pair<uint64_t, uint64_t>> AccelSimWorkload::copies_before(size_t i) const {
  std::vector<std::pair<uint64_t, uint64_t>> out;
  const auto& commands = trace_.commands();
  // The commands after launch i - 1's (or from the start) up to launch i's.
  size_t c = 0;
  if (i > 0) {
    while (c < commands.size() && !(commands[c].kind == traces::TraceCommand::Kind::kernel &&
                                     commands[c].kernel_index == i - 1)) {
      ++c;
    }
    ++c;
  }
  for (; c < commands.size() && commands[c].kind != traces::TraceCommand::Kind::kernel; ++c) {
    out.emplace_back(commands[c].address, commands[c].bytes);
  }
  return out;
}

}  // namespace warpsim
