// `warpsim trace convert`: writes kernels from any KernelSource (the Accel-Sim reader's, in
// practice) into a native trace.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "isa/warp_stream.h"
#include "traces/native/trace_writer.h"

namespace warpsim::traces {

// Writes every CTA of `source`, in CTA order, as kernel of `out`: each CTA's warps are drained
// round-robin, one instruction per warp in turn, a warp that issued a barrier waiting until
// every live warp of its CTA has (so an execution-mode source also runs correctly). One CTA is
// open at a time.
struct KernelWritten {
  uint32_t index = 0;  // the kernel's index in the trace
  uint64_t ctas = 0, warp_insts = 0, thread_insts = 0;
};
KernelWritten write_kernel(KernelSource& source, TraceWriter& out, uint64_t stream = 0);

// Yields the next kernel, or nullptr when there are no more.
using KernelProducer = std::function<std::unique_ptr<KernelSource>()>;

struct ConvertStats {
  uint64_t kernels = 0, ctas = 0, warp_insts = 0, thread_insts = 0;
  uint64_t file_bytes = 0;
};

// The CUDA stream of the i-th kernel the producer yields.
using StreamOf = std::function<uint64_t(size_t)>;

// Writes each kernel `next_kernel` yields to a new trace at `out_path`, one kernel at a time, on
// the stream `stream_of` gives (none: every kernel on the default stream). Errors of the input
// propagate (InputError naming the input); the output is then left unfinished and reads as such.
ConvertStats convert_to_native(const KernelProducer& next_kernel, const std::string& out_path,
                               const WriterOptions& options = {}, const StreamOf& stream_of = {});

}  // namespace warpsim::traces
