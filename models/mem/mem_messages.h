// Messages on the channels between an SM's load/store unit and the memory path.
#pragma once

#include <array>
#include <cstdint>

namespace warpsim {

struct MemRequest {
  uint32_t sm = 0;
  uint32_t warp_slot = 0;
  uint32_t cta_slot = 0;
  bool is_write = false;     // stores are acknowledged too, so a CTA retires after its stores land
  uint32_t sectors = 0;      // distinct sectors touched by the warp (after coalescing)
  uint32_t bytes = 0;        // sectors * sector size
  uint8_t num_dst = 0;       // registers that the response makes ready
  std::array<uint16_t, 4> dst{};
};

using MemResponse = MemRequest;

}  // namespace warpsim
