// Address -> (channel, sub-partition, bank group, bank, row, column) from the bit-slice string,
// its validation, and the channel hashes.
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "models/mem/address_map.h"
#include "sim/config/config.h"
#include "sim/error.h"

namespace warpsim {
namespace {

DramStandard small() {  // 2 groups x 2 banks, 4 bursts of 32 B per row
  DramStandard s;
  s.name = "SMALL";
  s.bank_groups = 2;
  s.banks_per_group = 2;
  s.columns = 4;
  s.bus_bytes = 16;
  s.burst_length = 2;
  return s;
}

TEST(AddressMap, DecodesEachFieldFromItsBitsMostSignificantFirst) {
  // bit: 14..12 R, 11 B, 10 C, 9 G, 8..7 H, 6 P, 5 C, 4..0 S
  const AddressMap m = AddressMap::make("RRR.B.C.G.HH.P.C.SSSSS", 4, 2, "linear", small());
  EXPECT_EQ(m.width(), 15u);
  const uint64_t a = (uint64_t(5) << 12) | (1u << 11) | (1u << 10) | (0u << 9) | (2u << 7) |
                     (1u << 6) | (0u << 5) | 17;
  const DramCoord c = m.decode(a);
  EXPECT_EQ(c.row, 5u);
  EXPECT_EQ(c.bank, 1u);
  EXPECT_EQ(c.column, 2u);  // C bits 10 (high) and 5 (low): 0b10
  EXPECT_EQ(c.bank_group, 0u);
  EXPECT_EQ(c.channel, 2u);
  EXPECT_EQ(c.subpartition, 1u);
  EXPECT_EQ(m.slice_of(a), 2u * 2 + 1);
  EXPECT_EQ(m.decode(a | (1u << 5)).column, 3u);
}

TEST(AddressMap, LinearChannelIsTheHBitsXorFoldsHigherBits) {
  const AddressMap lin = AddressMap::make("RRR.B.C.G.HH.P.C.SSSSS", 4, 2, "linear", small());
  const AddressMap x = AddressMap::make("RRR.B.C.G.HH.P.C.SSSSS", 4, 2, "xor", small());
  // A stride of one row (4 KiB) or one bank stays on one channel with linear, visits all with xor.
  std::set<uint32_t> lin_ch, xor_ch;
  for (uint64_t i = 0; i < 16; ++i) {
    lin_ch.insert(lin.decode(i << 12).channel);
    xor_ch.insert(x.decode(i << 12).channel);
    EXPECT_LT(x.decode(i << 12).channel, 4u);
  }
  EXPECT_EQ(lin_ch.size(), 1u);
  EXPECT_EQ(xor_ch.size(), 4u);
  // Bits above the string also move the channel (xor), and the result stays < channels.
  std::set<uint32_t> above;
  for (uint64_t i = 0; i < 64; ++i) {
    const uint32_t ch = x.decode(i << 15).channel;
    EXPECT_LT(ch, 4u);
    above.insert(ch);
  }
  EXPECT_EQ(above.size(), 4u);
}

TEST(AddressMap, PowerOfTwoStridesSpreadOverV100Channels) {
  DramStandard hbm2 = small();
  hbm2.bank_groups = 4;
  hbm2.banks_per_group = 4;
  hbm2.columns = 64;
  const AddressMap m =
      AddressMap::make("RRRRRRRRRRRRRRRR.BB.GG.CCCC.HHHHH.P.CC.SSSSS", 32, 2, "xor", hbm2);
  for (uint64_t stride : {1ull << 13, 1ull << 16, 1ull << 20, 1ull << 24}) {
    std::vector<int> per_channel(32, 0);
    for (uint64_t i = 0; i < 1024; ++i) ++per_channel[m.decode(i * stride).channel];
    for (int n : per_channel) EXPECT_EQ(n, 32) << "stride " << stride;  // perfectly even
  }
}

// Two arrays 16 MB apart (the same B and G bits, other rows): with dram.bank_hash linear every
// pair of lines shares a bank, with xor none does, and a row's lines still cover every bank group.
TEST(AddressMap, XorBankHashPutsRowsOfTwoStreamsInDifferentBanks) {
  DramStandard hbm2 = small();
  hbm2.name = "HBM2";
  hbm2.bank_groups = 4;
  hbm2.banks_per_group = 4;
  hbm2.columns = 64;
  auto banks_shared = [&](const std::string& hash) {
    const Config cfg = Config::load({"v100"}, {"dram.bank_hash=" + hash}, default_presets_dir());
    const AddressMap m = AddressMap::from_config(cfg, hbm2);
    int shared = 0;
    std::set<uint32_t> groups;
    for (uint64_t a = 0; a < (1u << 20); a += 128) {
      const DramCoord x = m.decode(a), y = m.decode(a + (16u << 20));
      shared += x.bank_group == y.bank_group && x.bank == y.bank;
      if (a < 512) groups.insert(x.bank_group);
    }
    EXPECT_EQ(groups.size(), 4u) << hash;
    return shared;
  };
  EXPECT_EQ(banks_shared("linear"), (1 << 20) / 128);
  EXPECT_EQ(banks_shared("xor"), 0);
}

TEST(AddressMap, ValidationNamesTheProblem) {
  auto problem = [](const std::string& map, uint32_t channels = 4, uint32_t subs = 2) {
    try {
      AddressMap::make(map, channels, subs, "xor", small());
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(problem("RRR.B.C.G.HH.P.C.SSSSS"), "");
  EXPECT_EQ(problem("RRX.B.C.G.HH.P.C.SSSSS"),
            "address map has 'X': only R B G C H P S and dots are allowed");
  EXPECT_EQ(problem("RRR.B.C.G.H.P.C.SSSSS"),
            "address map has 1 channel bits (H) but dram.channels = 4 needs 2");
  EXPECT_EQ(problem("RRR.B.C.G.HH.C.SSSSS"),
            "address map has 0 L2 sub-partition bits (P) but l2.subpartitions = 2 needs 1");
  EXPECT_EQ(problem("RRR.B.C.HH.P.C.SSSSS"),
            "address map has 0 bank group bits (G) but SMALL bank_groups = 2 needs 1");
  EXPECT_EQ(problem("RRR.C.G.HH.P.C.SSSSS"),
            "address map has 0 bank bits (B) but SMALL banks_per_group = 2 needs 1");
  EXPECT_EQ(problem("RRR.B.C.G.HH.P.C.SSSS"),
            "address map has 4 byte-in-burst bits (S) but SMALL burst = 32 B needs 5");
  EXPECT_EQ(problem("RRR.B.G.HH.P.C.SSSSS"),
            "address map has 1 column bits (C) but SMALL columns = 4 needs 2");
  EXPECT_EQ(problem("B.C.G.HH.P.C.SSSSS"), "address map has no row bits (R)");
  // 3 channels: the address modulo 3 (below), which no XOR fold can follow.
  EXPECT_EQ(problem("RRR.B.C.G.HH.P.C.SSSSS", 3), "channel hash 'xor' needs a power-of-two channel count");
  EXPECT_EQ(problem("RRR.B.H.G.H.P.C.C.SSSSS", 3),
            "address map's channel bits (H) must be adjacent when dram.channels = 3 is not a power of two");
}

TEST(AddressMap, ChannelCountNotAPowerOfTwoIsTheAddressModuloIt) {
  // bit: 14..12 R, 11 B, 10 C, 9 G, 8..7 H, 6 P, 5 C, 4..0 S; 3 channels on the H run (bit 7 up).
  const AddressMap m = AddressMap::make("RRR.B.C.G.HH.P.C.SSSSS", 3, 2, "linear", small());
  EXPECT_THROW(AddressMap::make("RRR.B.C.G.HH.P.C.SSSSS", 3, 2, "xor", small()), std::invalid_argument);
  // Consecutive 128 B steps (bit 7) go round the three channels.
  for (uint64_t k = 0; k < 9; ++k) EXPECT_EQ(m.decode(k << 7).channel, k % 3) << k;
  // The quotient takes the place of the bits from H up: step 3 is channel 0 with the bit above
  // the H run (G) set, and the bits below H are kept.
  const DramCoord c = m.decode((uint64_t(3) << 7) | (1u << 6) | 17);
  EXPECT_EQ(c.channel, 0u);
  EXPECT_EQ(c.bank_group, 1u);  // the quotient, 1, lands at bit 9 (G)
  EXPECT_EQ(c.subpartition, 1u);
  // No two bursts of the mapped capacity (3 channels x 2^15 / 4 B: quotients 0..63) share
  // (channel, sub-partition, bank group, bank, row, column).
  std::set<std::vector<uint32_t>> seen;
  for (uint64_t line = 0; line < uint64_t(3 * 64) << 7; line += 32) {
    const DramCoord d = m.decode(line);
    EXPECT_TRUE(seen.insert({d.channel, d.subpartition, d.bank_group, d.bank, d.row, d.column}).second) << line;
  }
}

TEST(AddressMap, FromConfigFailsAtTheKey) {
  const DramStandard s = DramStandard::load("HBM2", default_presets_dir());
  const Config good = Config::load(
      {"v100"}, {"dram.address_map=RRRRRRRRRRRRRRRR.BB.GG.CCCC.HHHHH.P.CC.SSSSS"}, default_presets_dir());
  const AddressMap m = AddressMap::from_config(good, s);
  EXPECT_EQ(m.channels(), 32u);
  EXPECT_EQ(m.subpartitions(), 2u);
  const Config bad = Config::load({"v100"}, {"dram.address_map=RRRR.BB.GG.CCCC.HHHH.P.CC.SSSSS"},
                                  default_presets_dir());
  try {
    AddressMap::from_config(bad, s);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "dram.address_map: address map has 4 channel bits (H) but dram.channels = 32 needs 5"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace warpsim
