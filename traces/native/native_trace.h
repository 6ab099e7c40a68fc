// Reads a native trace (.wtr): the kernel table from the footer at open(), a kernel's CTA index
// when the kernel is opened, a CTA's directory at open_cta(), and each warp's chunks one at a
// time as the warp is consumed. Memory: one decompressed chunk (WriterOptions::chunk_bytes,
// 16 KiB by default) per live warp of the open CTAs, plus 16 bytes per CTA of each open kernel.
// Every malformed byte is an InputError naming the file and what was being read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "isa/warp_stream.h"

namespace warpsim::traces {

// A kernel's record in the trace: the launch and what was written for it.
struct NativeKernelInfo {
  std::string name;
  Dim3 grid, block;
  uint32_t regs_per_thread = 0;
  uint32_t shared_bytes = 0;
  uint64_t stream = 0;           // the launch's CUDA stream (version 1 files: 0, the default)
  uint64_t ctas = 0;             // CTAs written
  uint64_t incomplete_ctas = 0;  // closed before every warp had exited (a run stopped early)
  uint64_t warps = 0;
  uint64_t warp_insts = 0;
  uint64_t thread_insts = 0;     // active-lane popcounts of the issued instructions
  uint64_t raw_bytes = 0;        // instruction records before compression
  uint64_t stored_bytes = 0;     // ... as stored
  uint64_t chunks = 0;
  uint64_t static_insts = 0;     // distinct static instructions (the kernel's table)
};

class NativeTrace {
 public:
  // Reads the header and footer; InputError for a missing, truncated, unfinished or corrupt
  // file, a bad magic number or an unsupported version.
  static NativeTrace open(const std::string& path);

  const std::string& path() const;
  unsigned version() const;
  uint64_t file_bytes() const;
  const std::string& description() const;  // WriterOptions::description
  // WriterOptions::binary_version and recorded_preset (version 1 files: 0 and empty).
  uint32_t binary_version() const;
  const std::string& recorded_preset() const;
  size_t num_kernels() const;
  const NativeKernelInfo& info(size_t kernel) const;  // InputError when out of range
  // Replays kernel `kernel`: its streams give exactly the recorded instructions (peek: the
  // record with the mask peek() showed when recording; issue: the issued mask and the active
  // lanes' addresses; inactive lanes' addresses and non-memory instructions' are 0). open_cta
  // of a CTA outside the grid or not recorded is an InputError. The trace file stays open
  // while the source or any of its streams lives.
  std::unique_ptr<KernelSource> kernel(size_t kernel) const;

  struct Impl;

 private:
  explicit NativeTrace(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

// The `warpsim trace info` text: per kernel its launch, CTAs, warps, warp and thread
// instruction counts, and raw and stored sizes; then the totals.
std::string describe(const NativeTrace& trace);

}  // namespace warpsim::traces
