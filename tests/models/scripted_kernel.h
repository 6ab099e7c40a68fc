// A KernelSource whose warps replay scripted instructions: lets timing tests state exactly what
// each warp issues, independent of the ISA and the emulator.
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "isa/warp_stream.h"

namespace warpsim::testing {

inline WarpInst alu(OpClass c, uint16_t dst, std::vector<uint16_t> srcs = {}) {
  WarpInst i;
  i.op_class = c;
  i.active_mask = ~0u;
  i.num_dst = 1;
  i.dst[0] = dst;
  i.num_src = uint8_t(srcs.size());
  for (size_t k = 0; k < srcs.size(); ++k) i.src[k] = srcs[k];
  return i;
}

inline WarpInst mem(OpClass c, MemSpace space, uint16_t reg, uint64_t base, uint64_t stride,
                    uint8_t bytes = 4) {
  WarpInst i;
  i.op_class = c;
  i.space = space;
  i.active_mask = ~0u;
  i.access_bytes = bytes;
  if (c == OpClass::store) {
    i.num_src = 1;
    i.src[0] = reg;
  } else {
    i.num_dst = 1;
    i.dst[0] = reg;
  }
  for (unsigned l = 0; l < kWarpSize; ++l) i.addr[l] = base + l * stride;
  return i;
}

inline WarpInst op(OpClass c) {
  WarpInst i;
  i.op_class = c;
  i.active_mask = ~0u;
  return i;
}

using WarpScript = std::vector<WarpInst>;

class ScriptedStream : public WarpStream {
 public:
  ScriptedStream(std::vector<WarpScript> warps, std::vector<uint64_t>* log)
      : warps_(std::move(warps)), pos_(warps_.size(), 0), log_(log) {
    // Straight-line code at 16 B per instruction, unless the script placed its instructions
    // itself (a loop repeats pcs).
    for (auto& w : warps_) {
      const bool placed = std::any_of(w.begin(), w.end(), [](const WarpInst& i) { return i.pc != 0; });
      for (size_t i = 0; i < w.size() && !placed; ++i) w[i].pc = uint32_t(16 * i);
      if (placed && w.back().op_class == OpClass::exit && w.size() > 1) w.back().pc = w[w.size() - 2].pc + 16;
    }
  }
  unsigned num_warps() const override { return unsigned(warps_.size()); }
  const WarpInst* peek(unsigned w) override {
    return pos_[w] < warps_[w].size() ? &warps_[w][pos_[w]] : nullptr;
  }
  const WarpInst& issue(unsigned w, uint64_t cycle) override {
    if (log_ != nullptr) log_->push_back(cycle * 1000 + w);
    return warps_[w][pos_[w]++];
  }

 private:
  std::vector<WarpScript> warps_;
  std::vector<size_t> pos_;
  std::vector<uint64_t>* log_;
};

// Every CTA runs the same script per warp (plus a trailing EXIT).
class ScriptedKernel : public KernelSource {
 public:
  ScriptedKernel(Dim3 grid, Dim3 block, std::vector<WarpScript> per_warp, unsigned regs = 32,
                 unsigned shared = 0)
      : grid_(grid), block_(block), per_warp_(std::move(per_warp)), regs_(regs), shared_(shared) {
    for (auto& w : per_warp_) w.push_back(op(OpClass::exit));
  }
  const std::string& name() const override { return name_; }
  Dim3 grid() const override { return grid_; }
  Dim3 block() const override { return block_; }
  unsigned regs_per_thread() const override { return regs_; }
  unsigned shared_bytes_per_cta() const override { return shared_; }
  std::unique_ptr<WarpStream> open_cta(uint64_t, unsigned sm) override {
    opened_on.push_back(sm);
    return std::make_unique<ScriptedStream>(per_warp_, &issues);
  }
  std::vector<unsigned> opened_on;
  // cycle * 1000 + warp index, for every issued instruction of every CTA, in issue order.
  std::vector<uint64_t> issues;
  // Issue cycles of warp w's instructions (all CTAs).
  std::vector<uint64_t> cycles_of_warp(unsigned w) const {
    std::vector<uint64_t> out;
    for (uint64_t e : issues) {
      if (e % 1000 == w) out.push_back(e / 1000);
    }
    return out;
  }

 private:
  std::string name_ = "scripted";
  Dim3 grid_, block_;
  std::vector<WarpScript> per_warp_;
  unsigned regs_, shared_;
};

}  // namespace warpsim::testing
