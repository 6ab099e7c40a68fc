// Write and read speed and size of native traces on the large workloads (not a test; numbers
// for the docs): for each kernel, (1) drain it in execution mode alone, (2) drain it again
// while writing a trace (write_kernel), (3) replay the trace. Writer cost = (2) - (1). Times
// are the thread's CPU seconds.
//   native_trace_bench [--codec zstd|lzma|none] [--dir DIR] [saxpy|reduce|branchy]...
// With --replay, the reader alone on an existing trace (every kernel through replay_kernel,
// RESIDENT CTAs open at once, 8 by default), best of REPEAT runs (3 by default):
//   native_trace_bench --replay FILE.wtr [RESIDENT [REPEAT]]
#include <sys/resource.h>

#include <algorithm>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "isa/assembler.h"
#include "isa/exec/device_memory.h"
#include "isa/exec/exec_kernel_source.h"
#include "isa/exec/param_buffer.h"
#include "traces/common/replay.h"
#include "traces/native/convert.h"
#include "traces/native/native_trace.h"
#include "traces/native/trace_writer.h"

namespace {

using namespace warpsim;  // NOLINT(google-build-using-namespace): a small tool

std::string text(const std::string& relative) {
  const char* env = std::getenv("WARPSIM_SOURCE_DIR");
  std::ifstream in(std::string(env && *env ? env : WARPSIM_SOURCE_DIR) + "/" + relative);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Bench {
  std::string name, file;
  uint32_t n;
  std::vector<isa::ParamArg> args(uint64_t in, uint64_t out) const {
    if (name == "saxpy")
      return {isa::ParamArg::of_int(isa::ScalarType::u32, n), isa::ParamArg::of_f32(2.5f),
              isa::ParamArg::of_address(in), isa::ParamArg::of_address(out)};
    return {isa::ParamArg::of_int(isa::ScalarType::u32, n), isa::ParamArg::of_address(in),
            isa::ParamArg::of_address(out)};
  }
};

struct Exec {
  isa::Program program;
  isa::DeviceMemory mem;
  std::unique_ptr<isa::ExecKernelSource> src;
  explicit Exec(const Bench& b) : program(isa::assemble(text(b.file), b.file)) {
    const uint64_t in = mem.allocate(4ull * b.n), out = mem.allocate(4ull * b.n);
    std::vector<uint32_t> data(b.n);
    uint32_t x = 1;
    for (uint32_t& v : data) v = (x = x * 1664525u + 1013904223u) % 10000;
    mem.write(in, data.data(), 4ull * b.n);
    const isa::Kernel& k = program.kernels.at(0);
    src = std::make_unique<isa::ExecKernelSource>(k, mem, Dim3{(b.n + 255) / 256, 1, 1},
                                                  Dim3{256, 1, 1}, 0,
                                                  isa::build_param_buffer(k, b.args(in, out)));
  }
};

// Round-robin drain of every CTA (barriers held), as convert does, without writing.
uint64_t drain(KernelSource& k) {
  uint64_t insts = 0, cycle = 0;
  for (uint64_t c = 0; c < k.grid().count(); ++c) {
    auto cta = k.open_cta(c, 0);
    const unsigned n = cta->num_warps();
    std::vector<char> bar(n, 0), done(n, 0);
    for (;;) {
      unsigned live = 0, waiting = 0;
      for (unsigned w = 0; w < n; ++w) {
        if (done[w]) continue;
        if (!cta->peek(w)) {
          done[w] = 1;
          continue;
        }
        ++live;
        if (bar[w]) {
          ++waiting;
          continue;
        }
        if (cta->issue(w, cycle++).op_class == OpClass::barrier) bar[w] = 1;
        ++insts;
      }
      if (live == 0) break;
      if (live == waiting) std::fill(bar.begin(), bar.end(), 0);
    }
  }
  return insts;
}

// CPU time of this thread: the machine the numbers come from may be shared.
double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

int replay_only(const std::string& path, unsigned resident, unsigned repeat) {
  double best = 0;
  uint64_t insts = 0;
  for (unsigned r = 0; r < repeat; ++r) {
    const double t0 = cpu_now();
    traces::NativeTrace t = traces::NativeTrace::open(path);
    insts = 0;
    for (size_t i = 0; i < t.num_kernels(); ++i) {
      traces::ReplayOptions o;
      o.resident_ctas = resident;
      insts += traces::replay_kernel(*t.kernel(i), o).warp_insts;
    }
    const double s = cpu_now() - t0;
    if (r == 0 || s < best) best = s;
  }
  std::printf("%s: %llu warp insts, best of %u: %.4f s, %.1f M warp-inst/s\n", path.c_str(),
              (unsigned long long)insts, repeat, best, double(insts) / best / 1e6);
  return 0;
}

}  // namespace

// Debian's SystemC library (linked through warpsim_sim) defines main() and calls this.
extern "C" int sc_main(int argc, char* argv[]);
int sc_main(int argc, char* argv[]) {
  if (argc >= 3 && std::string(argv[1]) == "--replay")
    return replay_only(argv[2], argc > 3 ? unsigned(std::atoi(argv[3])) : 8u,
                       argc > 4 ? unsigned(std::max(1, std::atoi(argv[4]))) : 3u);
  traces::WriterOptions opt;
  std::string dir = "/tmp";
  std::vector<std::string> which;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--codec" && i + 1 < argc) {
      std::string c = argv[++i];
      opt.codec = c == "lzma" ? traces::Codec::lzma
                  : c == "none" ? traces::Codec::none
                                : traces::Codec::zstd;
    } else if (a == "--dir" && i + 1 < argc) {
      dir = argv[++i];
    } else {
      which.push_back(a);
    }
  }
  if (which.empty()) which = {"saxpy", "reduce", "branchy"};
  const std::vector<Bench> all = {{"saxpy", "workloads/saxpy/saxpy.s", 4u << 20},
                                  {"reduce", "workloads/reduce/reduce.s", 8u << 20},
                                  {"branchy", "workloads/branchy/branchy.s", 1u << 20}};
  std::printf("%-8s %6s %12s %12s %8s %10s %10s %10s %10s\n", "kernel", "codec", "warp_insts",
              "file_bytes", "B/inst", "exec_s", "record_s", "write_M/s", "read_M/s");
  for (const Bench& b : all) {
    if (std::find(which.begin(), which.end(), b.name) == which.end()) continue;
    const std::string path = dir + "/native_bench_" + b.name + ".wtr";
    Exec e1(b);
    double t0 = cpu_now();
    const uint64_t insts = drain(*e1.src);
    const double exec_s = cpu_now() - t0;

    Exec e2(b);
    t0 = cpu_now();
    {
      traces::TraceWriter w(path, opt);
      traces::write_kernel(*e2.src, w);
      w.finish();
    }
    const double record_s = cpu_now() - t0;

    t0 = cpu_now();
    traces::NativeTrace t = traces::NativeTrace::open(path);
    auto k = t.kernel(0);
    const uint64_t replayed = drain(*k);
    const double read_s = cpu_now() - t0;
    if (replayed != insts) std::printf("MISMATCH: replayed %llu\n", (unsigned long long)replayed);
    const double write_s = record_s - exec_s;
    std::printf("%-8s %6s %12llu %12llu %8.2f %10.3f %10.3f %10.1f %10.1f\n", b.name.c_str(),
                traces::native::codec_name(opt.codec), (unsigned long long)insts,
                (unsigned long long)t.file_bytes(), double(t.file_bytes()) / double(insts),
                exec_s, record_s, write_s > 0 ? double(insts) / write_s / 1e6 : 0.0,
                double(insts) / read_s / 1e6);
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("peak RSS %.1f MiB\n", double(ru.ru_maxrss) / 1024);
  return 0;
}
