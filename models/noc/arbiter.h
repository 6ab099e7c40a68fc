// Switch allocation: each cycle, match the inputs of a switch that hold packets to the outputs
// those packets want, at most one output per input and one input per output. The crossbar uses
// one arbiter for the whole switch; a mesh router uses one per router.
//
// Requests carry the buffer organisation the arbiter can exploit. A switch lists, input by input,
// every output it holds a packet for, oldest packet first, and marks whether that output can take
// a packet this cycle. An arbiter that resolves only output conflicts (round robin) looks at each
// input's first request alone: the input buffer behaves as one FIFO with head-of-line blocking.
// An arbiter with an input-side accept step (iSLIP) may match any request: the buffer behaves as
// virtual output queues, the organisation iSLIP was designed for (McKeown, IEEE/ACM ToN 1999).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "sim/engine/registry.h"

namespace warpsim {

struct ArbiterRequest {
  uint32_t input = 0;
  uint32_t output = 0;
  bool output_free = false;  // the output is neither carrying another packet nor blocked
};

struct ArbiterMatch {
  uint32_t input = 0;
  uint32_t output = 0;
};

class Arbiter {
 public:
  virtual ~Arbiter() = default;
  // `requests`: each input's requests are contiguous, and an input appears at most once per
  // output. An oldest_only() arbiter gets one request per input, its oldest packet's; the others
  // get the requests to free outputs, in no particular order (the outcome must not depend on it). Appends the matches to `matches`
  // (which the caller cleared). Cost must follow the number of requests, not the switch size.
  virtual void match(const std::vector<ArbiterRequest>& requests,
                     std::vector<ArbiterMatch>& matches) = 0;
  // What of an input's requests can change the outcome, so that the switch lists only those
  // (a congested input holds packets for most outputs): its oldest packet's request only, busy
  // output or not (a head-of-line arbiter), or every request to a free output (the others can
  // never be granted).
  virtual bool oldest_only() const { return false; }
};

// (inputs, outputs, iterations): iterations is the iSLIP request-grant-accept rounds per cycle,
// ignored by single-round arbiters. Presets choose one with `noc.arbiter`.
using ArbiterRegistry = Registry<Arbiter, uint32_t, uint32_t, uint32_t>;

}  // namespace warpsim
