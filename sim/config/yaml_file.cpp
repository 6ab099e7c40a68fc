#include "sim/config/yaml_file.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

#include "sim/error.h"

namespace warpsim::config {

YAML::Node parse_yaml_file(const std::string& path) {
  // Read the bytes ourselves so the error names the path; a directory opens fine as a stream
  // and reads as empty, so it is ruled out first.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw InputError(path, 0, "cannot open config file (it is a directory)");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot open config file");
  std::stringstream text;
  text << in.rdbuf();
  try {
    return YAML::Load(text.str());
  } catch (const YAML::Exception& e) {
    throw InputError(path, e.mark.is_null() ? 0 : e.mark.line + 1, "invalid YAML: " + e.msg);
  }
}

int line_of(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.is_null() ? 0 : mark.line + 1;
}

std::vector<Entry> map_entries(const YAML::Node& map, const std::string& path) {
  std::vector<Entry> entries;
  std::map<std::string, int> first_line;
  for (const auto& item : map) {
    const YAML::Node& key = item.first;
    if (!key.IsScalar()) throw InputError(path, line_of(key), "a key must be a plain name");
    Entry entry{key.Scalar(), line_of(key), item.second};
    auto [it, inserted] = first_line.emplace(entry.key, entry.line);
    if (!inserted) {
      throw InputError(
          path, entry.line,
          "duplicate key '" + entry.key + "' (first at line " + std::to_string(it->second) + ")");
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace warpsim::config
