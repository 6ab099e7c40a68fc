#include "sim/driver/manifest_workload.h"

#include <filesystem>

#include "isa/binary_format.h"
#include "isa/exec/data_segments.h"
#include "isa/exec/exec_kernel_source.h"
#include "isa/exec/param_buffer.h"
#include "isa/ptx/ptx_frontend.h"
#include "sim/driver/buffers.h"
#include "sim/error.h"

namespace warpsim {

namespace fs = std::filesystem;

namespace {

isa::Program load_program(const workload::Manifest& m, const WorkloadOptions& options) {
  // nvcc's PTX goes through the PTX front-end; chip assembly and assembled binaries
  // (`warpsim asm`) are told apart by the binary's magic.
  if (fs::path(m.kernel_path).extension() == ".ptx") {
    isa::PtxOptions ptx;
    ptx.schedule = options.schedule_ptx;
    return isa::translate_ptx_file(m.kernel_path, ptx);
  }
  return isa::load_program(m.kernel_path);
}

}  // namespace

ManifestWorkload::ManifestWorkload(const std::string& path, const WorkloadOptions& options)
    : manifest_(workload::load_manifest(path)), program_(load_program(manifest_, options)) {
  for (const workload::LaunchSpec& l : manifest_.launches) {
    const isa::Kernel* k = program_.find(l.entry);
    if (k == nullptr) {
      throw InputError(manifest_.path, l.line, "kernel '" + l.entry + "' not found in " + manifest_.kernel_path);
    }
    kernels_.push_back(k);
  }
  for (const workload::BufferSpec& b : manifest_.buffers) {
    initial_.push_back(workload::initial_contents(b, manifest_.path));
  }
}

std::pair<std::string, int> ManifestWorkload::launch_origin(size_t i) const {
  return {manifest_.path, manifest_.launches[i].line};
}

size_t ManifestWorkload::buffer_index(const std::string& name) const {
  size_t b = 0;
  while (manifest_.buffers[b].name != name) ++b;  // names were validated when loading
  return b;
}

void ManifestWorkload::map_memory() {
  // Module data first (fixed addresses chosen by the front-end), then the manifest's buffers.
  isa::map_data_segments(program_, memory_);
  for (size_t i = 0; i < manifest_.buffers.size(); ++i) {
    addrs_.push_back(memory_.allocate(initial_[i].size()));
    memory_.write(addrs_.back(), initial_[i].data(), initial_[i].size());
  }
  mapped_ = true;
}

std::vector<uint8_t> ManifestWorkload::struct_bytes(const workload::ArgSpec& a) const {
  std::vector<uint8_t> bytes;
  for (const workload::ArgSpec& f : a.fields) {
    const uint64_t value = f.buffer.empty() ? f.scalar.bits : addrs_[buffer_index(f.buffer)];
    const size_t size = f.buffer.empty() ? workload::elem_size(f.scalar.type) : 8;
    bytes.resize((bytes.size() + size - 1) / size * size, 0);  // the field's natural alignment
    for (size_t b = 0; b < size; ++b) bytes.push_back(static_cast<uint8_t>(value >> (8 * b)));
  }
  return bytes;
}

std::unique_ptr<KernelSource> ManifestWorkload::launch(size_t i) {
  if (!mapped_) map_memory();
  const workload::LaunchSpec& l = manifest_.launches[i];
  std::vector<isa::ParamArg> args;
  for (const workload::ArgSpec& a : l.args) {
    if (a.is_struct) {
      args.push_back(isa::ParamArg::of_struct(struct_bytes(a)));
    } else if (a.buffer.empty()) {
      args.push_back({a.scalar.type, a.scalar.bits, false, {}, false});
    } else {
      args.push_back(isa::ParamArg::of_address(addrs_[buffer_index(a.buffer)]));
    }
  }
  std::vector<uint8_t> params;
  try {
    params = isa::build_param_buffer(*kernels_[i], args);
  } catch (const InputError& e) {
    throw InputError(manifest_.path, l.line, e.problem());
  }
  return std::make_unique<isa::ExecKernelSource>(*kernels_[i], memory_, Dim3{l.grid[0], l.grid[1], l.grid[2]},
                                                 Dim3{l.block[0], l.block[1], l.block[2]}, l.shared_bytes,
                                                 std::move(params));
}

std::vector<uint8_t> ManifestWorkload::read_buffer(size_t b) const {
  std::vector<uint8_t> bytes(initial_[b].size());
  memory_.read(addrs_[b], bytes.data(), bytes.size());
  return bytes;
}

std::string ManifestWorkload::check() {
  for (const workload::ExpectSpec& e : manifest_.expects) {
    const size_t b = buffer_index(e.buffer);
    const std::string problem = workload::check_expect(e, manifest_.buffers[b], read_buffer(b), manifest_.path);
    if (!problem.empty()) return manifest_.path + ": " + problem;
  }
  return "";
}

void ManifestWorkload::report(stats::CounterTable& totals) {
  for (const workload::ReportSpec& r : manifest_.reports) {
    const size_t b = buffer_index(r.buffer);
    totals[{"workload", r.name}] = workload::report_value(r, manifest_.buffers[b], read_buffer(b));
  }
}

}  // namespace warpsim
