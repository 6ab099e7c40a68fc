// Preset discovery: names, paths, the listing behind `warpsim presets`, the default directory.
#include "sim/config/presets.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "sim/config/config.h"
#include "sim/config/yaml_file.h"
#include "sim/error.h"

namespace warpsim::config {

namespace fs = std::filesystem;

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

bool is_preset_name(const std::string& arg) {
  return arg.find('/') == std::string::npos && !ends_with(arg, ".yaml");
}

std::string preset_path(const std::string& presets_dir, const std::string& name) {
  return (fs::path(presets_dir) / (name + ".yaml")).string();
}

std::vector<std::string> preset_names(const std::string& presets_dir) {
  std::error_code ec;
  fs::directory_iterator it(presets_dir, ec);
  if (ec) throw InputError(presets_dir, 0, "cannot read presets directory: " + ec.message());
  std::vector<std::string> names;
  for (const fs::directory_entry& entry : it) {
    const fs::path& p = entry.path();
    if (p.extension() != ".yaml" || entry.is_directory(ec)) continue;
    const std::string stem = p.stem().string();
    if (stem != kSchemaPreset) names.push_back(stem);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string unknown_preset_problem(const std::string& name, const std::string& presets_dir) {
  std::string problem = "unknown preset '" + name + "' (available in " + presets_dir + ":";
  std::error_code ec;
  if (!fs::is_directory(presets_dir, ec)) return problem + " none, the directory does not exist)";
  const std::vector<std::string> names = preset_names(presets_dir);
  if (names.empty()) problem += " none";
  for (size_t k = 0; k < names.size(); ++k) problem += (k == 0 ? " " : ", ") + names[k];
  return problem + ")";
}

}  // namespace warpsim::config

namespace warpsim {

std::vector<std::pair<std::string, std::string>> Config::list_presets(
    const std::string& presets_dir) {
  std::vector<std::pair<std::string, std::string>> presets;
  for (const std::string& name : config::preset_names(presets_dir)) {
    const std::string path = config::preset_path(presets_dir, name);
    const YAML::Node root = config::parse_yaml_file(path);
    std::string description;
    // Only the preset's own description: an inherited one would describe its parent.
    if (root.IsMap()) {
      for (const config::Entry& entry : config::map_entries(root, path)) {
        if (entry.key == "description" && entry.value.IsScalar())
          description = entry.value.Scalar();
      }
    }
    presets.emplace_back(name, description);
  }
  return presets;
}

std::string default_presets_dir() {
  const char* env = std::getenv("WARPSIM_PRESETS");
  if (env != nullptr && *env != '\0') return env;
  // An installed binary (PREFIX/bin/warpsim) uses the presets installed beside it, wherever the
  // tree was installed or copied to; a binary in the build tree uses the sources'.
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const std::filesystem::path installed = exe.parent_path().parent_path() / "share" / "warpsim" / "presets";
    if (std::filesystem::is_directory(installed, ec)) return installed.string();
  }
#ifdef WARPSIM_SOURCE_DIR
  return std::string(WARPSIM_SOURCE_DIR) + "/models/presets";
#else
  return "models/presets";
#endif
}

}  // namespace warpsim
