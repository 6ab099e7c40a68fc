#include "sim/driver/trace_commands.h"

#include <sstream>

#include "sim/config/config.h"
#include "sim/driver/accelsim_workload.h"
#include "sim/driver/manifest_workload.h"
#include "traces/accelsim/accelsim_trace.h"
#include "traces/native/convert.h"
#include "traces/native/native_trace.h"
#include "traces/native/recording_kernel_source.h"
#include "traces/native/trace_writer.h"

namespace warpsim {

RunSummary record_trace(const RunOptions& opt, const std::string& out_path) {
  const Config cfg = Config::load(opt.configs, opt.sets, opt.presets_dir);
  ManifestWorkload work(opt.workload, workload_options(opt, cfg));
  traces::WriterOptions wo;
  wo.description = "recorded from " + work.path() + " on " + cfg.name() + " (config " + cfg.hash() + ")";
  wo.recorded_preset = cfg.name();
  traces::TraceWriter writer(out_path, wo);
  const RunSummary s = run_workload(opt, cfg, work, [&](std::unique_ptr<KernelSource> source, size_t i) {
    return std::make_unique<traces::RecordingKernelSource>(std::move(source), writer, work.stream(i));
  });
  writer.finish();
  return s;
}

std::string trace_info(const std::string& path) { return traces::describe(traces::NativeTrace::open(path)); }

std::string convert_trace(const std::string& in_path, const std::string& out_path, const WorkloadOptions& options) {
  const traces::AccelSimTrace in = traces::AccelSimTrace::open(in_path, accelsim_options(options));
  size_t next = 0;
  traces::WriterOptions wo;
  if (in.num_kernels() > 0) {
    wo.binary_version = uint32_t(std::max(0, traces::read_kernel_header(in.kernel_command(0).path).binary_version));
  }
  const traces::ConvertStats st = traces::convert_to_native(
      [&]() -> std::unique_ptr<KernelSource> {
        if (next == in.num_kernels()) return nullptr;
        return in.kernel(next++);
      },
      out_path, wo, [&in](size_t i) { return in.stream(i); });
  std::ostringstream os;
  os << out_path << ": " << st.kernels << " kernels, " << st.ctas << " CTAs, " << st.warp_insts << " warp and "
     << st.thread_insts << " thread instructions, " << st.file_bytes << " bytes";
  for (const std::string& w : in.warnings()) os << "\nwarning: " << w;
  return os.str();
}

}  // namespace warpsim
