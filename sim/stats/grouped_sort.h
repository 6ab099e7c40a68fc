// Sorting counters by (location, name) when there are ~10^4 of them but only ~10^3 locations:
// each component registers a handful of names at one location, so sorting the distinct
// locations and then each location's few names costs far fewer string comparisons than one sort
// of every row (which dominated the fixed cost of a short run).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace warpsim::stats {

// Returns the indices 0..n-1 ordered by (group_of(i), location_of(i), name_of(i)), with
// locations compared by loc_less and names by name_less; indices that compare equal keep their
// relative order. group_of gives a small integer key sorted before the location (e.g. a kernel
// sequence number; return 0 when there is none). The string views must outlive the call.
template <typename GroupOf, typename LocationOf, typename NameOf, typename LocLess, typename NameLess>
std::vector<uint32_t> grouped_order(size_t n, GroupOf group_of, LocationOf location_of, NameOf name_of,
                                    LocLess loc_less, NameLess name_less) {
  struct Group {
    int64_t group;
    std::string_view location;
    std::vector<uint32_t> members;  // arrival order
  };
  std::vector<Group> groups;
  std::unordered_map<std::string_view, std::vector<uint32_t>> by_location;  // -> group indices
  for (uint32_t i = 0; i < n; ++i) {
    const int64_t g = group_of(i);
    const std::string_view loc = location_of(i);
    // Rows of one location usually arrive together: check the last group before hashing.
    if (!groups.empty() && groups.back().group == g && groups.back().location == loc) {
      groups.back().members.push_back(i);
      continue;
    }
    std::vector<uint32_t>& candidates = by_location[loc];
    auto it = std::find_if(candidates.begin(), candidates.end(),
                           [&](uint32_t k) { return groups[k].group == g; });
    if (it != candidates.end()) {
      groups[*it].members.push_back(i);
      continue;
    }
    candidates.push_back(uint32_t(groups.size()));
    groups.push_back({g, loc, {i}});
  }
  std::sort(groups.begin(), groups.end(), [&](const Group& a, const Group& b) {
    if (a.group != b.group) return a.group < b.group;
    return loc_less(a.location, b.location);
  });
  std::vector<uint32_t> order;
  order.reserve(n);
  for (Group& g : groups) {
    std::stable_sort(g.members.begin(), g.members.end(),
                     [&](uint32_t a, uint32_t b) { return name_less(name_of(a), name_of(b)); });
    order.insert(order.end(), g.members.begin(), g.members.end());
  }
  return order;
}

}  // namespace warpsim::stats
