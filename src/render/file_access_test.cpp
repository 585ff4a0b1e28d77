#include "render/file_access.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace halint::render {
namespace {

TEST(JoinPath, NormalisesLikeLexicallyNormal) {
  EXPECT_EQ(join_path("/repo/apps", "base/deploy.yaml"), "/repo/apps/base/deploy.yaml");
  EXPECT_EQ(join_path("/repo/apps/overlay", "../base"), "/repo/apps/base");
  EXPECT_EQ(join_path("/repo/apps", "./x/./y/"), "/repo/apps/x/y");
  EXPECT_EQ(join_path("/repo", "/abs/path"), "/abs/path");
  EXPECT_EQ(join_path("/repo", "../../.."), "/");
  EXPECT_EQ(join_path("/repo//a", "b//c"), "/repo/a/b/c");
  EXPECT_EQ(join_path("rel", "../../x"), "../x");
  // The fast path (nothing to normalise) and its edges.
  EXPECT_EQ(join_path("/", "a/b"), "/a/b");
  EXPECT_EQ(join_path("/a/.hidden", "x"), "/a/.hidden/x");
  EXPECT_EQ(join_path("/a", ".x/..y/z"), "/a/.x/..y/z");
  EXPECT_EQ(join_path("/a", "b/."), "/a/b");
  EXPECT_EQ(join_path("/a/", "b"), "/a/b");
  EXPECT_EQ(join_path("/a", "./b/c.yaml"), "/a/b/c.yaml");
  EXPECT_EQ(join_path("/a", "./../b"), "/b");
  EXPECT_EQ(join_path("/a", ".//b"), "/a/b");
  for (auto [dir, rel] : {std::pair{"/a/b", "../c/./d"}, {"/a", "b/../../c"}, {"/x/y/z", "../../q/"}}) {
    std::string expected = (std::filesystem::path(dir) / rel).lexically_normal().string();
    while (expected.size() > 1 && expected.back() == '/') expected.pop_back();
    EXPECT_EQ(join_path(dir, rel), expected) << dir << " + " << rel;
  }
}

}  // namespace
}  // namespace halint::render
