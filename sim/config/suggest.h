// "Did you mean ...?" for misspelled config keys and choices.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace warpsim::config {

// Optimal-string-alignment distance: insertions, deletions, substitutions and transpositions of
// adjacent characters each cost 1 (a swapped pair is the commonest typo in a key name).
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate that `wrong` most plausibly misspells, or "" when none is close. Dotted keys are
// compared both whole ("core.num_sm" -> "core.num_sms") and by their last component, so a key
// written in the wrong section ("num_sms" -> "core.num_sms") is found too.
std::string closest(const std::string& wrong, const std::vector<std::string>& candidates);

}  // namespace warpsim::config
