#pragma once
// Unified diffs (`diff -u` format, 3 lines of context) for `halint fix --diff`.
#include <string>
#include <string_view>

namespace halint::fix {

// The diff from `before` to `after` with headers `--- a/<path>` / `+++ b/<path>`
// (`/dev/null` for a created file when created is true). Empty when they are equal.
std::string unified_diff(std::string_view path, std::string_view before, std::string_view after, bool created = false);

}  // namespace halint::fix
