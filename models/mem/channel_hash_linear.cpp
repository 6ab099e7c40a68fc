// The channel is the H bits as they are: consecutive H-sized chunks go round the channels.
#include "models/mem/channel_hash.h"

namespace warpsim {
namespace {

class LinearChannelHash : public ChannelHash {
 public:
  uint32_t channel(uint32_t h, uint64_t) const override { return h; }
};

}  // namespace

WARPSIM_REGISTER(ChannelHashRegistry, "linear", [](uint32_t) {
  return std::unique_ptr<ChannelHash>(new LinearChannelHash());
});

}  // namespace warpsim
