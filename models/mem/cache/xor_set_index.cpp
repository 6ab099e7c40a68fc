// XOR set index: the line number cut into log2(sets)-bit fields, all XORed together:
//   set = f0 ^ f1 ^ f2 ^ ...   where f_i = (line_number >> (i * bits)) & (sets - 1).
// Real GPUs hash the index this way (GPGPU-Sim's hashed set index for Fermi/Volta L1/L2 XORs
// selected tag bits into the index bits); folding every higher bit is the general form. Lines
// that differ only above the index bits (a power-of-two stride of `sets` lines or more) then land
// in different sets instead of all in one; consecutive lines still map to distinct sets, since
// within one aligned run of `sets` lines only f0 changes.
#include "models/mem/cache/set_index_hash.h"

namespace warpsim {
namespace {

class XorSetIndex : public SetIndexHash {
 public:
  explicit XorSetIndex(uint32_t sets) : mask_(sets - 1) {
    while ((uint64_t(1) << bits_) < sets) ++bits_;
  }
  uint32_t set_of(uint64_t line_number) const override {
    if (bits_ == 0) return 0;  // one set; also avoids a shift by 0 that would never end the loop
    uint64_t set = 0;
    for (uint64_t rest = line_number; rest != 0; rest >>= bits_) set ^= rest & mask_;
    return uint32_t(set);
  }

 private:
  uint64_t mask_;
  unsigned bits_ = 0;  // log2(sets)
};

WARPSIM_REGISTER(SetIndexHashRegistry, "xor",
                 [](uint32_t sets) { return std::make_unique<XorSetIndex>(sets); });

}  // namespace
}  // namespace warpsim
