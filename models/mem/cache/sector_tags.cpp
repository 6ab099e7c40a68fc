// SectorTags: the lines of a set sit next to each other in `lines_` (set-major). Present lines are
// indexed by address (LineSlotMap), so a lookup costs the same for 4 ways or 256 (a V100 L1 with
// a small carve-out), and a per-set count of valid lines spares the search for a free way in a
// full set.
#include "models/mem/cache/sector_tags.h"

#include "sim/config/config.h"

#include <stdexcept>

namespace warpsim {
namespace {

bool is_pow2(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }

unsigned log2_of(uint64_t pow2) {
  unsigned n = 0;
  while ((uint64_t(1) << n) < pow2) ++n;
  return n;
}

template <typename R>
std::string known_names(const R& registry) {
  std::string out;
  for (const std::string& n : registry.names()) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Checks the geometry before anything is built, so a bad config fails with a message that says
// which quantity is wrong rather than as an out-of-range access later.
uint32_t checked_sets(const SectorTagsParams& p) {
  auto fail = [](const std::string& what) {
    throw std::invalid_argument("cache geometry: " + what);
  };
  if (!is_pow2(p.line_bytes))
    fail("line_bytes (" + std::to_string(p.line_bytes) + ") must be a power of two");
  if (!is_pow2(p.sector_bytes))
    fail("sector_bytes (" + std::to_string(p.sector_bytes) + ") must be a power of two");
  if (p.sector_bytes > p.line_bytes) fail("sector_bytes must not exceed line_bytes");
  if (p.line_bytes / p.sector_bytes > 32)
    fail("at most 32 sectors per line (line_bytes / sector_bytes = " +
         std::to_string(p.line_bytes / p.sector_bytes) + ")");
  if (p.ways == 0) fail("ways must be at least 1");
  const uint64_t set_bytes = uint64_t(p.line_bytes) * p.ways;
  if (p.size_bytes == 0 || p.size_bytes % set_bytes != 0)
    fail("size_bytes (" + std::to_string(p.size_bytes) +
         ") must be a non-zero multiple of line_bytes * ways (" + std::to_string(set_bytes) + ")");
  const uint64_t sets = p.size_bytes / set_bytes;
  if (!is_pow2(sets) || sets > (uint64_t(1) << 31))
    fail("sets = size_bytes / (line_bytes * ways) = " + std::to_string(sets) +
         " must be a power of two");
  if (!ReplacementPolicyRegistry::instance().has(p.replacement))
    throw std::invalid_argument("unknown replacement policy '" + p.replacement + "' (known: " +
                                known_names(ReplacementPolicyRegistry::instance()) + ")");
  if (!SetIndexHashRegistry::instance().has(p.set_index))
    throw std::invalid_argument("unknown set index hash '" + p.set_index +
                                "' (known: " + known_names(SetIndexHashRegistry::instance()) + ")");
  return uint32_t(sets);
}

}  // namespace

SectorTagsParams SectorTagsParams::from_config(const Config& cfg, const std::string& section, uint64_t size_bytes,
                                               const std::string& size_what) {
  SectorTagsParams p;
  const std::string sets_key = section + ".sets";
  p.size_bytes = size_bytes;
  p.line_bytes = uint32_t(cfg.get_int(section + ".line_bytes", 1, 4096));
  p.sector_bytes = uint32_t(cfg.get_int(section + ".sector_bytes", 1, 4096));
  const uint64_t sets = uint64_t(cfg.get_int(sets_key, 1, 1 << 24));
  p.replacement = cfg.get_choice(section + ".replacement", ReplacementPolicyRegistry::instance().names());
  p.set_index = cfg.get_choice(section + ".set_index", SetIndexHashRegistry::instance().names());
  p.seed = uint64_t(cfg.get_int("sim.seed", 0, INT64_MAX));
  const uint64_t set_bytes = sets * p.line_bytes;
  if (size_bytes % set_bytes != 0) {
    cfg.fail(sets_key, sets_key + ": " + size_what + " = " + std::to_string(size_bytes) +
                           " B is not a whole number of ways of " + std::to_string(sets) + " sets x " +
                           std::to_string(p.line_bytes) + " B lines");
  }
  p.ways = uint32_t(size_bytes / set_bytes);
  if (size_bytes > 0) {
    try {
      checked_sets(p);  // the constructor's checks, without building the arrays
    } catch (const std::invalid_argument& e) {
      cfg.fail(sets_key, sets_key + ": " + e.what());
    }
  }
  return p;
}

SectorTags::SectorTags(const SectorTagsParams& p)
    : sets_(checked_sets(p)),
      ways_(p.ways),
      line_bytes_(p.line_bytes),
      sector_bytes_(p.sector_bytes),
      line_shift_(log2_of(p.line_bytes)),
      full_mask_(sectors_per_line() == 32 ? ~0u : (1u << sectors_per_line()) - 1),
      lines_(size_t(sets_) * ways_),
      valid_in_set_(sets_, 0),
      index_(size_t(sets_) * ways_),
      hash_(SetIndexHashRegistry::instance().create(p.set_index, sets_)),
      policy_(ReplacementPolicyRegistry::instance().create(p.replacement, sets_, ways_, p.seed)) {
  for (int b = 63; b >= 0; --b) {
    if ((p.index_skip_mask >> b) & 1u) skip_bits_.push_back(uint64_t(1) << b);
  }
}

uint32_t SectorTags::set_of(uint64_t line_addr) const {
  for (uint64_t bit : skip_bits_) {  // squeeze the bit out: the bits above it move down one
    line_addr = ((line_addr >> 1) & ~(bit - 1)) | (line_addr & (bit - 1));
  }
  return hash_->set_of(line_addr >> line_shift_);
}

SectorTags::Probe SectorTags::probe(uint64_t line_addr, uint32_t sector_mask) const {
  sector_mask &= full_mask_;
  const uint32_t at = index_.find(line_addr);
  if (at == LineSlotMap::kNone) return Probe{Outcome::miss, 0, sector_mask};
  const uint32_t missing = sector_mask & ~lines_[at].valid_mask;
  return Probe{missing == 0 ? Outcome::hit : Outcome::sector_miss, at % ways_, missing};
}

void SectorTags::touch(uint64_t line_addr) {
  const uint32_t at = index_.find(line_addr);
  if (at != LineSlotMap::kNone) policy_->touch(at / ways_, at % ways_);
}

SectorTags::Victim SectorTags::allocate(uint64_t line_addr, bool evict_first) {
  const uint32_t present = index_.find(line_addr);
  if (present != LineSlotMap::kNone) {
    // Re-allocating a present line is a use of it, not an insertion: its position moves as on a
    // hit.
    policy_->touch(present / ways_, present % ways_);
    return Victim{};
  }
  const uint32_t set = set_of(line_addr);
  uint32_t way = ways_;
  Line* row = &lines_[size_t(set) * ways_];
  if (valid_in_set_[set] < ways_) {
    for (uint32_t w = 0; w < ways_ && way == ways_; ++w) {
      if (!row[w].valid) way = w;
    }
  }
  if (way == ways_) way = policy_->victim(set);
  Line& l = row[way];
  const Victim v{l.valid, l.valid ? l.tag_addr : 0, l.valid ? l.dirty : 0};
  if (l.valid) {
    index_.erase(l.tag_addr);
  } else {
    ++valid_in_set_[set];
  }
  l = Line{true, line_addr, 0, 0};
  index_.insert(line_addr, set * ways_ + way);
  policy_->insert(set, way, evict_first);
  return v;
}

void SectorTags::fill(uint64_t line_addr, uint32_t sector_mask, bool dirty) {
  Line* l = line(line_addr);
  if (l == nullptr) return;
  sector_mask &= full_mask_;
  l->valid_mask |= sector_mask;
  if (dirty) l->dirty |= sector_mask;
}

void SectorTags::mark_dirty(uint64_t line_addr, uint32_t sector_mask) {
  fill(line_addr, sector_mask, true);
}

SectorTags::Victim SectorTags::invalidate(uint64_t line_addr) {
  Line* l = line(line_addr);
  if (l == nullptr) return Victim{};
  const Victim v{true, l->tag_addr, l->dirty};
  const uint32_t at = index_.erase(line_addr);
  --valid_in_set_[at / ways_];
  *l = Line{};
  return v;
}

SectorTags::Line* SectorTags::line(uint64_t line_addr) {
  const uint32_t at = index_.find(line_addr);
  return at == LineSlotMap::kNone ? nullptr : &lines_[at];
}

}  // namespace warpsim
