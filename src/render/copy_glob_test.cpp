#include "render/copy_glob.h"

#include <gtest/gtest.h>

namespace halint::render {
namespace {

TEST(CopyGlob, SegmentsMatchAsGoPathMatch) {
  EXPECT_TRUE(*segment_match("*", "deploy.yaml"));
  EXPECT_TRUE(*segment_match("**", "deploy.yaml"));  // two stars are one: no directories here
  EXPECT_TRUE(*segment_match("*.yaml", ".hidden.yaml"));
  EXPECT_FALSE(*segment_match("*.yaml", "deploy.yml"));
  EXPECT_TRUE(*segment_match("app-?", "app-1"));
  EXPECT_FALSE(*segment_match("app-?", "app-12"));
  EXPECT_TRUE(*segment_match("[a-c]*", "base"));
  EXPECT_FALSE(*segment_match("[^a-c]*", "base"));
  EXPECT_TRUE(*segment_match("\\*", "*"));
  EXPECT_FALSE(*segment_match("\\*", "x"));
  EXPECT_FALSE(segment_match("[abc", "a").has_value());  // malformed: source-watcher refuses it
  EXPECT_FALSE(segment_match("x[", "x").has_value());
}

TEST(CopyGlob, GlobCharacters) {
  EXPECT_TRUE(has_glob_chars("apps/**"));
  EXPECT_TRUE(has_glob_chars("a/[b]"));
  EXPECT_FALSE(has_glob_chars("apps/base/"));
}

TEST(CopyGlob, LiteralPrefix) {
  EXPECT_EQ(literal_prefix("apps/base/**"), "apps/base");
  EXPECT_EQ(literal_prefix("apps/*/envs/*.yaml"), "apps");
  EXPECT_EQ(literal_prefix("**"), ".");
  EXPECT_EQ(literal_prefix("./deploy/app/"), "deploy/app");
}

TEST(CopyGlob, CleanRelative) {
  EXPECT_EQ(clean_relative("./a/./b/"), "a/b");
  EXPECT_EQ(clean_relative("."), "");
  EXPECT_EQ(clean_relative("/apps//x"), "apps/x");
  EXPECT_EQ(clean_relative("a/../../b"), "b");
}

TEST(CopyGlob, ExcludesMatchFromTheSourceAndFromTheLiteralPrefix) {
  std::vector<std::string> ex = {"*.md", "**/testdata/**", "subdir/**"};
  EXPECT_TRUE(copy_excluded("deploy/docs/README.md", "deploy", ex));   // a name at any depth
  EXPECT_TRUE(copy_excluded("deploy/a/testdata/x.yaml", "deploy", ex));
  EXPECT_TRUE(copy_excluded("deploy/subdir/x.yaml", "deploy", ex));    // relative to the prefix
  EXPECT_FALSE(copy_excluded("deploy/other/x.yaml", "deploy", ex));
  EXPECT_FALSE(copy_excluded("deploy/subdir/x.yaml", ".", {"other/**"}));
  EXPECT_FALSE(copy_excluded("x.md", ".", {}));
}

}  // namespace
}  // namespace halint::render
