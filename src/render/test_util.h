#pragma once
// Helpers shared by the renderer's unit tests.
#include <string>

#include "yaml/parser.h"

namespace halint::render::testing {

inline yaml::Node parse_yaml(const std::string& text, FileId file = 0) {
  auto r = yaml::parse(text, file);
  return r.documents.empty() ? yaml::Node() : r.documents[0].root;
}

inline std::string at(const yaml::Node& n, std::initializer_list<std::string_view> path) {
  const yaml::Node* v = n.path(path);
  return v ? v->str() : "<absent>";
}

}  // namespace halint::render::testing
