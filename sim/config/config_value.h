// A configuration value and its type, as declared by the schema (models/presets/base.yaml).
#pragma once

#include <cstdint>
#include <string>

namespace warpsim::config {

// The type of a key is the YAML type of its default in the schema.
enum class Type { integer, floating, boolean, string };

// "int", "float", "bool", "string": the words used in error messages.
const char* type_name(Type type);

struct Value {
  Type type = Type::string;
  int64_t i = 0;   // integer
  double d = 0.0;  // floating (always finite)
  bool b = false;  // boolean
  std::string s;   // string: the value; other types: the text as written, quoted in messages
};

}  // namespace warpsim::config
