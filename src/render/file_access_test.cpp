#include "render/file_access.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

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
  std::vector<std::pair<const char*, const char*>> cases = {{"/a/b", "../c/./d"}, {"/a", "b/../../c"},
                                                            {"/x/y/z", "../../q/"}};
  for (const char* dir : {"/a/b/c", "/", "/a", "/a/./b", "/a//b/"})
    for (const char* rel : {"../x", "../../..", "./../y/./z", "a/../../b", "..", "x/..", "../a/../b/", "./x/../..",
                            "../../../../../w", "x//y", "/abs/../p"})
      cases.emplace_back(dir, rel);
  for (auto [dir, rel] : cases) {
    std::string expected = (std::filesystem::path(dir) / rel).lexically_normal().string();
    while (expected.size() > 1 && expected.back() == '/') expected.pop_back();
    if (expected.empty()) expected = ".";
    EXPECT_EQ(join_path(dir, rel), expected) << dir << " + " << rel;
  }
}

}  // namespace
}  // namespace halint::render
