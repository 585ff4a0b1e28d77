#pragma once
// Base64 (RFC 4648, standard alphabet) as Kubernetes Secrets' `data` holds it.
#include <string>
#include <string_view>

namespace halint {

// Decodes `in`, skipping characters outside the alphabet (line breaks, padding), as a
// lenient reader of a Secret's data would; a truncated final group yields what it holds.
std::string base64_decode(std::string_view in);

}  // namespace halint
