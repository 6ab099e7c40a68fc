// Helpers for the native trace tests: scratch files, a KernelSource that plays hand-made
// instruction lists, a round-robin driver standing in for the timing model, and a member-wise
// WarpInst comparison that covers members added to WarpInst later.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "isa/warp_stream.h"

namespace warpsim::traces::testing {

// A fresh path in the test's temporary folder (removed at exit of the process is not needed:
// gtest's TempDir is per run).
std::string temp_path(const std::string& stem);

std::vector<uint8_t> read_file(const std::string& path);
void write_file(const std::string& path, const std::vector<uint8_t>& bytes);

// One issued instruction and what peek() showed before it: its mask, and when `peek_differs`,
// the static members of `peek_static`.
struct Step {
  WarpInst issued;
  uint32_t peek_mask = 0;
  bool peek_differs = false;
  WarpInst peek_static;
};
using WarpScript = std::vector<Step>;
using CtaScript = std::vector<WarpScript>;  // one per warp

// Plays `ctas[c]` for CTA c (CTAs beyond the list are empty warps).
class ScriptedKernelSource : public KernelSource {
 public:
  ScriptedKernelSource(std::string name, Dim3 grid, Dim3 block, std::vector<CtaScript> ctas);
  const std::string& name() const override { return name_; }
  Dim3 grid() const override { return grid_; }
  Dim3 block() const override { return block_; }
  unsigned regs_per_thread() const override { return 32; }
  unsigned shared_bytes_per_cta() const override { return 1024; }
  std::unique_ptr<WarpStream> open_cta(uint64_t cta, unsigned sm_id) override;

 private:
  std::string name_;
  Dim3 grid_, block_;
  std::vector<CtaScript> ctas_;
};

// What a driver saw: per (CTA, warp), each instruction as peek() showed it and as issue()
// returned it.
struct Seen {
  WarpInst peeked, issued;
};
using RunLog = std::map<std::pair<uint64_t, unsigned>, std::vector<Seen>>;

// Runs every CTA of `source` with up to `resident` CTAs open at once (opened in order, each
// destroyed as soon as its warps have exited), issuing round-robin over all warps of all open
// CTAs; a warp that issued a barrier waits until every live warp of its CTA has. `rotate`
// changes the order in which open CTAs are visited each round, so recording and replay can
// interleave differently. `stop_after` > 0 stops after that many issues (CTAs destroyed with
// warps still live, like a run stopped by --max-cycles).
RunLog run(KernelSource& source, unsigned resident, unsigned rotate = 0, uint64_t stop_after = 0);

// Member-wise equality (every WarpInst member, found generically); addresses are compared for
// the active lanes of memory instructions only (elsewhere execution mode leaves stale values).
// Returns "" or a description of the first difference.
std::string diff(const WarpInst& want, const WarpInst& got, bool compare_addresses = true);

// A WarpInst with the given class, space and size; addresses from `addr` for active lanes.
WarpInst make_inst(uint32_t pc, OpClass cls, uint32_t mask, MemSpace space = MemSpace::none,
                   uint8_t bytes = 0);

}  // namespace warpsim::traces::testing
