// Linear set index: the line-number bits just above the line offset. Consecutive lines go to
// consecutive sets, but a stride of `sets` lines (common in column walks) hits a single set.
#include "models/mem/cache/set_index_hash.h"

namespace warpsim {
namespace {

class LinearSetIndex : public SetIndexHash {
 public:
  explicit LinearSetIndex(uint32_t sets) : mask_(sets - 1) {}
  uint32_t set_of(uint64_t line_number) const override { return uint32_t(line_number & mask_); }

 private:
  uint64_t mask_;  // sets is a power of two (SectorTags checks), so sets - 1 selects the low bits
};

WARPSIM_REGISTER(SetIndexHashRegistry, "linear",
                 [](uint32_t sets) { return std::make_unique<LinearSetIndex>(sets); });

}  // namespace
}  // namespace warpsim
