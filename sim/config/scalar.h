// Reading YAML scalars into typed config values.
//
// yaml-cpp hands back text; the type of a plain scalar is resolved here with the YAML 1.2 core
// schema (so `yes`, `on` and `012`-as-octal are not special, unlike YAML 1.1), because a config
// key's type must not depend on spelling quirks. Quoted scalars are always strings.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

#include "sim/config/config_value.h"

namespace warpsim::config {

// What a scalar node holds before it is matched against a key's type.
struct Scalar {
  enum class Kind { null, integer, floating, boolean, string, too_large };
  Kind kind = Kind::null;
  Value value;  // value.type is meaningful for integer, floating, boolean and string
};

// `node` must be a scalar or null node.
Scalar read_scalar(const YAML::Node& node);

// The value for a key of type `wanted`, or std::nullopt plus `problem` when the scalar does not
// fit: "core.num_sms must be an int, got float '4.5'". An int is accepted for a float key, and any
// non-null scalar for a string key (its text as written).
std::optional<Value> coerce(const Scalar& scalar, Type wanted, const std::string& key,
                            std::string* problem);

// The kind of a scalar in words, for messages ("float '4.5'", "nothing (null)").
std::string describe(const Scalar& scalar);

}  // namespace warpsim::config
