// `warpsim trace record`: a KernelSource decorator that passes every peek/issue through to the
// wrapped source (in practice isa::ExecKernelSource under the timing model) and writes each
// instruction as issued — mask, addresses, and the mask peek() showed — to a TraceWriter. So
// the trace holds the timed order of a run (atomics, retries, data-dependent loops), and its
// replay gives the timing model the same inputs.
#pragma once

#include <memory>
#include <string>

#include "isa/warp_stream.h"
#include "traces/native/trace_writer.h"

namespace warpsim::traces {

class RecordingKernelSource : public KernelSource {
 public:
  // Begins a kernel in `writer`, which must outlive this source and its streams. The kernel
  // ends (its CTA index is written) when this source and all its streams are gone. A CTA is
  // written when all its warps have exited, or when its stream is destroyed before that
  // (marked incomplete: a run stopped by --max-cycles).
  RecordingKernelSource(std::unique_ptr<KernelSource> inner, TraceWriter& writer, uint64_t stream = 0);
  ~RecordingKernelSource() override;

  const std::string& name() const override;
  Dim3 grid() const override;
  Dim3 block() const override;
  unsigned regs_per_thread() const override;
  unsigned shared_bytes_per_cta() const override;
  std::unique_ptr<WarpStream> open_cta(uint64_t cta, unsigned sm_id) override;
  void bind_timing(const OpTimingResolver& timing) override;

  struct Recording;

 private:
  std::shared_ptr<Recording> rec_;
};

}  // namespace warpsim::traces
