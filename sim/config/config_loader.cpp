// Config::load: schema from base.yaml, then each -c argument's inherit chain and body, then --set.
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>

#include "sim/config/config.h"
#include "sim/config/presets.h"
#include "sim/config/scalar.h"
#include "sim/config/suggest.h"
#include "sim/config/yaml_file.h"
#include "sim/error.h"

namespace warpsim {

namespace fs = std::filesystem;
using config::Entry;

// Holds the Config under construction; friend of Config so that it alone writes the leaves.
class ConfigLoader {
 public:
  explicit ConfigLoader(std::string presets_dir)
      : presets_dir_(std::move(presets_dir)),
        schema_path_(config::preset_path(presets_dir_, config::kSchemaPreset)),
        schema_identity_(identity(schema_path_)) {}

  Config run(const std::vector<std::string>& configs, const std::vector<std::string>& sets) {
    load_schema();
    const std::vector<std::string> chosen =
        configs.empty() ? std::vector<std::string>{"v100"} : configs;
    for (const std::string& arg : chosen) {
      std::string path = arg;
      if (config::is_preset_name(arg)) {
        path = config::preset_path(presets_dir_, arg);
        std::error_code ec;
        if (!fs::exists(path, ec)) {
          throw InputError("-c", 0, config::unknown_preset_problem(arg, presets_dir_));
        }
      }
      std::vector<std::string> chain;
      apply_chain(path, &chain);
      if (!cfg_.name_.empty()) cfg_.name_ += "+";
      cfg_.name_ += config::is_preset_name(arg) ? arg : fs::path(arg).stem().string();
    }
    for (const std::string& set : sets) apply_set(set);
    return std::move(cfg_);
  }

 private:
  // Two spellings of one file ("presets/../presets/x.yaml") must compare equal for cycle checks.
  static std::string identity(const std::string& path) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(path, ec);
    return ec ? path : canonical.string();
  }

  // ---- schema ----

  void load_schema() {
    const YAML::Node root = config::parse_yaml_file(schema_path_);
    if (!root.IsMap())
      throw InputError(schema_path_, line_of(root), "the schema must be a mapping");
    declare_section(root, "");
  }

  void declare_section(const YAML::Node& map, const std::string& prefix) {
    for (const Entry& entry : config::map_entries(map, schema_path_)) {
      // Dots separate sections in key paths, so a schema name cannot contain one.
      if (entry.key.empty() || entry.key.find('.') != std::string::npos) {
        throw InputError(schema_path_, entry.line,
                         "schema key '" + entry.key + "' must be non-empty and contain no '.'");
      }
      if (prefix.empty() && entry.key == "inherit") {
        throw InputError(schema_path_, entry.line, "the schema (base) cannot inherit");
      }
      const std::string key = prefix + entry.key;
      if (is_table_declaration(entry.value)) {
        declare_table(key, entry);
        continue;
      }
      if (entry.value.IsMap()) {
        cfg_.sections_.insert(key);
        declare_section(entry.value, key + ".");
        continue;
      }
      if (entry.value.IsSequence()) {
        throw InputError(schema_path_, entry.line, key + ": lists are not supported");
      }
      const config::Scalar scalar = config::read_scalar(entry.value);
      if (scalar.kind == config::Scalar::Kind::null) {
        throw InputError(schema_path_, entry.line,
                         key + " has no default; the schema must give every key a default value");
      }
      if (scalar.kind == config::Scalar::Kind::too_large) {
        throw InputError(schema_path_, entry.line, key + " = " + scalar.value.s + " is too large");
      }
      cfg_.leaves_[key] = Config::Leaf{scalar.value, {schema_path_, entry.line}};
    }
  }

  static bool is_table_declaration(const YAML::Node& node) {
    return node.IsMap() && node.size() == 1 && node.begin()->first.IsScalar() &&
           node.begin()->first.Scalar() == "*";
  }

  void declare_table(const std::string& key, const Entry& entry) {
    const config::Scalar scalar = config::read_scalar(entry.value.begin()->second);
    if (scalar.kind == config::Scalar::Kind::null || scalar.kind == config::Scalar::Kind::too_large) {
      throw InputError(schema_path_, entry.line, key + ": a table's \"*\" must give a value of its type");
    }
    cfg_.tables_[key] = scalar.value.type;
  }

  // The table whose entry `key` is ("core.op_latency" for "core.op_latency.MUFU.SIN"), or "".
  std::string table_of(const std::string& key) const {
    for (const auto& [table, type] : cfg_.tables_) {
      if (key.size() > table.size() + 1 && key.compare(0, table.size(), table) == 0 && key[table.size()] == '.') {
        return table;
      }
    }
    return "";
  }

  void assign_table_entry(const std::string& table, const std::string& key, const config::Scalar& scalar,
                          const Config::Origin& origin) {
    std::string problem;
    std::optional<config::Value> value = config::coerce(scalar, cfg_.tables_.at(table), key, &problem);
    if (!value) throw InputError(origin.file, origin.line, problem);
    cfg_.leaves_[key] = Config::Leaf{std::move(*value), origin};
  }

  // ---- files ----

  // Applies the inherit chain of the file at `path` (oldest first, base excluded) and then the
  // file itself. `chain` holds the files whose inherit is being followed, for cycle detection.
  void apply_chain(const std::string& path, std::vector<std::string>* chain) {
    const YAML::Node root = config::parse_yaml_file(path);
    if (!root.IsMap() && !root.IsNull()) {
      throw InputError(path, line_of(root), "a config file must be a mapping of keys");
    }
    const std::vector<Entry> entries =
        root.IsMap() ? config::map_entries(root, path) : std::vector<Entry>{};
    chain->push_back(path);
    for (const Entry& entry : entries) {
      if (entry.key != "inherit") continue;
      const std::string parent = resolve_inherit(entry, path);
      const std::string parent_id = identity(parent);
      // base is where every load starts; re-applying its defaults here would undo earlier -c's.
      if (parent_id == schema_identity_) break;
      for (const std::string& seen : *chain) {
        if (identity(seen) != parent_id) continue;
        std::string cycle;
        for (const std::string& link : *chain) cycle.append(link).append(" -> ");
        throw InputError(path, entry.line, "inherit cycle: " + cycle.append(parent));
      }
      apply_chain(parent, chain);
    }
    chain->pop_back();
    apply_entries(entries, "", path);
  }

  std::string resolve_inherit(const Entry& entry, const std::string& path) {
    const config::Scalar scalar =
        entry.value.IsScalar() ? config::read_scalar(entry.value) : config::Scalar{};
    if (scalar.kind != config::Scalar::Kind::string || scalar.value.s.empty()) {
      throw InputError(path, entry.line, "inherit must name a preset or a .yaml file");
    }
    const std::string& target = scalar.value.s;
    std::error_code ec;
    if (config::is_preset_name(target)) {
      std::string parent = config::preset_path(presets_dir_, target);
      if (!fs::exists(parent, ec)) {
        throw InputError(path, entry.line, config::unknown_preset_problem(target, presets_dir_));
      }
      return parent;
    }
    // A file path is relative to the file that names it, so a config directory can be moved.
    fs::path parent(target);
    if (parent.is_relative()) parent = fs::path(path).parent_path() / parent;
    if (!fs::exists(parent, ec)) {
      throw InputError(path, entry.line,
                       "cannot open inherited config file '" + parent.string() + "'");
    }
    return parent.string();
  }

  void apply_entries(const std::vector<Entry>& entries, const std::string& prefix,
                     const std::string& path) {
    for (const Entry& entry : entries) {
      if (prefix.empty() && entry.key == "inherit") continue;
      // A dotted name in a file ("core.num_sms: 4") means the same as the nested form.
      const std::string key = prefix + entry.key;
      if (cfg_.tables_.count(key) != 0) {
        if (entry.value.IsNull()) continue;
        if (!entry.value.IsMap()) {
          throw InputError(path, entry.line, "'" + key + "' is a table; give it a mapping of entries");
        }
        for (const Entry& e : config::map_entries(entry.value, path)) {
          if (e.key.empty()) throw InputError(path, e.line, key + ": empty table key");
          if (!e.value.IsScalar()) {
            throw InputError(path, e.line, key + "." + e.key + ": a table entry is a single value");
          }
          assign_table_entry(key, key + "." + e.key, config::read_scalar(e.value), {path, e.line});
        }
        continue;
      }
      if (const std::string table = table_of(key); !table.empty()) {
        if (!entry.value.IsScalar()) {
          throw InputError(path, entry.line, key + ": a table entry is a single value");
        }
        assign_table_entry(table, key, config::read_scalar(entry.value), {path, entry.line});
        continue;
      }
      if (cfg_.sections_.count(key) != 0) {
        if (entry.value.IsNull()) continue;  // a section whose keys are all commented out
        if (!entry.value.IsMap()) {
          throw InputError(path, entry.line,
                           "'" + key + "' is a section; give it a mapping of keys, not a value");
        }
        apply_entries(config::map_entries(entry.value, path), key + ".", path);
        continue;
      }
      if (cfg_.leaves_.count(key) == 0) throw InputError(path, entry.line, unknown_key(key));
      if (entry.value.IsMap()) {
        throw InputError(path, entry.line, "'" + key + "' is a value, not a section");
      }
      if (entry.value.IsSequence()) {
        throw InputError(path, entry.line, key + ": lists are not supported");
      }
      assign(key, config::read_scalar(entry.value), {path, entry.line});
    }
  }

  void assign(const std::string& key, const config::Scalar& scalar, const Config::Origin& origin) {
    Config::Leaf& leaf = cfg_.leaves_.at(key);
    std::string problem;
    std::optional<config::Value> value = config::coerce(scalar, leaf.value.type, key, &problem);
    if (!value) throw InputError(origin.file, origin.line, problem);
    leaf.value = std::move(*value);
    leaf.origin = origin;
  }

  std::string unknown_key(const std::string& key) const {
    std::vector<std::string> candidates;
    for (const auto& [name, leaf] : cfg_.leaves_) candidates.push_back(name);
    candidates.insert(candidates.end(), cfg_.sections_.begin(), cfg_.sections_.end());
    const std::string suggestion = config::closest(key, candidates);
    std::string problem = "unknown key '" + key + "'";
    if (!suggestion.empty()) problem += " (did you mean '" + suggestion + "'?)";
    return problem;
  }

  // ---- --set ----

  void apply_set(const std::string& set) {
    const size_t eq = set.find('=');
    if (eq == std::string::npos) {
      throw InputError("--set", 0, "expected section.key=value, got '" + set + "'");
    }
    const std::string key = set.substr(0, eq);
    const std::string text = set.substr(eq + 1);
    if (key.empty()) throw InputError("--set", 0, "empty key in '" + set + "'");
    if (cfg_.sections_.count(key) != 0 || cfg_.tables_.count(key) != 0) {
      throw InputError("--set", 0, "'" + key + "' is a section; set one of its keys");
    }
    const std::string table = table_of(key);
    if (table.empty() && cfg_.leaves_.count(key) == 0) throw InputError("--set", 0, unknown_key(key));
    YAML::Node node;
    try {
      node = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      throw InputError("--set", 0, key + ": cannot parse '" + text + "' as a YAML value: " + e.msg);
    }
    if (!node.IsScalar() && !node.IsNull()) {
      throw InputError("--set", 0, key + ": '" + text + "' is not a single value (quote it?)");
    }
    if (!table.empty()) {
      assign_table_entry(table, key, config::read_scalar(node), {"--set", 0});
    } else {
      assign(key, config::read_scalar(node), {"--set", 0});
    }
  }

  static int line_of(const YAML::Node& node) { return config::line_of(node); }

  std::string presets_dir_;
  std::string schema_path_;
  std::string schema_identity_;
  Config cfg_;
};

Config Config::load(const std::vector<std::string>& configs, const std::vector<std::string>& sets,
                    const std::string& presets_dir) {
  return ConfigLoader(presets_dir).run(configs, sets);
}

}  // namespace warpsim
