#pragma once
// SHA-256 (FIPS 180-4), for kustomize's generator name hashes. Dependency-free.
#include <string>
#include <string_view>

namespace halint::render {

// Uses the CPU's SHA instructions when it has them.
std::string sha256_hex(std::string_view data);
// The same; allow_hardware false forces the portable code (tests compare the two).
std::string sha256_hex(std::string_view data, bool allow_hardware);

}  // namespace halint::render
