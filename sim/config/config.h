// The resolved simulator configuration (DESIGN.md §4).
//
// Contract:
// - `models/presets/base.yaml` is the schema: it declares every valid key with its default, and
//   the YAML type of that default (int, float, bool, string) is the key's type. Nested mappings
//   are sections; keys are addressed by dotted path ("core.latency.fp32").
// - Every other file may name a parent with a top-level `inherit: NAME|PATH`. Loading starts from
//   base's defaults; each `-c` argument then applies its inherit chain (oldest ancestor first, base
//   itself skipped because it is already the starting point) and finally itself. A file only
//   overrides the keys it writes, so `-c tiny -c mychanges` keeps tiny's values unless mychanges
//   (or one of its ancestors other than base) writes them. `--set key=value` arguments come last.
// - Every bad input (unknown key, wrong type, malformed YAML, missing file, inherit cycle, value
//   out of range) throws warpsim::InputError naming the file and 1-based line that caused it, or
//   "--set". Asking for a key the schema does not declare, or with the wrong accessor type, is a
//   programming error and throws std::logic_error.
// - A schema section written as `name: {"*": DEFAULT}` is a table: its keys are not declared but
//   chosen by the files (`core.op_latency: {MUFU.SIN: 8}`), may contain dots, and all take the
//   type of DEFAULT. It starts empty; a file or `--set table.KEY=value` adds or replaces one
//   entry, and a component reads the whole table (get_int_table).
// - A Config is an immutable value once loaded: components read it while the model is built.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/config/config_value.h"

namespace warpsim {

class Config {
 public:
  // Where a key's current value came from: a file and its 1-based line, or "--set" with line 0.
  struct Origin {
    std::string file;
    int line = 0;
  };

  // Resolves base + `configs` (in order; later wins) + `sets` (in order; last wins).
  // A config argument without '/' and without a ".yaml" suffix is a preset name, read from
  // `presets_dir`/NAME.yaml; anything else is a file path. No configs means {"v100"}.
  // `sets` are "section.key=value" strings whose value is parsed as a YAML scalar.
  static Config load(const std::vector<std::string>& configs, const std::vector<std::string>& sets,
                     const std::string& presets_dir);

  // (name, description) of every preset in `presets_dir` except the schema (base), sorted by
  // name. The description is the preset's own top-level `description`, "" when it sets none.
  static std::vector<std::pair<std::string, std::string>> list_presets(
      const std::string& presets_dir);

  // Typed getters. Range and choice violations throw InputError at the key's Origin, e.g.
  // "models/presets/v100.yaml:12: core.num_sms = 0 is out of range [1, 4096]".
  int64_t get_int(const std::string& key, int64_t min, int64_t max) const;
  // Also accepts int keys (widened); the range is inclusive.
  double get_double(const std::string& key, double min, double max) const;
  bool get_bool(const std::string& key) const;
  std::string get_string(const std::string& key) const;
  // A string key whose value must be one of `valid` (e.g. the names of registered schedulers).
  std::string get_choice(const std::string& key, const std::vector<std::string>& valid) const;
  // A table's entries (KEY without the table's prefix, value), sorted by KEY; values outside
  // [min, max] throw InputError at the entry's Origin. std::logic_error unless the schema
  // declares `table` as a table of ints.
  std::vector<std::pair<std::string, int64_t>> get_int_table(const std::string& table, int64_t min,
                                                             int64_t max) const;
  // True when the schema declares `key` as a value (not a section), or it is a table's entry.
  bool has(const std::string& key) const;

  // Where `key`'s value was set, for components that reject a combination of keys.
  Origin origin(const std::string& key) const;
  // Throws InputError at `key`'s Origin with `problem` as the message.
  [[noreturn]] void fail(const std::string& key, const std::string& problem) const;
  // All value keys, dotted, sorted.
  std::vector<std::string> keys() const;

  // Canonical JSON of the resolved config: nested objects, keys sorted bytewise, no whitespace,
  // ints as integers, floats as the shortest text that round-trips and always carries a '.' or an
  // exponent ("2.0", "0.1", "1e+20"), strings JSON-escaped (UTF-8 passed through), true/false.
  std::string to_json() const;
  // FNV-1a 64-bit of to_json() as 16 lowercase hex digits (runs.config_hash, DESIGN.md §7).
  std::string hash() const;
  // The `-c` arguments' stems joined with '+' ("v100", "tiny+mychanges"); --set is not named,
  // the JSON holds its effect.
  const std::string& name() const { return name_; }

 private:
  struct Leaf {
    config::Value value;
    Origin origin;
  };
  Config() = default;

  // The leaf for `key`; std::logic_error when the schema does not declare it.
  const Leaf& leaf(const std::string& key) const;
  // As leaf(), and std::logic_error unless its type is one of `a`, `b`.
  const Leaf& typed_leaf(const std::string& key, config::Type a, config::Type b) const;

  friend class ConfigLoader;  // builds leaves_ and sections_ (config_loader.cpp)

  std::map<std::string, Leaf> leaves_;  // dotted key -> current value; declared by the schema
  std::set<std::string> sections_;      // dotted section paths declared by the schema
  std::map<std::string, config::Type> tables_;  // table path -> its values' type
  std::string name_;
};

// The presets directory: $WARPSIM_PRESETS when set and non-empty, else
// WARPSIM_SOURCE_DIR "/models/presets" (compile definition from the root CMakeLists), else the
// relative "models/presets".
std::string default_presets_dir();

}  // namespace warpsim
