#pragma once
// Escaping for GitHub Actions workflow commands, as the runner unescapes them
// (actions/runner ActionCommand.cs): the message ("data") and property values differ.
#include <string>
#include <string_view>

namespace halint::report {

// Message after the final "::": % CR LF.
std::string github_escape_data(std::string_view s);
// Property values (file=..., title=...): also ':' and ',' which delimit properties.
std::string github_escape_property(std::string_view s);

}  // namespace halint::report
