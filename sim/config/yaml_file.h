// Reading config YAML with every failure turned into an InputError at a 1-based line.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace warpsim::config {

// Parses the file at `path`. Throws InputError(path, 0, "cannot open config file") when it cannot
// be read and InputError(path, line, yaml-cpp's message) when it is not valid YAML.
YAML::Node parse_yaml_file(const std::string& path);

// 1-based line of `node` (yaml-cpp's Mark is 0-based), 0 when unknown.
int line_of(const YAML::Node& node);

// One `key: value` of a mapping, with the line of the key.
struct Entry {
  std::string key;
  int line = 0;
  YAML::Node value;
};

// The entries of mapping `map` in file order. yaml-cpp silently keeps both copies of a repeated
// key, so repeats are rejected here (InputError at the second), as are non-scalar keys.
std::vector<Entry> map_entries(const YAML::Node& map, const std::string& path);

}  // namespace warpsim::config
