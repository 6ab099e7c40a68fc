// Writing small Accel-Sim traces for tests: a kernel header, thread blocks of warps of instruction
// lines, plain or .xz, in a scratch folder.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/error.h"
#include "traces/accelsim/accelsim_trace.h"
#include "traces/common/replay.h"

namespace warpsim::traces::test {

// A folder under the test's working directory, removed at the end of the test.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

void write_file(const std::string& path, const std::string& content);
// .xz through Boost.Iostreams' lzma_compressor.
void write_xz(const std::string& path, const std::string& content);
std::string read_file(const std::string& path);

struct SynthWarp {
  unsigned id = 0;
  std::vector<std::string> lines;  // instruction lines as written
};
struct SynthCta {
  uint32_t x = 0, y = 0, z = 0;
  std::vector<std::string> extra;  // lines after `thread block = ...` (cluster lines)
  std::vector<SynthWarp> warps;
};

struct SynthKernel {
  std::string name = "_Z6kernelPf";
  uint32_t grid[3] = {1, 1, 1};
  uint32_t block[3] = {32, 1, 1};
  int binary_version = 70;
  std::string tracer_version = "5";
  bool lineinfo = false;
  std::string format =
      "#traces format = [line_num] PC mask dest_num [reg_dests] opcode src_num "
      "[reg_srcs] mem_width [adrrescompress?] [mem_addresses] immediate";
  uint64_t shmem_base = 0x00007f0000000000, local_base = 0x00007e0000000000;
  std::vector<std::pair<std::string, std::string>> extra_header;  // more "-key = value" lines
  std::vector<std::string> drop_header;                           // keys left out
  std::vector<SynthCta> ctas;

  std::string header() const;
  std::string render() const;
};

// A kernelslist.g in dir: each entry is a line as written.
void write_list(const std::string& dir, const std::vector<std::string>& lines);

// Replays every CTA (resident CTAs interleaved) and returns the counts.
ReplayStats replay(AccelSimKernel& k, unsigned resident_ctas = 1);

// Runs f and returns the InputError it throws (fails the test if it throws nothing else).
template <typename F>
InputError expect_input_error(F&& f);

// The real traces shared with the project (../shared/traces, or $WARPSIM_SHARED_TRACES); tests
// that need it skip when it is absent.
std::string shared_traces_dir();

// `n` copies of an instruction line.
std::vector<std::string> repeat(const std::string& line, size_t n);

}  // namespace warpsim::traces::test

#include <gtest/gtest.h>

namespace warpsim::traces::test {

template <typename F>
InputError expect_input_error(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "expected an InputError";
  return InputError("", 0, "none");
}

}  // namespace warpsim::traces::test
