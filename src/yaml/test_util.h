#pragma once
// Helpers shared by unit tests that build trees from YAML text.
#include <string_view>

#include <gtest/gtest.h>

#include "yaml/parser.h"

namespace halint::yaml::testing {

// The first document of `text`; the test fails when the text does not parse.
inline Node first_document(std::string_view text) {
  auto r = parse(text, 0);
  EXPECT_FALSE(r.error) << (r.error ? r.error->reason : "");
  return r.documents.empty() ? Node() : r.documents[0].root;
}

}  // namespace halint::yaml::testing
