#include "models/core/instruction_fetch.h"

#include <algorithm>
#include <stdexcept>
#include <tuple>

#include "sim/config/config.h"

namespace warpsim {

namespace {

SectorTagsParams tags_params(uint64_t bytes, uint32_t sets, uint32_t line_bytes) {
  SectorTagsParams t;
  t.size_bytes = bytes;
  t.line_bytes = line_bytes;
  t.sector_bytes = line_bytes;  // instruction lines are filled whole
  t.ways = uint32_t(bytes / (uint64_t(sets) * line_bytes));
  return t;
}

}  // namespace

InstructionFetchParams InstructionFetchParams::from_config(const Config& cfg) {
  InstructionFetchParams p;
  auto u = [&](const std::string& key, int64_t lo, int64_t hi) { return uint32_t(cfg.get_int(key, lo, hi)); };
  p.perfect = cfg.get_choice("core.fetch.icache", {"cached", "perfect"}) == "perfect";
  p.line_bytes = u("core.fetch.line_bytes", 16, 4096);
  p.l0_bytes = u("core.fetch.l0_bytes", 1, 1 << 30);
  p.l0_sets = u("core.fetch.l0_sets", 1, 1 << 24);
  p.l1_bytes = u("core.fetch.l1_bytes", 1, 1 << 30);
  p.l1_sets = u("core.fetch.l1_sets", 1, 1 << 24);
  p.l1_latency = u("core.fetch.l1_latency", 1, 100000);
  p.miss_latency = u("core.fetch.miss_latency", 1, 100000);
  p.taken_branch_penalty = u("core.fetch.taken_branch_penalty", 0, 100000);
  p.prefetch_lines = u("core.fetch.prefetch_lines", 0, 1024);
  // The geometry must make real caches; checked here so the error names the key.
  for (const auto& [bytes, sets, key] : {std::tuple{p.l0_bytes, p.l0_sets, "core.fetch.l0_sets"},
                                         std::tuple{p.l1_bytes, p.l1_sets, "core.fetch.l1_sets"}}) {
    const uint64_t set_bytes = uint64_t(sets) * p.line_bytes;
    if (bytes % set_bytes != 0) {
      cfg.fail(key, std::string(key) + ": " + std::to_string(bytes) + " B is not a whole number of ways of " +
                        std::to_string(sets) + " sets x " + std::to_string(p.line_bytes) + " B lines");
    }
    try {
      SectorTags check(tags_params(bytes, sets, p.line_bytes));
    } catch (const std::invalid_argument& e) {
      cfg.fail(key, std::string(key) + ": " + e.what());
    }
  }
  return p;
}

InstructionFetch::InstructionFetch(const InstructionFetchParams& p, uint32_t subcores,
                                   stats::CounterRegistry& counters, const std::string& sm)
    : p_(p), l0_(subcores) {
  if (p_.perfect) return;  // no state, no counters: nothing is ever fetched
  for (uint32_t i = 0; i < subcores; ++i) {
    const std::string loc = sm + ".sched[" + std::to_string(i) + "].l0i";
    l0_[i].tags = std::make_unique<SectorTags>(tags_params(p_.l0_bytes, p_.l0_sets, p_.line_bytes));
    l0_[i].accesses = &counters.counter(loc, "accesses");
    l0_[i].misses = &counters.counter(loc, "misses");
    l0_[i].prefetches = &counters.counter(loc, "prefetches");
  }
  l1_.tags = std::make_unique<SectorTags>(tags_params(p_.l1_bytes, p_.l1_sets, p_.line_bytes));
  l1_.accesses = &counters.counter(sm + ".l1i", "accesses");
  l1_.misses = &counters.counter(sm + ".l1i", "misses");
  l1_.prefetches = &counters.counter(sm + ".l1i", "prefetches");
}

template <typename FillAt>
uint64_t InstructionFetch::Level::lookup(uint64_t line, uint64_t cycle, bool demand, FillAt fill_at) {
  if (demand) ++*accesses;
  // Fills that have arrived are plain lines now.
  filling.erase(std::remove_if(filling.begin(), filling.end(), [&](const auto& f) { return f.second <= cycle; }),
                filling.end());
  if (tags->probe(line, 1).outcome == SectorTags::Outcome::hit) {
    tags->touch(line);
    for (const auto& [l, at] : filling) {
      if (l == line) return at;
    }
    return 0;
  }
  ++*(demand ? misses : prefetches);
  const uint64_t at = fill_at();
  tags->allocate(line);
  tags->fill(line, 1);
  filling.emplace_back(line, at);
  return at;
}

uint64_t InstructionFetch::fill(uint32_t subcore, uint64_t line, uint64_t cycle, bool demand) {
  return l0_[subcore].lookup(line, cycle, demand, [&] {
    const uint64_t l1 = l1_.lookup(line, cycle, demand, [&] { return cycle + p_.miss_latency; });
    return std::max(l1, cycle + p_.l1_latency);
  });
}

uint64_t InstructionFetch::fetch(uint32_t subcore, uint64_t pc, uint64_t cycle, uint64_t& stream_end) {
  if (p_.perfect) return 0;
  const uint64_t line = line_of(pc);
  const uint64_t ready = fill(subcore, line, cycle, true);
  if (p_.prefetch_lines != 0) {
    // Each warp keeps its next lines coming; only the lines its run has not asked for yet are
    // looked up, so the cost is one lookup per line advanced. A warp that jumped out of its run
    // starts a new one.
    const uint64_t ahead = line + uint64_t(p_.prefetch_lines) * p_.line_bytes;
    if (stream_end < line || stream_end > ahead) stream_end = line;
    for (uint64_t next = stream_end + p_.line_bytes; next <= ahead; next += p_.line_bytes) {
      fill(subcore, next, cycle, false);
    }
    stream_end = ahead;
  }
  return ready;
}

void InstructionFetch::flush() {
  if (p_.perfect) return;
  auto clear = [](Level& level) {
    level.tags->invalidate_all([](uint64_t, uint32_t) {});
    level.filling.clear();
  };
  for (Level& level : l0_) clear(level);
  clear(l1_);
}

}  // namespace warpsim
