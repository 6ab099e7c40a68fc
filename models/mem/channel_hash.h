// How an address picks its memory channel (`dram.channel_hash`): an interface plus one file per
// function, registered by name. Hashing the channel with higher address bits keeps power-of-two
// strides (matrix rows, per-CTA tiles) from landing on one channel (GPGPU-Sim's
// -gpgpu_memory_partition_indexing, Accel-Sim's IPOLY/XOR partition indexing).
#pragma once

#include <cstdint>
#include <memory>

#include "sim/engine/registry.h"

namespace warpsim {

class ChannelHash {
 public:
  virtual ~ChannelHash() = default;
  // `h` is the value of the address map's H bits, `upper` every address bit above the highest H
  // bit (row, bank, column bits of the map and the bits above the map), shifted down. The result
  // is < 2^channel_bits. A function of `upper` XORed into `h` keeps the map a bijection.
  virtual uint32_t channel(uint32_t h, uint64_t upper) const = 0;
};

// Factory argument: channel_bits = log2(channels).
using ChannelHashRegistry = Registry<ChannelHash, uint32_t>;

}  // namespace warpsim
