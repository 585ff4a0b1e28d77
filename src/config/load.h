#pragma once
// Finds, reads and validates .halint.yaml. Errors are values: the caller exits 2.
#include <string>
#include <variant>

#include "config/config.h"
#include "rules/catalog.h"

namespace halint::config {

struct ConfigError {
  // One or more lines, each complete and starting with the file it is about:
  // ".halint.yaml:4:3: unknown key \"rulez\" (did you mean \"rules\"?)".
  std::string message;
};

// explicit_path: --config FILE ("" to discover .halint.yaml / .halint.yml from start
// (a directory or a file) upwards to the repository root). No file found: the defaults.
// Any problem in the file (syntax, schema, unknown rule, unreadable nodesFrom) is an
// error: halint never lints with half a config. Rule names are normalised to codes with
// the catalog.
std::variant<Config, ConfigError> load_config(const std::string& explicit_path, const std::string& start,
                                              const rules::Catalog& catalog);
// Same, with the built-in catalog.
std::variant<Config, ConfigError> load_config(const std::string& explicit_path, const std::string& start);

}  // namespace halint::config
