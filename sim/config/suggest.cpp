#include "sim/config/suggest.h"

#include <algorithm>
#include <limits>
#include <tuple>

namespace warpsim::config {

size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rolling rows: the transposition term looks two rows back.
  std::vector<size_t> before(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], before[j - 2] + 1);
      }
    }
    std::swap(before, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

namespace {

std::string_view last_component(std::string_view key) {
  const size_t dot = key.rfind('.');
  return dot == std::string_view::npos ? key : key.substr(dot + 1);
}

// A typo, not a different word: at most a third of the shorter string changed (at least one
// edit allowed), and never all of it.
bool close_enough(std::string_view a, std::string_view b, size_t distance) {
  const size_t shorter = std::min(a.size(), b.size());
  return distance <= std::max<size_t>(1, shorter / 3) && distance < shorter;
}

}  // namespace

std::string closest(const std::string& wrong, const std::vector<std::string>& candidates) {
  constexpr size_t none = std::numeric_limits<size_t>::max();
  // Best by (distance by either measure, whole-key distance, name), so ties are deterministic.
  std::tuple<size_t, size_t, std::string> best{none, none, ""};
  const std::string_view wrong_last = last_component(wrong);
  for (const std::string& candidate : candidates) {
    const size_t whole = edit_distance(wrong, candidate);
    const std::string_view cand_last = last_component(candidate);
    const size_t last = edit_distance(wrong_last, cand_last);
    size_t score = none;
    if (close_enough(wrong, candidate, whole)) score = whole;
    if (close_enough(wrong_last, cand_last, last)) score = std::min(score, last);
    if (score == none) continue;
    best = std::min(best, std::make_tuple(score, whole, candidate));
  }
  return std::get<2>(best);
}

}  // namespace warpsim::config
