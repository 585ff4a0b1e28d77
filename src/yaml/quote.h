#pragma once
// Writing a string as a YAML double-quoted scalar that reads back as the same bytes.
#include <string>
#include <string_view>

namespace halint::yaml {

// "…" with ", \, and control characters escaped (\n, \t, \r, \xNN).
std::string double_quoted(std::string_view s);

}  // namespace halint::yaml
