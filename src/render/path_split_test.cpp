#include "render/path_split.h"

#include <gtest/gtest.h>

namespace halint::render {
namespace {

using V = std::vector<std::string>;

TEST(SmarterSplit, DotsEscapesAndBrackets) {
  EXPECT_EQ(smarter_split("spec.template.spec"), (V{"spec", "template", "spec"}));
  EXPECT_EQ(smarter_split("metadata.annotations.a\\.b"), (V{"metadata", "annotations", "a.b"}));
  // A bracketed key with dots is one element, without its brackets; a matcher keeps them.
  EXPECT_EQ(smarter_split("metadata.annotations.[config.kubernetes.io/x]"),
            (V{"metadata", "annotations", "config.kubernetes.io/x"}));
  EXPECT_EQ(smarter_split("spec.containers.[name=app.v1].image"), (V{"spec", "containers", "[name=app.v1]", "image"}));
  // A bracketed element without dots keeps its brackets unless asked (vars strip them).
  EXPECT_EQ(smarter_split("a.[b]"), (V{"a", "[b]"}));
  EXPECT_EQ(smarter_split("a.[b]", true), (V{"a", "b"}));
  EXPECT_EQ(smarter_split("a.[name=b]", true), (V{"a", "[name=b]"}));
}

}  // namespace
}  // namespace halint::render
