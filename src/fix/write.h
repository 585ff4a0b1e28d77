#pragma once
// Atomic file replacement: the new bytes go to a temporary file in the same directory,
// which then replaces the original with rename(2), so an interrupted run leaves either
// the old file or the new one, never half of one. The original permissions are kept.
#include <optional>
#include <string>

namespace halint::fix {

// Replaces abs_path with text if its current bytes still equal `expected` (a file changed
// by someone else since halint read it is left alone). Returns an error message on failure.
std::optional<std::string> replace_file(const std::string& abs_path, const std::string& expected, const std::string& text);

// Creates abs_path (which must not exist) holding text, its directory included.
std::optional<std::string> create_file(const std::string& abs_path, const std::string& text);

}  // namespace halint::fix
