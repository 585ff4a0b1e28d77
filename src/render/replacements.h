#pragma once
// kustomize's `replacements`: copy a field of one object (the source) into fields of
// others (the targets), selected by id, labels or annotations and field paths, whole or
// as a delimited part of a string.
#include <string>
#include <vector>

#include "render/resource.h"

namespace halint::render {

// Applies the replacement entries in order. "" or kustomize's error.
std::string apply_replacements(std::vector<Resource>& rs, const std::vector<yaml::Node>& entries);

}  // namespace halint::render
