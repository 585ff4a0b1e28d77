#pragma once
// Finds, reads and validates .halint.yaml. Errors are values: the caller exits 2.
#include <string>
#include <variant>

#include "config/config.h"

namespace halint::config {

struct ConfigError {
  std::string message;  // "path:line:col: unknown key \"foo\""
};

// explicit_path: --config FILE ("" to discover .halint.yaml from start_dir upwards to the
// repository root). No file found: the defaults.
std::variant<Config, ConfigError> load_config(const std::string& explicit_path, const std::string& start_dir);

}  // namespace halint::config
