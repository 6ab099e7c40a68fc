#include "traces/native/recording_kernel_source.h"

#include <exception>
#include <stdexcept>
#include <vector>

#include "traces/native/record_codec.h"

namespace warpsim::traces {

using native::copy_static;

// Owns the wrapped source, so that streams which outlive the decorator still have theirs;
// the last owner ends the kernel in the writer.
struct RecordingKernelSource::Recording {
  std::unique_ptr<KernelSource> inner;
  TraceWriter* writer = nullptr;
  uint32_t kernel = 0;

  ~Recording() {
    try {
      writer->end_kernel(kernel);
    } catch (const std::exception&) {
      // finish() ends any kernel left open, and reports what went wrong then.
    }
  }
};

namespace {

class RecordingStream : public WarpStream {
 public:
  RecordingStream(std::shared_ptr<RecordingKernelSource::Recording> rec,
                  std::unique_ptr<WarpStream> inner, std::unique_ptr<CtaWriter> out)
      : rec_(std::move(rec)), inner_(std::move(inner)), out_(std::move(out)) {
    const unsigned n = inner_->num_warps();
    warps_.resize(n);
    live_ = n;
  }

  // A stream destroyed with live warps: the run stopped. Each live warp's next instruction
  // (peeking has no side effects) goes into the trace as pending, so that replay shows the
  // warp live where recording did. The CTA is written before the Recording (held here) can
  // end its kernel.
  ~RecordingStream() override {
    try {
      for (unsigned w = 0; w < warps_.size() && live_ > 0; ++w) {
        if (warps_[w].exited) continue;
        const WarpInst* p = inner_->peek(w);
        if (p) {
          out_->stopped(w, *p);
        } else {
          out_->warp_exited(w);
        }
      }
    } catch (const std::exception&) {
      // The CTA is still written (close), without the pending instruction.
    }
    out_.reset();
  }

  unsigned num_warps() const override { return static_cast<unsigned>(warps_.size()); }

  const WarpInst* peek(unsigned w) override {
    const WarpInst* p = inner_->peek(w);
    Warp& wp = warps_[w];
    if (!p && !wp.exited) {
      wp.exited = true;
      out_->warp_exited(w);
      if (--live_ == 0) out_->close();
    }
    return p;
  }

  const WarpInst& issue(unsigned w, uint64_t cycle) override {
    // What peek() shows (the SIMT mask, operands known before execution) is part of the
    // timing model's input too. Peeking has no side effects, and issue() may rewrite the
    // object peek() returned, so it is copied first.
    if (const WarpInst* p = inner_->peek(w)) {
      copy_static(peeked_, *p);
      peeked_.active_mask = p->active_mask;
    }
    const WarpInst& done = inner_->issue(w, cycle);
    out_->append(w, done, peeked_);
    return done;
  }

 private:
  struct Warp {
    bool exited = false;
  };
  std::shared_ptr<RecordingKernelSource::Recording> rec_;
  std::unique_ptr<WarpStream> inner_;
  std::unique_ptr<CtaWriter> out_;
  std::vector<Warp> warps_;
  unsigned live_ = 0;
  WarpInst peeked_;
};

}  // namespace

RecordingKernelSource::RecordingKernelSource(std::unique_ptr<KernelSource> inner,
                                             TraceWriter& writer, uint64_t stream)
    : rec_(std::make_shared<Recording>()) {
  const uint32_t k = writer.begin_kernel(LaunchHeader::of(*inner, stream));
  rec_->inner = std::move(inner);
  rec_->writer = &writer;
  rec_->kernel = k;
}

RecordingKernelSource::~RecordingKernelSource() = default;

const std::string& RecordingKernelSource::name() const { return rec_->inner->name(); }
Dim3 RecordingKernelSource::grid() const { return rec_->inner->grid(); }
Dim3 RecordingKernelSource::block() const { return rec_->inner->block(); }
unsigned RecordingKernelSource::regs_per_thread() const { return rec_->inner->regs_per_thread(); }
unsigned RecordingKernelSource::shared_bytes_per_cta() const {
  return rec_->inner->shared_bytes_per_cta();
}

void RecordingKernelSource::bind_timing(const OpTimingResolver& timing) { rec_->inner->bind_timing(timing); }

std::unique_ptr<WarpStream> RecordingKernelSource::open_cta(uint64_t cta, unsigned sm_id) {
  std::unique_ptr<WarpStream> inner = rec_->inner->open_cta(cta, sm_id);
  std::unique_ptr<CtaWriter> out = rec_->writer->begin_cta(rec_->kernel, cta);
  if (out->num_warps() != inner->num_warps())
    throw std::logic_error("RecordingKernelSource: the source's CTA has " +
                           std::to_string(inner->num_warps()) + " warps, its block " +
                           std::to_string(out->num_warps()));
  return std::make_unique<RecordingStream>(rec_, std::move(inner), std::move(out));
}

}  // namespace warpsim::traces
