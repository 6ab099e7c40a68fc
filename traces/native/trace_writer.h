// Writes a native trace (.wtr) as it is produced: a warp's records are compressed in chunks of
// about WriterOptions::chunk_bytes and appended as soon as a chunk fills; when the CTA is
// closed, the warps' short tails (all of a short warp) together as one tail chunk, then the
// CTA's directory; a kernel's CTA index when the kernel ends, and the kernel table and footer
// at finish(). Memory is bounded by the CTAs open at once (one partial chunk per warp) plus
// 16 bytes per CTA of each open kernel. Not thread-safe; the writer must outlive its CtaWriters.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "isa/warp_stream.h"
#include "traces/native/format.h"

namespace warpsim::traces {

using native::Codec;

struct WriterOptions {
  Codec codec = Codec::zstd;
  int level = 0;                     // 0: the codec's default (zstd 3, lzma 6)
  uint32_t chunk_bytes = 16 * 1024;  // uncompressed record bytes per warp chunk (the reader
                                     // holds one decompressed chunk per live warp)
  uint32_t tail_bytes = 2 * 1024;    // a warp's last records up to this size go into the
                                     // CTA's shared tail chunk (the reader holds it per CTA)
  std::string description;           // free text kept in the footer (`trace info` shows it)
  // What chip the instructions come from, for replay's default preset: the binary version (sm_XY
  // as XY) of the trace it was converted from, or the preset it was recorded on (0 / empty: unknown).
  uint32_t binary_version = 0;
  std::string recorded_preset;
};

// A kernel launch as the trace describes it.
struct LaunchHeader {
  std::string name;
  Dim3 grid, block;
  uint32_t regs_per_thread = 0;
  uint32_t shared_bytes = 0;  // per CTA, static + dynamic
  uint64_t stream = 0;        // the CUDA stream it was launched on
  static LaunchHeader of(const KernelSource& source, uint64_t stream = 0);
};

class TraceWriter;

// One CTA being written: append each warp's instructions as issued, in issue order per warp
// (warps may interleave freely).
class CtaWriter {
 public:
  ~CtaWriter();  // close()s; an error there is reported by TraceWriter::finish()
  CtaWriter(const CtaWriter&) = delete;
  CtaWriter& operator=(const CtaWriter&) = delete;

  unsigned num_warps() const;
  // `issued` as issue() returned it; `peeked` what peek() showed just before: its active mask
  // (execution mode: the SIMT mask, before the guard predicate) and static members (operands
  // known only at issue may differ); its addresses are ignored.
  void append(unsigned warp, const WarpInst& issued, const WarpInst& peeked);
  // peek() showed the issued instruction (trace sources).
  void append(unsigned warp, const WarpInst& issued);
  // The warp's stream ended (peek gave nullptr): its last chunk is written now.
  void warp_exited(unsigned warp);
  // The run stopped while the warp was live; `peeked` is what peek() showed next (static
  // fields and mask). Replay shows it to peek() and refuses to issue it, so a model replaying
  // a stopped run sees the warp live, as recording did. Ends the warp like warp_exited.
  void stopped(unsigned warp, const WarpInst& peeked);
  // Writes the remaining chunks and the CTA's directory. A CTA closed before every warp exited
  // is marked incomplete (a run stopped early); replay ends those warps where recording did.
  void close();

 private:
  friend class TraceWriter;
  struct State;
  explicit CtaWriter(std::unique_ptr<State> s);
  std::unique_ptr<State> s_;
};

class TraceWriter {
 public:
  // Creates (truncates) `path`; InputError when it cannot.
  explicit TraceWriter(const std::string& path, WriterOptions options = {});
  // Without finish() the file has no footer and reads as an unfinished trace.
  ~TraceWriter();
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;

  const std::string& path() const;
  // Returns the kernel's index in the file (0, 1, ... in call order). Kernels may overlap.
  uint32_t begin_kernel(const LaunchHeader& kernel);
  // `cta` is the linear CTA id; each may be written once per kernel.
  std::unique_ptr<CtaWriter> begin_cta(uint32_t kernel, uint64_t cta);
  // Writes the kernel's CTA index; every CtaWriter of the kernel must be gone or closed.
  void end_kernel(uint32_t kernel);
  // Ends open kernels, writes the kernel table and the footer, and closes the file. Rethrows
  // the first error a destructor had to swallow.
  void finish();
  // Bytes written so far.
  uint64_t bytes_written() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace warpsim::traces
