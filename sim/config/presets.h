// Where presets live and how a `-c` / `inherit` argument names one (internal to sim/config).
#pragma once

#include <string>
#include <vector>

namespace warpsim::config {

// The schema preset; every resolution starts from it.
inline constexpr const char* kSchemaPreset = "base";

// True when `arg` names a preset ("v100") rather than a file ("my.yaml", "dir/x").
bool is_preset_name(const std::string& arg);

// presets_dir/NAME.yaml
std::string preset_path(const std::string& presets_dir, const std::string& name);

// Names of the presets in `presets_dir` except the schema, sorted. Throws InputError when the
// directory cannot be read.
std::vector<std::string> preset_names(const std::string& presets_dir);

// "unknown preset 'x' (available in DIR: a, b)"
std::string unknown_preset_problem(const std::string& name, const std::string& presets_dir);

}  // namespace warpsim::config
