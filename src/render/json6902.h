#pragma once
// JSON patch (RFC 6902) on the YAML tree: add, remove, replace, move, copy, test, with
// JSON pointers (RFC 6901, `-` appends). Values added keep the patch file's origins.
#include <string>

#include "yaml/node.h"

namespace halint::render {

// Applies the operations of `ops` (a sequence of maps) to `target`. Returns an error text, or "".
std::string apply_json6902(yaml::Node& target, const yaml::Node& ops);

}  // namespace halint::render
