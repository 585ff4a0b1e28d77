#pragma once
// SHA-256 (FIPS 180-4), for kustomize's generator name hashes. Small and dependency-free.
#include <string>
#include <string_view>

namespace halint::render {

std::string sha256_hex(std::string_view data);

}  // namespace halint::render
