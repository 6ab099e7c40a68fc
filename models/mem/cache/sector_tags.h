// The tag array of a sectored, set-associative cache (L1D and L2 slices): lines of `line_bytes`
// split into sectors of `sector_bytes`, each sector valid and dirty on its own (Volta: 128 B
// lines, 32 B sectors). Which set a line maps to and which way is evicted are pluggable
// (SetIndexHash, ReplacementPolicy), chosen by name from the config. A plain object: the L1 and
// L2 components own one and decide the policies (allocate on miss or not, write-back or through).
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/mem/cache/line_slot_map.h"
#include "models/mem/cache/replacement_policy.h"
#include "models/mem/cache/set_index_hash.h"

namespace warpsim {

class Config;

struct SectorTagsParams {
  uint64_t size_bytes = 0;  // capacity; sets = size / (line_bytes * ways), a power of two
  uint32_t line_bytes = 128;
  uint32_t sector_bytes = 32;
  uint32_t ways = 4;
  std::string replacement = "lru";   // ReplacementPolicyRegistry name
  std::string set_index = "linear";  // SetIndexHashRegistry name
  uint64_t seed = 1;                 // for randomised policies
  // Address bits squeezed out before the set-index hash. An L2 slice only holds lines whose
  // slice-select bits are its own: indexing sets with them would leave most sets unused.
  uint64_t index_skip_mask = 0;

  // Reads a cache section's geometry and policies (`SECTION.line_bytes`, `.sector_bytes`,
  // `.sets`, `.replacement`, `.set_index`; `sim.seed`) for a capacity of `size_bytes` (described
  // as `size_what` in errors): ways = size / (sets x line). A size that is not a whole number of
  // ways, or a geometry SectorTags rejects, fails on `SECTION.sets`. Size 0 (no cache) is valid.
  static SectorTagsParams from_config(const Config& cfg, const std::string& section, uint64_t size_bytes,
                                      const std::string& size_what);
};

class SectorTags {
 public:
  // Throws std::invalid_argument (the caller turns it into a config error naming its key) when
  // the geometry is not valid: sets not a power of two, sector not dividing the line, > 32 sectors.
  explicit SectorTags(const SectorTagsParams& p);

  enum class Outcome : uint8_t {
    hit,          // line present and every requested sector valid
    sector_miss,  // line present, some requested sectors not valid
    miss,         // line absent
  };
  struct Probe {
    Outcome outcome = Outcome::miss;
    uint32_t way = 0;           // valid unless outcome == miss
    uint32_t missing_mask = 0;  // requested sectors not valid (all of them on a miss)
  };
  // Looks `line_addr` up without changing any state.
  Probe probe(uint64_t line_addr, uint32_t sector_mask) const;
  // Records a use of a present line (replacement state), e.g. on a hit.
  void touch(uint64_t line_addr);

  struct Victim {
    bool valid = false;  // a valid line was evicted
    uint64_t line_addr = 0;
    uint32_t dirty_mask = 0;  // its dirty sectors (to write back)
  };
  // Makes `line_addr` present with no valid sectors, evicting a way chosen by the replacement
  // policy (or reusing the line if already present; then nothing is evicted and sectors stay).
  // `evict_first`: insert at the position evicted next (streaming `.cs` / evict-first).
  // Returns the victim. The line's sectors are then filled with fill().
  Victim allocate(uint64_t line_addr, bool evict_first = false);
  // Marks sectors of a present line valid (and optionally dirty). No effect if absent.
  // Leaves the replacement state alone: allocate() already placed the line (an evict-first line
  // must stay next in line when its data arrives); call touch() for a use.
  void fill(uint64_t line_addr, uint32_t sector_mask, bool dirty = false);
  // Marks sectors of a present line dirty (and valid). No effect if absent.
  void mark_dirty(uint64_t line_addr, uint32_t sector_mask);
  // Drops the line (its dirty sectors are returned so the caller can write them back).
  Victim invalidate(uint64_t line_addr);
  // Drops every line; calls `writeback(line_addr, dirty_mask)` for each line with dirty sectors.
  template <typename F>
  void invalidate_all(F&& writeback) {
    for (Line& l : lines_) {
      if (l.valid && l.dirty != 0) writeback(l.tag_addr, l.dirty);
      if (l.valid) index_.erase(l.tag_addr);
      l = Line{};
    }
    std::fill(valid_in_set_.begin(), valid_in_set_.end(), 0);
    policy_->reset();
  }

  uint32_t sets() const { return sets_; }
  uint32_t ways() const { return ways_; }
  uint32_t line_bytes() const { return line_bytes_; }
  uint32_t sector_bytes() const { return sector_bytes_; }
  uint32_t sectors_per_line() const { return line_bytes_ / sector_bytes_; }
  uint64_t line_of(uint64_t addr) const { return addr & ~uint64_t(line_bytes_ - 1); }
  uint32_t set_of(uint64_t line_addr) const;

 private:
  struct Line {
    bool valid = false;
    uint64_t tag_addr = 0;  // the line address
    uint32_t valid_mask = 0;
    uint32_t dirty = 0;
  };
  // The present line, or nullptr.
  Line* line(uint64_t line_addr);

  uint32_t sets_, ways_, line_bytes_, sector_bytes_;
  unsigned line_shift_;
  std::vector<uint64_t> skip_bits_;  // single-bit masks of index_skip_mask, highest first
  uint32_t full_mask_;       // one bit per sector of a line; requested masks are clipped to it
  std::vector<Line> lines_;  // sets_ * ways_, set-major
  std::vector<uint32_t> valid_in_set_;  // valid lines per set
  LineSlotMap index_;                   // present line -> its index in lines_
  std::unique_ptr<SetIndexHash> hash_;
  std::unique_ptr<ReplacementPolicy> policy_;
};

}  // namespace warpsim
