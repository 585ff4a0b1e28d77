#pragma once
// A JSON Schema validator over halint's YAML tree, for the keyword subset our schemas use
// (type, properties, additionalProperties, required, enum, const, pattern, minimum,
// maximum, items, minItems, anyOf, oneOf, $ref to "#/$defs/...", propertyNames,
// description). Used for .halint.yaml (config) and the scheduling fields (HA003).
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "yaml/node.h"

namespace halint::schema {

struct Violation {
  // The offending node (its origin gives file:line:col). For UnknownField it is the key
  // node (the value is the entry's value in the parent map); for Required, the map.
  const yaml::Node* node = nullptr;
  const yaml::Node* key = nullptr;   // for unknown/misspelled fields: the key node
  std::string path;                  // JSON pointer-ish: "spec.template.spec.tolerations[0].effect"
  std::string message;               // "unknown field \"topologySpreadConstraint\""
  std::string suggestion;            // UnknownField: a valid field name within edit distance 2;
                                     // BadEnum: the closest allowed value; else ""
  enum class Kind { UnknownField, WrongType, BadEnum, Minimum, Maximum, Pattern, Required, Other } kind = Kind::Other;
};

class Schema {
 public:
  // Parses a JSON Schema document (JSON is YAML) embedded as schemas/<path> ("schemas/"
  // prefix optional). Load errors (bad JSON, a $ref that does not resolve, a pattern RE2
  // cannot compile, an unknown type name) are returned, never thrown.
  static std::variant<Schema, std::string> from_embedded(std::string_view path);
  static std::variant<Schema, std::string> from_text(std::string_view json_text);
  // Validates `instance` against the schema root (or a `$defs` entry when def is set).
  // Thread-safe (const, patterns precompiled). Scalars holding ${...} always pass: Flux
  // substitutes them after halint reads the file. The violations point into `instance`.
  std::vector<Violation> validate(const yaml::Node& instance, std::string_view base_path = "",
                                  std::string_view def = "") const;

  Schema();
  ~Schema();
  Schema(Schema&&) noexcept;
  Schema& operator=(Schema&&) noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Levenshtein distance (for "did you mean").
size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace halint::schema
