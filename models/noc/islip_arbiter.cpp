// iSLIP (McKeown, IEEE/ACM ToN 1999): each round, every unmatched input requests all unmatched
// free outputs it holds packets for; each such output grants the requester at or after its grant
// pointer; each input accepts the grant at or after its accept pointer. Pointers move one past
// the partner only on grants accepted in the first round: that is what desynchronises the
// outputs' pointers and gives close to 100% throughput under uniform traffic with one round,
// and it keeps the arbiter starvation-free. Later rounds only fill in unmatched ports.
#include <cstdint>
#include <memory>
#include <vector>

#include "models/noc/arbiter.h"

namespace warpsim {
namespace {

class IslipArbiter : public Arbiter {
 public:
  IslipArbiter(uint32_t inputs, uint32_t outputs, uint32_t iterations)
      : inputs_(inputs),
        outputs_(outputs),
        iterations_(iterations == 0 ? 1 : iterations),
        grant_ptr_(outputs, 0),
        accept_ptr_(inputs, 0),
        granted_(outputs, 0),
        grant_stamp_(outputs, 0),
        out_matched_(outputs, 0),
        accepted_(inputs, 0),
        accept_stamp_(inputs, 0),
        in_matched_(inputs, 0) {}

  void match(const std::vector<ArbiterRequest>& requests,
             std::vector<ArbiterMatch>& matches) override {
    ++call_;  // *_matched_ entries equal to call_ are matched in this call
    for (uint32_t round = 0; round < iterations_; ++round) {
      ++epoch_;  // scratch stamped with an older epoch is empty
      // Grant: each output picks among its unmatched requesters.
      touched_outputs_.clear();
      for (const ArbiterRequest& r : requests) {
        const uint32_t i = r.input, o = r.output;
        if (!r.output_free || in_matched_[i] == call_ || out_matched_[o] == call_) continue;
        if (grant_stamp_[o] != epoch_) {
          grant_stamp_[o] = epoch_;
          granted_[o] = i;
          touched_outputs_.push_back(o);
        } else if (after(i, grant_ptr_[o], inputs_) < after(granted_[o], grant_ptr_[o], inputs_)) {
          granted_[o] = i;
        }
      }
      if (touched_outputs_.empty()) break;
      // Accept: each input picks among the outputs that granted it.
      touched_inputs_.clear();
      for (uint32_t o : touched_outputs_) {
        const uint32_t i = granted_[o];
        if (accept_stamp_[i] != epoch_) {
          accept_stamp_[i] = epoch_;
          accepted_[i] = o;
          touched_inputs_.push_back(i);
        } else if (after(o, accept_ptr_[i], outputs_) < after(accepted_[i], accept_ptr_[i], outputs_)) {
          accepted_[i] = o;
        }
      }
      for (uint32_t i : touched_inputs_) {
        const uint32_t o = accepted_[i];
        matches.push_back({i, o});
        in_matched_[i] = call_;
        out_matched_[o] = call_;
        if (round == 0) {
          grant_ptr_[o] = i + 1 == inputs_ ? 0 : i + 1;
          accept_ptr_[i] = o + 1 == outputs_ ? 0 : o + 1;
        }
      }
    }
  }

 private:
  // How far x lies after pointer p on a ring of n: 0 is the highest priority.
  static uint32_t after(uint32_t x, uint32_t p, uint32_t n) { return x >= p ? x - p : x + n - p; }

  uint32_t inputs_, outputs_, iterations_;
  std::vector<uint32_t> grant_ptr_;   // per output
  std::vector<uint32_t> accept_ptr_;  // per input
  std::vector<uint32_t> granted_;     // per output: input granted this round
  std::vector<uint64_t> grant_stamp_;
  std::vector<uint64_t> out_matched_;
  std::vector<uint32_t> accepted_;  // per input: output accepted this round
  std::vector<uint64_t> accept_stamp_;
  std::vector<uint64_t> in_matched_;
  std::vector<uint32_t> touched_outputs_, touched_inputs_;
  uint64_t epoch_ = 0, call_ = 0;
};

}  // namespace

WARPSIM_REGISTER(ArbiterRegistry, "islip", [](uint32_t inputs, uint32_t outputs, uint32_t rounds) {
  return std::unique_ptr<Arbiter>(std::make_unique<IslipArbiter>(inputs, outputs, rounds));
});

}  // namespace warpsim
