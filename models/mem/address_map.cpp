#include "models/mem/address_map.h"

#include <array>
#include <stdexcept>

#include "sim/config/config.h"

namespace warpsim {

namespace {

bool power_of_two(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }
uint32_t log2_of(uint64_t v) {
  uint32_t b = 0;
  while ((uint64_t(1) << b) < v) ++b;
  return b;
}

}  // namespace

std::string AddressMap::build(const std::string& map, uint32_t channels, uint32_t subpartitions,
                              const DramStandard& st, AddressMap* out) {
  static const std::string kLetters = "RBGCHPS";
  std::string bits;  // the letters, MSB first
  for (char ch : map) {
    if (ch == '.') continue;
    if (kLetters.find(ch) == std::string::npos) {
      return std::string("address map has '") + ch + "': only R B G C H P S and dots are allowed";
    }
    bits.push_back(ch);
  }
  if (bits.empty() || bits.size() > 63) return "address map must have 1 to 63 bits";
  if (!power_of_two(subpartitions)) {
    return "l2.subpartitions = " + std::to_string(subpartitions) + " must be a power of two";
  }
  std::array<uint32_t, kFields> count{};
  for (char ch : bits) ++count[kLetters.find(ch)];
  struct Need {
    Field field;
    const char* letter;
    const char* what;
    uint64_t value;
  };
  const Need needs[] = {
      {kChannel, "H", "channel", channels},
      {kSub, "P", "L2 sub-partition", subpartitions},
      {kGroup, "G", "bank group", st.bank_groups},
      {kBank, "B", "bank", st.banks_per_group},
      {kByte, "S", "byte-in-burst", st.burst_bytes()},
      {kColumn, "C", "column", st.columns},
  };
  const std::string source[] = {"dram.channels = " + std::to_string(channels),
                                "l2.subpartitions = " + std::to_string(subpartitions),
                                st.name + " bank_groups = " + std::to_string(st.bank_groups),
                                st.name + " banks_per_group = " + std::to_string(st.banks_per_group),
                                st.name + " burst = " + std::to_string(st.burst_bytes()) + " B",
                                st.name + " columns = " + std::to_string(st.columns)};
  for (size_t i = 0; i < std::size(needs); ++i) {
    const uint32_t want = log2_of(needs[i].value);
    if (count[needs[i].field] != want) {
      return "address map has " + std::to_string(count[needs[i].field]) + " " + needs[i].what +
             " bits (" + needs[i].letter + ") but " + source[i] + " needs " + std::to_string(want);
    }
  }
  if (count[kRow] == 0) return "address map has no row bits (R)";
  // A channel count that is not a power of two (GA100/GH100: 5 HBM stacks, 40 channels): the H
  // bits must be one run, and the channel is the address from that run up modulo the count.
  const size_t h_first = bits.find('H'), h_last = bits.rfind('H');
  out->mod_channels_ = !power_of_two(channels);
  if (out->mod_channels_ && bits.find_first_not_of('H', h_first) <= h_last) {
    return "address map's channel bits (H) must be adjacent when dram.channels = " + std::to_string(channels) +
           " is not a power of two";
  }
  out->h_low_ = out->mod_channels_ ? uint32_t(bits.size() - 1 - h_last) : 0;
  out->h_len_ = out->mod_channels_ ? uint32_t(h_last - h_first + 1) : 0;
  if (count[kRow] > 32) return "address map has more than 32 row bits (R)";

  out->width_ = static_cast<uint32_t>(bits.size());
  out->channels_ = channels;
  out->subpartitions_ = subpartitions;
  out->runs_.clear();
  out->upper_shift_ = 64;
  // Walk from the LSB, giving each field's bits in increasing significance; merge neighbours.
  std::array<uint8_t, kFields> next{};
  for (uint32_t src = 0; src < bits.size(); ++src) {
    const Field f = static_cast<Field>(kLetters.find(bits[bits.size() - 1 - src]));
    const uint8_t dst = next[f]++;
    if (f == kChannel) out->upper_shift_ = src + 1;
    if (!out->runs_.empty()) {
      Run& r = out->runs_.back();
      if (r.field == f && r.src + r.len == src && r.dst + r.len == dst) {
        ++r.len;
        continue;
      }
    }
    out->runs_.push_back({static_cast<uint8_t>(src), 1, dst, f});
  }
  return "";
}

AddressMap AddressMap::make(const std::string& map, uint32_t channels, uint32_t subpartitions,
                            const std::string& channel_hash, const DramStandard& standard) {
  AddressMap m;
  const std::string problem = build(map, channels, subpartitions, standard, &m);
  if (!problem.empty()) throw std::invalid_argument(problem);
  if (!ChannelHashRegistry::instance().has(channel_hash)) {
    throw std::invalid_argument("unknown channel hash '" + channel_hash + "'");
  }
  if (!power_of_two(channels) && channel_hash != "linear") {
    throw std::invalid_argument("channel hash '" + channel_hash + "' needs a power-of-two channel count");
  }
  m.hash_ = ChannelHashRegistry::instance().create(channel_hash, log2_of(channels));
  return m;
}

AddressMap AddressMap::from_config(const Config& cfg, const DramStandard& standard) {
  const std::string hash = cfg.get_choice("dram.channel_hash", ChannelHashRegistry::instance().names());
  const auto channels = static_cast<uint32_t>(cfg.get_int("dram.channels", 1, 1 << 16));
  const auto subs = static_cast<uint32_t>(cfg.get_int("l2.subpartitions", 1, 64));
  if (!power_of_two(channels) && hash != "linear") {
    cfg.fail("dram.channel_hash", "dram.channel_hash: " + hash + " needs a power-of-two dram.channels (" +
                                      std::to_string(channels) + "): the channel is then the address modulo " +
                                      std::to_string(channels) + " (use linear)");
  }
  AddressMap m;
  const std::string problem = build(cfg.get_string("dram.address_map"), channels, subs, standard, &m);
  if (!problem.empty()) cfg.fail("dram.address_map", "dram.address_map: " + problem);
  m.hash_ = ChannelHashRegistry::instance().create(hash, log2_of(channels));
  const std::string bank_hash = cfg.get_choice("dram.bank_hash", ChannelHashRegistry::instance().names());
  const uint32_t banks = standard.bank_groups * standard.banks_per_group;
  if (banks > 1) m.bank_hash_ = ChannelHashRegistry::instance().create(bank_hash, log2_of(banks));
  m.banks_per_group_ = standard.banks_per_group;
  return m;
}

DramCoord AddressMap::decode(uint64_t addr) const {
  uint32_t mod_channel = 0;
  if (mod_channels_) {
    // Channel = the address from the H run up, modulo the channel count; the other fields are
    // read from the address with the channel taken out (the quotient in place of the bits from
    // the H run up), so every (channel, coordinates) pair is one address.
    const uint64_t x = addr >> h_low_;
    mod_channel = uint32_t(x % channels_);
    addr = ((x / channels_) << (h_low_ + h_len_)) | (addr & ((uint64_t(1) << h_low_) - 1));
  }
  std::array<uint32_t, kFields> v{};
  for (const Run& r : runs_) {
    v[r.field] |= static_cast<uint32_t>((addr >> r.src) & ((uint64_t(1) << r.len) - 1)) << r.dst;
  }
  DramCoord c;
  c.row = v[kRow];
  c.bank = v[kBank];
  c.bank_group = v[kGroup];
  if (bank_hash_ != nullptr) {
    const uint32_t id = bank_hash_->channel(c.bank_group * banks_per_group_ + c.bank, c.row);
    c.bank_group = id / banks_per_group_;
    c.bank = id % banks_per_group_;
  }
  c.column = v[kColumn];
  c.subpartition = v[kSub];
  c.channel = mod_channels_ ? mod_channel : hash_->channel(v[kChannel], upper_shift_ >= 64 ? 0 : addr >> upper_shift_);
  return c;
}

uint32_t AddressMap::slice_of(uint64_t addr) const {
  const DramCoord c = decode(addr);
  return c.channel * subpartitions_ + c.subpartition;
}

uint64_t AddressMap::slice_select_mask() const {
  uint64_t m = 0;
  for (const Run& r : runs_) {
    if (r.field == kChannel || r.field == kSub) m |= ((uint64_t(1) << r.len) - 1) << r.src;
  }
  return m;
}

}  // namespace warpsim
