#include "fs/walk.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "fs/dir_cache.h"

namespace halint::fs {
namespace {

namespace stdfs = std::filesystem;

class WalkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = stdfs::weakly_canonical(stdfs::temp_directory_path() /
                                    ("halint-walk-" + std::to_string(::getpid()) + "-" +
                                     ::testing::UnitTest::GetInstance()->current_test_info()->name()))
                .string();
    stdfs::remove_all(root_);
    stdfs::create_directories(root_);
  }
  void TearDown() override { stdfs::remove_all(root_); }
  void touch(const std::string& rel) {
    stdfs::create_directories(stdfs::path(root_ + "/" + rel).parent_path());
    std::ofstream(root_ + "/" + rel) << "a: 1\n";
  }
  std::string root_;
};

TEST_F(WalkTest, FindsManifestsAndSkipsWhatSpecSays) {
  touch("apps/web/deploy.yaml");
  touch("apps/web/kustomization.yml");
  touch("apps/web/Kustomization");
  touch("apps/web/README.md");
  touch("apps/web/values.yaml.j2");
  touch(".git/config.yaml");
  touch("charts/web/Chart.yaml");
  touch("charts/web/templates/deploy.yaml");
  touch("charts/web/templates/sub/svc.yaml");
  touch("other/templates/plain.yaml");  // no Chart.yaml beside it: read
  stdfs::create_directory_symlink(root_ + "/apps", root_ + "/linked-dir");
  stdfs::create_symlink(root_ + "/apps/web/deploy.yaml", root_ + "/link.yaml");

  WalkResult w = walk({root_}, {});
  std::vector<std::string> expected = {
      root_ + "/apps/web/Kustomization", root_ + "/apps/web/deploy.yaml", root_ + "/apps/web/kustomization.yml",
      root_ + "/charts/web/Chart.yaml",  root_ + "/other/templates/plain.yaml",
  };
  EXPECT_EQ(w.files, expected);  // sorted; the file link resolves to its target
  EXPECT_EQ(w.skipped_helm_templates, 2u);
  EXPECT_EQ(w.skipped_jinja, 1u);
  EXPECT_TRUE(w.errors.empty());
}

TEST_F(WalkTest, ExcludedPathsAreRelativeToTheRoot) {
  touch("keep/a.yaml");
  touch("drop/b.yaml");
  touch("keep/c.yaml");
  WalkOptions opt;
  std::vector<std::string> asked;
  opt.excluded = [&](const std::string& rel) {
    asked.push_back(rel);
    return rel == "drop/" || rel == "keep/c.yaml";
  };
  WalkResult w = walk({root_}, opt);
  EXPECT_EQ(w.files, std::vector<std::string>{root_ + "/keep/a.yaml"});
  EXPECT_NE(std::find(asked.begin(), asked.end(), "keep/"), asked.end());
}

TEST_F(WalkTest, MissingRootIsAnError) {
  WalkResult w = walk({root_ + "/nope"}, {});
  ASSERT_EQ(w.errors.size(), 1u);
  EXPECT_NE(w.errors[0].find("no such file"), std::string::npos);
}

TEST_F(WalkTest, CacheAnswersKindsFromTheWalksListings) {
  touch("a/b/file.yaml");
  stdfs::create_symlink(root_ + "/a/b", root_ + "/a/link");
  stdfs::create_symlink(root_ + "/nowhere", root_ + "/a/dangling");
  DirCache cache;
  WalkOptions opt;
  opt.cache = &cache;
  walk({root_}, opt);
  EXPECT_TRUE(cache.is_dir(root_ + "/a/b"));
  EXPECT_TRUE(cache.is_file(root_ + "/a/b/file.yaml"));
  EXPECT_TRUE(cache.is_dir(root_ + "/a/link"));  // links are followed
  EXPECT_EQ(cache.kind(root_ + "/a/dangling"), EntryKind::Missing);
  EXPECT_EQ(cache.kind(root_ + "/a/b/none.yaml"), EntryKind::Missing);
  EXPECT_EQ(cache.kind(root_ + "/x/y/z"), EntryKind::Missing);  // no parent
  EXPECT_TRUE(cache.is_dir("/"));
  EXPECT_TRUE(cache.is_dir(root_));
  // The listing was made once: a file created afterwards is not seen (one run, one view).
  touch("a/b/late.yaml");
  EXPECT_FALSE(cache.is_file(root_ + "/a/b/late.yaml"));
  DirCache fresh;
  EXPECT_TRUE(fresh.is_file(root_ + "/a/b/late.yaml"));
  const Listing& l = fresh.list(root_ + "/a/b");
  ASSERT_TRUE(l.ok);
  ASSERT_EQ(l.entries.size(), 2u);
  EXPECT_EQ(l.entries[0].name, "file.yaml");
  EXPECT_EQ(l.entries[1].name, "late.yaml");
  EXPECT_FALSE(fresh.list(root_ + "/a/b/file.yaml").ok);
}

TEST_F(WalkTest, FilesNotOnDiskCanBeAddedToTheListings) {
  touch("a/b.yaml");
  DirCache cache;
  EXPECT_FALSE(cache.is_file(root_ + "/a/new.yaml"));
  cache.add_file(root_ + "/a/new.yaml");  // a file a fix pass creates in memory
  EXPECT_TRUE(cache.is_file(root_ + "/a/new.yaml"));
  EXPECT_TRUE(cache.is_file(root_ + "/a/b.yaml"));
  const Listing& l = cache.list(root_ + "/a");
  ASSERT_EQ(l.entries.size(), 2u);
  EXPECT_EQ(l.entries[0].name, "b.yaml");  // still sorted
  EXPECT_EQ(l.entries[1].name, "new.yaml");
  cache.add_file(root_ + "/missing/x.yaml");  // no such directory: nothing to add to
  EXPECT_FALSE(cache.is_file(root_ + "/missing/x.yaml"));
}

TEST(GlobMatch, DoubleStarAndSingleStar) {
  EXPECT_TRUE(glob_match("**/.archive/**", "apps/.archive/x.yaml"));
  EXPECT_TRUE(glob_match("apps/*.yaml", "apps/a.yaml"));
  EXPECT_FALSE(glob_match("apps/*.yaml", "apps/sub/a.yaml"));
  EXPECT_TRUE(glob_match("apps/**/a.yaml", "apps/a.yaml"));
  EXPECT_FALSE(glob_match("a?c", "a/c"));
}

}  // namespace
}  // namespace halint::fs
