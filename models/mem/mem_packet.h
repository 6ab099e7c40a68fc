// The message that travels between an SM's L1, the interconnect, the L2 slices and back: one
// access to one cache line, carrying the sectors it touches. Requests go SM -> L2 slice on the
// request network; replies (read data, write and atomic acknowledgements) L2 slice -> SM on the
// reply network. Network endpoints are numbered per network: on the request network sources
// are SMs and destinations slices, on the reply network the other way round.
#pragma once

#include <cstdint>

#include "isa/warp_stream.h"

namespace warpsim {

enum class MemOp : uint8_t { read, write, atomic };

// Where a load's data came from (latency accounting per level).
constexpr uint8_t kServedByL1 = 1;
constexpr uint8_t kServedByL2 = 2;
constexpr uint8_t kServedByDram = 3;

struct MemPacket {
  uint64_t addr = 0;         // line-aligned byte address
  uint32_t sector_mask = 0;  // sectors of the line this access touches (bit i = sector i)
  MemOp op = MemOp::read;
  bool reply = false;        // on the reply network
  CacheOp cache_op = CacheOp::def;
  uint16_t src = 0;          // source endpoint of this network
  uint16_t dst = 0;          // destination endpoint of this network
  uint32_t token = 0;        // the requester's tag, returned unchanged in the reply
  uint32_t payload_bytes = 0;  // data bytes on the wire (write data, read data); 0 for a read request
  uint64_t born = 0;         // core cycle the access left the SM (latency accounting)
  uint8_t served_by = 0;     // replies: kServedByL2 or kServedByDram (latency per level)
};

}  // namespace warpsim
