#pragma once
// Where .halint.yaml is: the linted path's directory, then its parents up to the
// repository root (the nearest directory holding .git), like ruff and ESLint do.
#include <optional>
#include <string>

namespace halint::config {

// The first .halint.yaml (else .halint.yml) found from `start` (a directory, or a file:
// its directory) upwards, stopping at the repository root. Absolute path, or nullopt.
std::optional<std::string> discover_config(const std::string& start);

}  // namespace halint::config
