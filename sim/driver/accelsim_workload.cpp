#include "sim/driver/accelsim_workload.h"

namespace warpsim {

traces::AccelSimOptions accelsim_options(const WorkloadOptions& o) {
  traces::AccelSimOptions a;
  a.unknown_opcode = o.unknown_opcode_as_alu ? traces::UnknownOpcode::alu : traces::UnknownOpcode::error;
  return a;
}

AccelSimWorkload::AccelSimWorkload(const std::string& path, const WorkloadOptions& options)
    : trace_(traces::AccelSimTrace::open(path, accelsim_options(options))) {}

}  // namespace warpsim
