// Messages on the channels between an SM's scheduler and its load/store path (the L1 data
// cache): a warp's coalesced global, local or atomic access goes down as one WarpMemAccess and
// comes back as one MemResponse when every line of it has been served.
#pragma once

#include <array>
#include <cstdint>

#include "isa/warp_stream.h"
#include "models/mem/coalescing_unit.h"
#include "models/mem/mem_packet.h"

namespace warpsim {

// WarpMemAccess::async_group of an access that is not an asynchronous copy.
inline constexpr uint32_t kNoAsyncGroup = ~0u;

struct WarpMemAccess {
  uint32_t warp_slot = 0;
  uint32_t cta_slot = 0;
  MemOp op = MemOp::read;
  MemSpace space = MemSpace::global;
  CacheOp cache_op = CacheOp::def;
  uint8_t num_dst = 0;         // registers that the response makes ready
  std::array<uint16_t, 4> dst{};
  uint64_t issue_cycle = 0;    // core cycle the instruction issued (latency accounting)
  uint32_t async_group = kNoAsyncGroup;  // an asynchronous copy's group (WarpInst::async)
  uint32_t kernel = 0;         // the issuing CTA's kernel slot: a store outlives its CTA
  LineList lines;              // coalesced lines, with their sector masks
};

struct LsuResponse {
  uint32_t warp_slot = 0;
  uint32_t cta_slot = 0;
  bool is_write = false;       // stores are acknowledged too, so the kernel ends after its stores land
  uint8_t num_dst = 0;
  std::array<uint16_t, 4> dst{};
  uint32_t async_group = kNoAsyncGroup;
  uint32_t kernel = 0;         // WarpMemAccess::kernel
};

}  // namespace warpsim
