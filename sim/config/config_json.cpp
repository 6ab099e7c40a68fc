// The canonical JSON form of a resolved config and its hash (DESIGN.md §7: runs.config_json and
// runs.config_hash). Two runs with the same effective configuration must produce the same bytes,
// whatever files and --set arguments produced it, so every choice here is fixed: key order,
// number spelling, escaping.
#include <charconv>
#include <cstdio>
#include <map>
#include <string_view>

#include "sim/config/config.h"
#include "sim/util/json.h"

namespace warpsim {

namespace {

void append_value(std::string* out, const config::Value& v) {
  switch (v.type) {
    case config::Type::integer: *out += std::to_string(v.i); break;
    case config::Type::floating: *out += json::number(v.d); break;
    case config::Type::boolean: *out += v.b ? "true" : "false"; break;
    case config::Type::string: json::append_string(out, v.s); break;
  }
}

// Dotted keys regrouped into sections; std::map gives the bytewise key order per object (sorting
// the dotted paths themselves would not: "a.b" sorts after "a-c" but "a" sorts before "a-c").
struct JsonNode {
  std::map<std::string, JsonNode> children;
  const config::Value* value = nullptr;
};

// `leaf_from`: where the last name starts when it may itself contain dots (a table's entry).
JsonNode& at_path(JsonNode* root, const std::string& dotted, size_t leaf_from = std::string::npos) {
  JsonNode* node = root;
  size_t start = 0;
  while (true) {
    const size_t dot = start >= leaf_from ? std::string::npos : dotted.find('.', start);
    node = &node->children[dotted.substr(start, dot - start)];
    if (dot == std::string::npos) return *node;
    start = dot + 1;
  }
}

void append_node(std::string* out, const JsonNode& node) {
  if (node.value != nullptr) {
    append_value(out, *node.value);
    return;
  }
  out->push_back('{');
  bool first = true;
  for (const auto& [key, child] : node.children) {
    if (!first) out->push_back(',');
    first = false;
    json::append_string(out, key);
    out->push_back(':');
    append_node(out, child);
  }
  out->push_back('}');
}

}  // namespace

std::string Config::to_json() const {
  JsonNode root;
  for (const std::string& section : sections_) at_path(&root, section);  // empty ones as {}
  for (const auto& [table, type] : tables_) at_path(&root, table);
  for (const auto& [key, l] : leaves_) {
    // A table's entry is one JSON key under its table, dots and all.
    size_t leaf_from = std::string::npos;
    for (const auto& [table, type] : tables_) {
      if (key.size() > table.size() && key.compare(0, table.size(), table) == 0 && key[table.size()] == '.') {
        leaf_from = table.size() + 1;
      }
    }
    at_path(&root, key, leaf_from).value = &l.value;
  }
  std::string out;
  append_node(&out, root);
  return out;
}

std::string Config::hash() const {
  // FNV-1a 64-bit: the offset basis and prime are the published FNV constants.
  uint64_t h = 14695981039346656037ULL;
  for (const char c : to_json()) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

}  // namespace warpsim
