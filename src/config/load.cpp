#include "config/load.h"

#include <filesystem>

namespace halint::config {

std::variant<Config, ConfigError> load_config(const std::string& explicit_path, const std::string& start_dir) {
  if (!explicit_path.empty() && !std::filesystem::exists(explicit_path))
    return ConfigError{explicit_path + ": no such file"};
  // Reading and validating .halint.yaml lands with the configuration work; defaults until then.
  return Config{};
}

}  // namespace halint::config
