#include "sim/analysis/suite_fields.h"

#include <filesystem>

#include "sim/config/yaml_file.h"
#include "sim/error.h"

namespace warpsim::analysis {

namespace fs = std::filesystem;

std::string resolve_path(const std::string& dir, const std::string& p) {
  return fs::path(p).is_absolute() ? p : (fs::path(dir) / p).lexically_normal().string();
}

std::string scalar_field(const YAML::Node& n, const std::string& path, const std::string& what) {
  if (!n.IsScalar()) throw InputError(path, config::line_of(n), what + " must be a single value");
  return n.Scalar();
}

std::vector<std::string> scalar_list_field(const YAML::Node& n, const std::string& path, const std::string& what) {
  if (n.IsScalar()) return {n.Scalar()};
  if (!n.IsSequence()) throw InputError(path, config::line_of(n), what + " must be a value or a list of values");
  std::vector<std::string> out;
  for (const YAML::Node& x : n) out.push_back(scalar_field(x, path, what));
  return out;
}

std::vector<std::string> config_field(const YAML::Node& n, const std::string& path, const std::string& dir) {
  std::vector<std::string> out;
  for (const std::string& c : scalar_list_field(n, path, "config")) {
    const bool file = c.find('/') != std::string::npos || fs::path(c).extension() == ".yaml";
    out.push_back(file ? resolve_path(dir, c) : c);
  }
  return out;
}

}  // namespace warpsim::analysis
