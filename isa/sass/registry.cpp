// CUDA binary version -> SASS table. Data, not branches: adding an architecture is one table file
// and its rows here.
#include "isa/sass/tables.h"

namespace warpsim::sass {

namespace {

struct Registration {
  int binary_version;
  const SassTable& (*table)();
};

// Ascending by binary version.
constexpr Registration kRegistry[] = {
    {30, kepler_table},
    {32, kepler_table},
    {35, kepler_table},
    {37, kepler_table},
    {50, maxwell_pascal_table},
    {52, maxwell_pascal_table},
    {53, maxwell_pascal_table},
    {60, maxwell_pascal_table},
    {61, maxwell_pascal_table},
    {62, maxwell_pascal_table},
    {70, volta_table},
    {72, volta_table},
    {75, turing_table},
    {80, ampere_table},
    {86, ampere_table},
    {87, ampere_table},
    {89, ada_table},
    {90, hopper_table},
};

}  // namespace

const SassTable* table_for_binary_version(int version) {
  for (const Registration& r : kRegistry)
    if (r.binary_version == version) return &r.table();
  return nullptr;
}

const SassTable* nearest_table_at_or_below(int version) {
  const SassTable* best = nullptr;
  for (const Registration& r : kRegistry)
    if (r.binary_version <= version) best = &r.table();
  return best;
}

std::string supported_binary_versions() {
  std::string s;
  for (const Registration& r : kRegistry) {
    if (!s.empty()) s += ", ";
    s += std::to_string(r.binary_version);
  }
  return s;
}

std::vector<std::pair<int, const SassTable*>> registered_tables() {
  std::vector<std::pair<int, const SassTable*>> out;
  for (const Registration& r : kRegistry) out.emplace_back(r.binary_version, &r.table());
  return out;
}

}  // namespace warpsim::sass
