#include "traces/common/replay.h"

#include <algorithm>
#include <memory>
#include <vector>

namespace warpsim::traces {

ReplayStats replay_kernel(KernelSource& kernel, const ReplayOptions& options) {
  ReplayStats s;
  const uint64_t total = std::min<uint64_t>(kernel.grid().count(), options.max_ctas);
  const unsigned resident = std::max(1u, options.resident_ctas);

  struct Resident {
    uint64_t cta;
    std::unique_ptr<WarpStream> stream;
    std::vector<unsigned> live;  // warps not yet done
  };
  std::vector<Resident> open;
  uint64_t next = 0;
  auto refill = [&]() {
    while (open.size() < resident && next < total) {
      Resident r{next, kernel.open_cta(next, 0), {}};
      ++next;
      ++s.ctas;
      for (unsigned w = 0; w < r.stream->num_warps(); ++w)
        if (r.stream->peek(w) != nullptr) r.live.push_back(w);
      s.warps += r.live.size();
      open.push_back(std::move(r));
    }
  };
  refill();
  while (!open.empty()) {
    for (size_t i = 0; i < open.size();) {
      Resident& r = open[i];
      for (size_t j = 0; j < r.live.size();) {
        const unsigned w = r.live[j];
        const WarpInst& inst = r.stream->issue(w, 0);
        ++s.warp_insts;
        const unsigned n = lane_count(inst.active_mask);
        s.thread_insts += n;
        ++s.by_class[size_t(inst.op_class)];
        if (inst.space != MemSpace::none) {
          ++s.by_space[size_t(inst.space)];
          s.mem_lane_accesses += n;
        }
        if (options.visit) options.visit(r.cta, w, inst);
        if (r.stream->peek(w) == nullptr) {
          r.live[j] = r.live.back();
          r.live.pop_back();
        } else {
          ++j;
        }
      }
      if (r.live.empty()) {
        open.erase(open.begin() + static_cast<std::ptrdiff_t>(i));
      } else {
        ++i;
      }
    }
    refill();
  }
  return s;
}

}  // namespace warpsim::traces
