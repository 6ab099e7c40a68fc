// Physical address -> DRAM coordinates (`dram.address_map`, `dram.channels`, `dram.channel_hash`,
// `l2.subpartitions`). The map is a bit-slice string, most significant bit first, one letter per
// address bit (GPGPU-Sim's -gpgpu_mem_addr_mapping): R row, B bank, G bank group, C column,
// H channel, P L2 sub-partition, S byte within a burst; dots are ignored. `dram.channel_hash`
// turns the H bits (and, for xor, every bit above them) into the channel. Field bits keep their
// order: the leftmost R is the row's most significant bit. Bits above the string only feed the
// channel hash. decode() runs once per L2 access, so it is a loop over a few precomputed
// (shift, mask) runs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/mem/channel_hash.h"
#include "models/mem/dram/dram_standard.h"

namespace warpsim {

class Config;

struct DramCoord {
  uint32_t channel = 0, subpartition = 0, bank_group = 0, bank = 0, row = 0, column = 0;
};

class AddressMap {
 public:
  // Validates the map against the standard and the channel/sub-partition counts; every problem
  // is an InputError at dram.address_map (or dram.channels / dram.channel_hash) that names it.
  static AddressMap from_config(const Config& cfg, const DramStandard& standard);
  // The same without a Config: throws std::invalid_argument with the same messages.
  static AddressMap make(const std::string& map, uint32_t channels, uint32_t subpartitions,
                         const std::string& channel_hash, const DramStandard& standard);

  DramCoord decode(uint64_t addr) const;
  // The L2 slice that owns `addr` (its home slice): channel * subpartitions + subpartition.
  uint32_t slice_of(uint64_t addr) const;
  // Two-partition L2 (`l2.partitions`, GA100/GH100): the slices form `partitions` equal groups
  // of consecutive slice numbers (so of memory channels), and the channel hash spreads addresses
  // over them. An SM is wired to one partition, whose slices cache every address for it: the
  // slice of partition `side` at the position of `addr`'s home slice in its own partition. With
  // one partition this is slice_of(addr).
  void set_partitions(uint32_t partitions) { partitions_ = partitions; }
  uint32_t partitions() const { return partitions_; }
  uint32_t partition_of_slice(uint32_t slice) const { return slice / slices_per_partition(); }
  uint32_t slice_for(uint64_t addr, uint32_t side) const {
    const uint32_t per = slices_per_partition();
    return side * per + slice_of(addr) % per;
  }
  uint32_t channels() const { return channels_; }
  uint32_t subpartitions() const { return subpartitions_; }
  // Address bits the string covers.
  uint32_t width() const { return width_; }
  // The address bits that select a slice (the H and P letters). Every line a slice holds has the
  // same slice, so a slice's set index must not be drawn from them (see SectorTagsParams).
  uint64_t slice_select_mask() const;

 private:
  enum Field : uint8_t { kRow, kBank, kGroup, kColumn, kChannel, kSub, kByte, kFields };
  struct Run {  // `len` contiguous address bits from `src`, landing at bit `dst` of `field`
    uint8_t src, len, dst;
    Field field;
  };
  // "" if fine, else the problem; fills *out.
  static std::string build(const std::string& map, uint32_t channels, uint32_t subpartitions,
                           const DramStandard& standard, AddressMap* out);

  std::vector<Run> runs_;
  std::shared_ptr<const ChannelHash> hash_;
  // `dram.bank_hash`: the same XOR fold applied to the bank (group and bank together) with the
  // row bits, so two streams whose addresses differ only above the bank bits (two arrays a power
  // of two apart) open rows in different banks instead of conflicting in the same ones
  // (permutation-based page interleaving, Zhang et al., MICRO 2000). Null: the B and G bits as is.
  std::shared_ptr<const ChannelHash> bank_hash_;
  uint32_t banks_per_group_ = 1;
  uint32_t width_ = 0;
  uint32_t upper_shift_ = 64;  // addr >> this = the bits above the highest H bit (64: none)
  uint32_t slices_per_partition() const { return channels_ * subpartitions_ / partitions_; }

  uint32_t channels_ = 1;
  uint32_t subpartitions_ = 1;
  uint32_t partitions_ = 1;
  // Channel count not a power of two: channel = (addr >> h_low_) % channels_ (decode()).
  bool mod_channels_ = false;
  uint32_t h_low_ = 0, h_len_ = 0;
};

}  // namespace warpsim
