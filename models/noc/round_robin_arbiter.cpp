// Per-output round robin: each free output grants, among the inputs whose oldest packet wants it,
// the first at or after its priority pointer, then moves the pointer one past that input. Each
// input offers only its oldest packet, so no input can win two outputs and no accept step is
// needed; the price is head-of-line blocking (about 59% saturation throughput under uniform
// traffic for large switches, Karol et al., IEEE Trans. Commun. 1987).
#include <cstdint>
#include <memory>
#include <vector>

#include "models/noc/arbiter.h"

namespace warpsim {
namespace {

class RoundRobinArbiter : public Arbiter {
 public:
  RoundRobinArbiter(uint32_t inputs, uint32_t outputs)
      : inputs_(inputs), pointer_(outputs, 0), best_(outputs, 0), stamp_(outputs, 0) {}

  bool oldest_only() const override { return true; }

  void match(const std::vector<ArbiterRequest>& requests,
             std::vector<ArbiterMatch>& matches) override {
    ++epoch_;  // scratch entries stamped with an older epoch are empty: no clearing per cycle
    touched_.clear();
    uint32_t previous_input = UINT32_MAX;
    for (const ArbiterRequest& r : requests) {
      if (r.input == previous_input) continue;  // only the oldest packet of an input competes
      previous_input = r.input;
      if (!r.output_free) continue;
      const uint32_t o = r.output;
      if (stamp_[o] != epoch_) {
        stamp_[o] = epoch_;
        best_[o] = r.input;
        touched_.push_back(o);
      } else if (distance(r.input, o) < distance(best_[o], o)) {
        best_[o] = r.input;
      }
    }
    for (uint32_t o : touched_) {
      matches.push_back({best_[o], o});
      pointer_[o] = best_[o] + 1 == inputs_ ? 0 : best_[o] + 1;
    }
  }

 private:
  // How far `input` lies after output o's pointer, circularly: 0 is the highest priority.
  uint32_t distance(uint32_t input, uint32_t o) const {
    return input >= pointer_[o] ? input - pointer_[o] : input + inputs_ - pointer_[o];
  }

  uint32_t inputs_;
  std::vector<uint32_t> pointer_;  // per output: the input with the highest priority
  std::vector<uint32_t> best_;     // per output: best requester this cycle
  std::vector<uint64_t> stamp_;    // per output: epoch in which best_ was written
  std::vector<uint32_t> touched_;  // outputs with a requester this cycle
  uint64_t epoch_ = 0;
};

}  // namespace

WARPSIM_REGISTER(ArbiterRegistry, "round_robin", [](uint32_t inputs, uint32_t outputs, uint32_t) {
  return std::unique_ptr<Arbiter>(std::make_unique<RoundRobinArbiter>(inputs, outputs));
});

}  // namespace warpsim
