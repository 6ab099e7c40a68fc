#include "traces/native/convert.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "traces/native/record_codec.h"

namespace warpsim::traces {

namespace {

using native::copy_static;

void drain(WarpStream& cta, CtaWriter& out, uint64_t& cycle, KernelWritten& c) {
  const unsigned n = cta.num_warps();
  std::vector<char> at_bar(n, 0), exited(n, 0);
  WarpInst peeked;
  for (;;) {
    unsigned live = 0, waiting = 0;
    for (unsigned w = 0; w < n; ++w) {
      if (exited[w]) continue;
      const WarpInst* p = cta.peek(w);
      if (!p) {
        exited[w] = 1;
        out.warp_exited(w);
        continue;
      }
      ++live;
      if (at_bar[w]) {
        ++waiting;
        continue;
      }
      copy_static(peeked, *p);
      peeked.active_mask = p->active_mask;
      const WarpInst& done = cta.issue(w, cycle++);
      out.append(w, done, peeked);
      ++c.warp_insts;
      c.thread_insts += lane_count(done.active_mask);
      if (done.op_class == OpClass::barrier) at_bar[w] = 1;
    }
    if (live == 0) break;
    if (live == waiting) std::fill(at_bar.begin(), at_bar.end(), 0);  // all arrived: release
  }
  out.close();
}

}  // namespace

KernelWritten write_kernel(KernelSource& source, TraceWriter& out, uint64_t stream) {
  KernelWritten r;
  const uint32_t k = r.index = out.begin_kernel(LaunchHeader::of(source, stream));
  uint64_t cycle = 0;
  const uint64_t ctas = source.grid().count();
  for (uint64_t c = 0; c < ctas; ++c) {
    std::unique_ptr<WarpStream> cta = source.open_cta(c, 0);
    std::unique_ptr<CtaWriter> w = out.begin_cta(k, c);
    if (w->num_warps() != cta->num_warps())
      throw std::logic_error("write_kernel: the source's CTA has " +
                             std::to_string(cta->num_warps()) + " warps, its block " +
                             std::to_string(w->num_warps()));
    drain(*cta, *w, cycle, r);
    ++r.ctas;
  }
  out.end_kernel(k);
  return r;
}

ConvertStats convert_to_native(const KernelProducer& next_kernel, const std::string& out_path,
                               const WriterOptions& options, const StreamOf& stream_of) {
  TraceWriter out(out_path, options);
  ConvertStats stats;
  while (std::unique_ptr<KernelSource> k = next_kernel()) {
    const KernelWritten w = write_kernel(*k, out, stream_of ? stream_of(stats.kernels) : 0);
    ++stats.kernels;
    stats.ctas += w.ctas;
    stats.warp_insts += w.warp_insts;
    stats.thread_insts += w.thread_insts;
  }
  out.finish();
  stats.file_bytes = out.bytes_written();
  return stats;
}

}  // namespace warpsim::traces
