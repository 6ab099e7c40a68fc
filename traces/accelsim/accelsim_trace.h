// Accel-Sim / NVBit trace replay (docs/traces.md): a post-processed command list (`kernelslist.g`)
// with its kernels' `.traceg` / `.traceg.xz` files, replayed as KernelSources.
//
//   auto trace = traces::AccelSimTrace::open("run/traces");        // folder or kernelslist.g
//   for (const TraceCommand& c : trace.commands())
//     if (c.kind == TraceCommand::Kind::kernel) {
//       std::unique_ptr<AccelSimKernel> k = trace.kernel(c.kernel_index);   // header + index
//       ... k->open_cta(cta, sm) ...
//     }
//   for (const std::string& w : trace.warnings()) std::cerr << "warning: " << w << "\n";
//
// Bad input throws InputError (`path:line: problem`): at open() for the command list, at kernel()
// for a kernel's header and structure (thread blocks, warps, `insts = N` counts), and from
// open_cta()/peek() for an instruction line that does not parse.
//
// Memory is bounded by the resident CTAs, never by the trace: kernel() makes one sequential pass
// that records where each thread block starts (32 bytes per thread block); open_cta() reads that
// block only.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "isa/warp_stream.h"

namespace warpsim::sass {
class SassTable;
}

namespace warpsim::traces {

// What to do with a SASS mnemonic that the binary version's table does not have.
enum class UnknownOpcode : uint8_t {
  error,  // InputError "unknown SASS opcode 'X' for binary version N"
  alu,    // count it as int_alu and report it in warnings() (--unknown-opcode=alu)
};

struct AccelSimOptions {
  UnknownOpcode unknown_opcode = UnknownOpcode::error;
};

// One line of the command list.
struct TraceCommand {
  enum class Kind : uint8_t { memcpy_htod, kernel };
  Kind kind = Kind::kernel;
  int line = 0;             // in the command list
  uint64_t address = 0;     // memcpy: device destination
  uint64_t bytes = 0;       // memcpy: byte count
  std::string path;         // kernel: the trace file (resolved against the list's folder)
  size_t kernel_index = 0;  // kernel: argument of AccelSimTrace::kernel()
};

// The kernel trace header (tracer versions 1.2 and 3-6).
struct KernelHeader {
  std::string kernel_name;
  int64_t kernel_id = 0;
  Dim3 grid, block;
  uint32_t shmem = 0;  // static + dynamic shared bytes per CTA
  uint32_t nregs = 0;
  int binary_version = 0;  // 61, 70, 75, 80, 86, 89, 90, ...
  uint64_t cuda_stream_id = 0;
  uint64_t shmem_base = 0;  // generic-address window of shared memory (0: unknown)
  uint64_t local_base = 0;  // generic-address window of local memory (0: unknown)
  std::string nvbit_version;
  std::string tracer_version;  // as written: "1.2", "3", "4", "5", "6"
  int tracer_major = 0;        // its integer part (Accel-Sim reads "1.2" as 1)
  bool lineinfo = false;       // each instruction line starts with a source line number
  bool values = false;         // v6: `Val|NoVal [values]` after the immediates
  std::string format_line;     // "#traces format = ..." as written, if present
  int header_lines = 0;        // lines before the body
};

// Messages collected while reading, for the caller to print (the reader prints nothing).
struct TraceDiagnostics {
  std::vector<std::string> warnings;
  // Instructions counted as int_alu under UnknownOpcode::alu, by "MNEMONIC (binary version N)".
  std::map<std::string, uint64_t> unknown_opcodes;
  // All warnings, with one line per unknown mnemonic and its count.
  std::vector<std::string> all() const;
};

struct AccelSimKernelStats {
  uint64_t unknown_opcode_insts = 0;  // counted as int_alu (UnknownOpcode::alu)
  uint64_t ldgsts_pairs_merged = 0;   // un-post-processed LDGSTS global+shared line pairs
  uint64_t xz_rewinds = 0;  // .xz re-decompressed from the start (CTA opened out of order)
};

struct KernelState;

class AccelSimKernel final : public KernelSource {
 public:
  // One kernel trace file (.traceg or .traceg.xz): parses the header and indexes the body.
  static std::unique_ptr<AccelSimKernel> open(const std::string& trace_path,
                                              const AccelSimOptions& options = {},
                                              std::shared_ptr<TraceDiagnostics> diag = nullptr);
  ~AccelSimKernel() override;

  const std::string& name() const override;
  Dim3 grid() const override;
  Dim3 block() const override;
  unsigned regs_per_thread() const override;
  unsigned shared_bytes_per_cta() const override;
  // cta: linear id (x fastest). A thread block absent from the trace (the post-processor drops
  // empty ones) has warps without instructions. Each warp's next instruction is read when it is
  // peeked; a CTA's text is buffered only while it is resident.
  std::unique_ptr<WarpStream> open_cta(uint64_t cta, unsigned sm_id) override;
  // Resolves each distinct opcode string ("MUFU.EX2", "IMAD.WIDE.U32") once.
  void bind_timing(const OpTimingResolver& timing) override;

  const std::string& path() const;
  const KernelHeader& header() const;
  // Sum of the `insts = N` lines: the warp instructions a full replay issues (less
  // stats().ldgsts_pairs_merged).
  uint64_t listed_warp_insts() const;
  uint64_t ctas_in_trace() const;
  const sass::SassTable& sass_table() const;
  // Name of WarpInst::opcode: the table's base mnemonic (unknown mnemonics get ids after it).
  std::string opcode_name(uint16_t id) const;
  AccelSimKernelStats stats() const;
  const std::shared_ptr<TraceDiagnostics>& diagnostics() const;

 private:
  explicit AccelSimKernel(std::shared_ptr<KernelState> state);
  std::shared_ptr<KernelState> state_;
};

class AccelSimTrace {
 public:
  // path: a folder holding kernelslist.g, a kernelslist.g (any name ending in .g), or one
  // .traceg[.xz] file (a single-kernel trace). Raw NVBit output (kernelslist, *.trace) is
  // refused with how to convert it.
  static AccelSimTrace open(const std::string& path, const AccelSimOptions& options = {});

  const std::string& list_path() const { return list_path_; }
  const std::vector<TraceCommand>& commands() const { return commands_; }
  size_t num_kernels() const { return kernel_commands_.size(); }
  const TraceCommand& kernel_command(size_t i) const {
    return commands_.at(kernel_commands_.at(i));
  }
  // Opens kernel i (its header and index; InputError on bad input). Call in launch order, just
  // before the kernel runs; each kernel's memory is released when its object is destroyed.
  std::unique_ptr<AccelSimKernel> kernel(size_t i) const;
  // Kernel i's `-cuda stream id` (0 when absent), from its header alone, read once.
  uint64_t stream(size_t i) const;
  // Warnings so far (unknown header keys, ignored list lines, unknown opcodes counted as ALU).
  std::vector<std::string> warnings() const { return diag_->all(); }
  const std::shared_ptr<TraceDiagnostics>& diagnostics() const { return diag_; }

 private:
  std::string list_path_;
  std::vector<TraceCommand> commands_;
  std::vector<size_t> kernel_commands_;
  AccelSimOptions options_;
  std::shared_ptr<TraceDiagnostics> diag_;
  mutable std::map<size_t, uint64_t> streams_;  // stream() memo
};

// Reads only the header of a kernel trace (InputError as AccelSimKernel::open for a bad one).
KernelHeader read_kernel_header(const std::string& trace_path, const AccelSimOptions& options = {});

// Whether `path` names Accel-Sim input (for the CLI to choose a reader): a folder holding a
// kernelslist*, a kernelslist* file, or a *.traceg[.xz] / *.trace[.xz] file.
bool looks_like_accelsim(const std::string& path);

}  // namespace warpsim::traces
