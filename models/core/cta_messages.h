// Messages between the CTA dispatcher and the SIMT cores.
#pragma once

#include <cstdint>
#include <memory>

#include "isa/warp_stream.h"

namespace warpsim {

// What one CTA takes from an SM while it is resident (the occupancy limits).
struct CtaFootprint {
  uint32_t threads = 0;
  uint32_t warps = 0;
  uint32_t registers = 0;
  uint32_t shared_bytes = 0;
};

struct CtaLaunch {
  std::unique_ptr<WarpStream> stream;
  uint64_t cta_id = 0;
  uint64_t age = 0;  // dispatch order, for oldest-first scheduling
  CtaFootprint footprint;
  uint32_t kernel = 0;  // the dispatcher's slot of the CTA's kernel (concurrent kernels)
};

struct CtaDone {
  uint32_t sm = 0;
  uint64_t cta_id = 0;
  CtaFootprint footprint;
  uint32_t kernel = 0;
};

}  // namespace warpsim
