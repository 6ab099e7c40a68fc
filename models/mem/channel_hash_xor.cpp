// The H bits XOR a fold, in channel_bits-wide chunks, of every address bit above them (the
// column, bank, row bits of the map and the bits above the map): addresses a power-of-two stride
// apart differ in some higher bit, which moves the channel, so every power-of-two stride at or
// above the channel interleave spreads evenly over the channels (the bit-XOR partition hash of
// GPGPU-Sim/Accel-Sim, -gpgpu_memory_partition_indexing 1).
#include "models/mem/channel_hash.h"

namespace warpsim {
namespace {

class XorChannelHash : public ChannelHash {
 public:
  explicit XorChannelHash(uint32_t channel_bits)
      : bits_(channel_bits), mask_(channel_bits == 0 ? 0 : (uint64_t(1) << channel_bits) - 1) {}

  uint32_t channel(uint32_t h, uint64_t upper) const override {
    if (bits_ == 0) return 0;
    return static_cast<uint32_t>((h ^ fold(upper)) & mask_);
  }

 private:
  uint64_t fold(uint64_t v) const {
    uint64_t out = 0;
    for (; v != 0; v >>= bits_) out ^= v & mask_;
    return out;
  }
  uint32_t bits_;
  uint64_t mask_;
};

}  // namespace

WARPSIM_REGISTER(ChannelHashRegistry, "xor", [](uint32_t channel_bits) {
  return std::unique_ptr<ChannelHash>(new XorChannelHash(channel_bits));
});

}  // namespace warpsim
