// Reading the fields that regression suites and sweep files share: values and lists of values,
// paths relative to the file, and config arguments (a preset name or a YAML file). Every failure
// is an InputError at the value's line.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace warpsim::analysis {

// `p` made relative to the folder `dir` of the file that names it (absolute paths stay).
std::string resolve_path(const std::string& dir, const std::string& p);

// A single value (`what` names it in the error).
std::string scalar_field(const YAML::Node& n, const std::string& path, const std::string& what);

// A value or a list of values.
std::vector<std::string> scalar_list_field(const YAML::Node& n, const std::string& path, const std::string& what);

// Config arguments as `-c` takes them: a bare name is a preset; anything that looks like a file
// (a '/' or a .yaml suffix) is resolved against `dir`.
std::vector<std::string> config_field(const YAML::Node& n, const std::string& path, const std::string& dir);

}  // namespace warpsim::analysis
