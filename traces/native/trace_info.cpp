// `warpsim trace info`: what a native trace holds, from its footer alone (no chunk is read).
#include <cstdio>
#include <sstream>
#include <string>

#include "traces/native/native_trace.h"

namespace warpsim::traces {

namespace {

std::string dim(const Dim3& d) {
  return "(" + std::to_string(d.x) + "," + std::to_string(d.y) + "," + std::to_string(d.z) + ")";
}

std::string bytes(uint64_t b) {
  char buf[64];
  if (b < 1024) {
    std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(b));
  } else {
    const char* unit = "KiB";
    double v = double(b) / 1024;
    if (v >= 1024) v /= 1024, unit = "MiB";
    if (v >= 1024) v /= 1024, unit = "GiB";
    std::snprintf(buf, sizeof buf, "%.1f %s", v, unit);
  }
  return buf;
}

std::string per_inst(uint64_t bytes, uint64_t insts) {
  if (insts == 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", double(bytes) / double(insts));
  return buf;
}

}  // namespace

std::string describe(const NativeTrace& t) {
  std::ostringstream os;
  os << t.path() << ": warpsim native trace, format version " << t.version() << ", "
     << bytes(t.file_bytes()) << ", " << t.num_kernels()
     << (t.num_kernels() == 1 ? " kernel\n" : " kernels\n");
  if (!t.description().empty()) os << "  " << t.description() << "\n";
  if (!t.recorded_preset().empty()) os << "  recorded on preset " << t.recorded_preset() << "\n";
  if (t.binary_version() != 0) os << "  from a binary version " << t.binary_version() << " trace\n";
  NativeKernelInfo total;
  for (size_t i = 0; i < t.num_kernels(); ++i) {
    const NativeKernelInfo& k = t.info(i);
    os << "kernel " << i + 1 << ": " << k.name << "  grid " << dim(k.grid) << "  block "
       << dim(k.block) << "  regs " << k.regs_per_thread << "  shared " << k.shared_bytes << " B";
    if (k.stream != 0) os << "  stream " << k.stream;
    os << "\n";
    os << "  CTAs " << k.ctas << " of " << k.grid.count();
    if (k.incomplete_ctas) os << " (" << k.incomplete_ctas << " incomplete)";
    os << "  warps " << k.warps << "  warp insts " << k.warp_insts << "  thread insts "
       << k.thread_insts << "  static insts " << k.static_insts << "\n";
    os << "  records " << bytes(k.raw_bytes) << " raw, " << bytes(k.stored_bytes)
       << " stored in " << k.chunks << " chunks (" << per_inst(k.stored_bytes, k.warp_insts)
       << " B per warp inst)\n";
    total.ctas += k.ctas;
    total.warps += k.warps;
    total.warp_insts += k.warp_insts;
    total.thread_insts += k.thread_insts;
    total.raw_bytes += k.raw_bytes;
    total.stored_bytes += k.stored_bytes;
  }
  os << "total: CTAs " << total.ctas << "  warps " << total.warps << "  warp insts "
     << total.warp_insts << "  thread insts " << total.thread_insts << "  records "
     << bytes(total.raw_bytes) << " raw, " << bytes(total.stored_bytes) << " stored ("
     << per_inst(t.file_bytes(), total.warp_insts) << " file bytes per warp inst)\n";
  return os.str();
}

}  // namespace warpsim::traces
