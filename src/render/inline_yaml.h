#pragma once
// Parses YAML written inside a string of another file (an inline `patch: |` in a
// kustomization or Flux Kustomization) so that every node's origin points at the line
// and column where it is written in that file, not into the string.
#include <vector>

#include "core/file_table.h"
#include "yaml/parser.h"

namespace halint::render {

// `scalar` is the string node; `table` holds its file. Returns the documents, or the
// parser's error in `error` (empty when fine).
std::vector<yaml::Document> parse_inline(const yaml::Node& scalar, const FileTable& table, std::string& error);

}  // namespace halint::render
