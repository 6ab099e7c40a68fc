// Typed access to a loaded Config. Range checks live here, not in the schema, because the valid
// range of a key is a property of the component that uses it.
#include "sim/config/config.h"

#include <charconv>
#include <stdexcept>

#include "sim/config/suggest.h"
#include "sim/error.h"

namespace warpsim {

namespace {

// Shortest round-trip spelling ("3.5", "1e+20"), locale-independent unlike std::to_string.
std::string format_bound(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, ec == std::errc() ? end : buf);
}

}  // namespace

const Config::Leaf& Config::leaf(const std::string& key) const {
  auto it = leaves_.find(key);
  if (it == leaves_.end()) {
    throw std::logic_error("config key '" + key + "' is not declared in the schema (base.yaml)");
  }
  return it->second;
}

const Config::Leaf& Config::typed_leaf(const std::string& key, config::Type a,
                                       config::Type b) const {
  const Leaf& l = leaf(key);
  if (l.value.type != a && l.value.type != b) {
    throw std::logic_error("config key '" + key + "' is a " + config::type_name(l.value.type) +
                           " in the schema, read as a " + config::type_name(a));
  }
  return l;
}

int64_t Config::get_int(const std::string& key, int64_t min, int64_t max) const {
  if (min > max) throw std::logic_error("get_int(" + key + "): empty range");
  const Leaf& l = typed_leaf(key, config::Type::integer, config::Type::integer);
  if (l.value.i < min || l.value.i > max) {
    fail(key, key + " = " + std::to_string(l.value.i) + " is out of range [" + std::to_string(min) +
                  ", " + std::to_string(max) + "]");
  }
  return l.value.i;
}

double Config::get_double(const std::string& key, double min, double max) const {
  if (!(min <= max)) throw std::logic_error("get_double(" + key + "): empty range");
  const Leaf& l = typed_leaf(key, config::Type::floating, config::Type::integer);
  const double v =
      l.value.type == config::Type::integer ? static_cast<double>(l.value.i) : l.value.d;
  if (v < min || v > max) {
    fail(key, key + " = " + l.value.s + " is out of range [" + format_bound(min) + ", " +
                  format_bound(max) + "]");
  }
  return v;
}

bool Config::get_bool(const std::string& key) const {
  return typed_leaf(key, config::Type::boolean, config::Type::boolean).value.b;
}

std::string Config::get_string(const std::string& key) const {
  return typed_leaf(key, config::Type::string, config::Type::string).value.s;
}

std::string Config::get_choice(const std::string& key,
                               const std::vector<std::string>& valid) const {
  std::string value = get_string(key);
  for (const std::string& v : valid) {
    if (v == value) return value;
  }
  std::string problem = key + " = '" + value + "' is not one of:";
  for (size_t k = 0; k < valid.size(); ++k) problem += (k == 0 ? " " : ", ") + valid[k];
  const std::string suggestion = config::closest(value, valid);
  if (!suggestion.empty()) problem += " (did you mean '" + suggestion + "'?)";
  fail(key, problem);
}

std::vector<std::pair<std::string, int64_t>> Config::get_int_table(const std::string& table,
                                                                   int64_t min, int64_t max) const {
  auto t = tables_.find(table);
  if (t == tables_.end() || t->second != config::Type::integer) {
    throw std::logic_error("config key '" + table + "' is not a table of ints in the schema (base.yaml)");
  }
  std::vector<std::pair<std::string, int64_t>> out;
  const std::string prefix = table + ".";
  for (auto it = leaves_.lower_bound(prefix); it != leaves_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
       ++it) {
    out.emplace_back(it->first.substr(prefix.size()), get_int(it->first, min, max));
  }
  return out;
}

bool Config::has(const std::string& key) const { return leaves_.count(key) != 0; }

Config::Origin Config::origin(const std::string& key) const { return leaf(key).origin; }

void Config::fail(const std::string& key, const std::string& problem) const {
  const Origin& o = leaf(key).origin;
  throw InputError(o.file, o.line, problem);
}

std::vector<std::string> Config::keys() const {
  std::vector<std::string> result;
  result.reserve(leaves_.size());
  for (const auto& [key, l] : leaves_) result.push_back(key);
  return result;
}

}  // namespace warpsim
