#include "render/artifact.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "render/test_util.h"

namespace halint::render {
namespace {

namespace stdfs = std::filesystem;

// A source tree on disk and one generator over it; each test names its artifacts.
class ArtifactTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = (stdfs::temp_directory_path() / ("halint-artifact-test-" + std::to_string(getpid()))).string();
    for (const char* f : {"config/app.yaml", "config/db.yaml", "config/subdir/nested.yaml", "config/README.md",
                          "deploy/frontend/app.yaml", "deploy/backend/app.yaml", "root.yaml"}) {
      stdfs::path p = stdfs::path(root_) / f;
      stdfs::create_directories(p.parent_path());
      std::ofstream(p) << "a: 1\n";
    }
  }
  void TearDown() override { stdfs::remove_all(root_); }

  // The artifacts of a generator whose only source, alias `s`, is the tree.
  std::map<std::string, Artifact> artifacts(const std::string& spec) {
    doc_ = testing::parse_yaml("apiVersion: source.extensions.fluxcd.io/v1beta1\nkind: ArtifactGenerator\n"
                               "metadata: {name: gen, namespace: apps}\nspec:\n  sources:\n"
                               "    - {alias: s, kind: GitRepository, name: flux-system}\n" +
                               spec);
    SourceRootFinder finder = [&](const yaml::Node& source, const std::string&) {
      return source.get("alias")->str() == "s" ? SourceRoot{root_, ""} : SourceRoot{"", "elsewhere"};
    };
    std::map<std::string, Artifact> out;
    for (auto& a : generator_artifacts(doc_, files_, finder)) out.emplace(a.name, std::move(a));
    return out;
  }
  // Every file of an artifact directory, recursively, as "artifact path -> repository path".
  std::map<std::string, std::string> tree(const Artifact& a, const std::string& dir = "") {
    std::map<std::string, std::string> out;
    for (const auto& e : a.list(dir, files_)) {
      std::string p = dir.empty() ? e.name : dir + "/" + e.name;
      if (e.dir) out.merge(tree(a, p));
      else out[p] = e.file.substr(root_.size() + 1);
    }
    return out;
  }

  std::string root_;
  FileTable table_;
  FileAccess files_{table_};
  yaml::Node doc_;
};

TEST_F(ArtifactTest, DirectoryWithoutGlobLandsInsideTheDestination) {
  auto a = artifacts("  artifacts:\n    - name: x\n      copy:\n        - {from: '@s/config/', to: '@artifact/dest/'}\n");
  auto t = tree(a.at("x"));
  EXPECT_EQ(t.at("dest/config/app.yaml"), "config/app.yaml");
  EXPECT_EQ(t.at("dest/config/subdir/nested.yaml"), "config/subdir/nested.yaml");
  EXPECT_EQ(a.at("x").kind("dest/config", files_), Artifact::Kind::Directory);
  EXPECT_EQ(a.at("x").repository_dir("dest/config", files_), root_ + "/config");
  EXPECT_FALSE(a.at("x").repository_dir("dest", files_).has_value());  // dest holds config/ only
}

TEST_F(ArtifactTest, DoubleStarCopiesTheContents) {
  auto a = artifacts("  artifacts:\n    - name: x\n      copy:\n        - {from: '@s/config/**', to: '@artifact/'}\n");
  auto t = tree(a.at("x"));
  EXPECT_EQ(t.count("app.yaml"), 1u);
  EXPECT_EQ(t.at("subdir/nested.yaml"), "config/subdir/nested.yaml");
  EXPECT_EQ(t.count("config/app.yaml"), 0u);
}

TEST_F(ArtifactTest, SourceRootContentsAndSingleFiles) {
  auto a = artifacts(
      "  artifacts:\n    - name: x\n      copy:\n"
      "        - {from: '@s/', to: '@artifact/all/'}\n"
      "        - {from: '@s/root.yaml', to: '@artifact/one/'}\n"
      "        - {from: '@s/root.yaml', to: '@artifact/renamed.yaml'}\n"
      "        - {from: '@s/root.yaml', to: '@artifact/all'}\n");  // an existing directory: into it
  auto t = tree(a.at("x"));
  EXPECT_EQ(t.at("all/config/db.yaml"), "config/db.yaml");
  EXPECT_EQ(t.at("one/root.yaml"), "root.yaml");
  EXPECT_EQ(t.at("renamed.yaml"), "root.yaml");
  EXPECT_EQ(t.at("all/root.yaml"), "root.yaml");
  EXPECT_EQ(a.at("x").kind("renamed.yaml", files_), Artifact::Kind::File);
}

TEST_F(ArtifactTest, GlobsMatchOneLevelAndKeepThePath) {
  auto a = artifacts(
      "  artifacts:\n    - name: x\n      copy:\n"
      "        - {from: '@s/config/*.yaml', to: '@artifact/m/'}\n"
      "        - {from: '@s/deploy/*/app.yaml', to: '@artifact/d/'}\n");
  auto t = tree(a.at("x"));
  EXPECT_EQ(t.count("m/config/app.yaml"), 1u);  // the matched path is kept under `to`
  EXPECT_EQ(t.count("m/config/subdir/nested.yaml"), 0u);  // `*` does not descend
  EXPECT_EQ(t.at("d/deploy/backend/app.yaml"), "deploy/backend/app.yaml");
}

TEST_F(ArtifactTest, ExcludesAndLaterCopiesOverwrite) {
  auto a = artifacts(
      "  artifacts:\n    - name: x\n      copy:\n"
      "        - {from: '@s/config/**', to: '@artifact/', exclude: ['*.md', 'subdir/**']}\n"
      "        - {from: '@s/root.yaml', to: '@artifact/app.yaml'}\n");
  auto t = tree(a.at("x"));
  EXPECT_EQ(t.count("README.md"), 0u);
  EXPECT_EQ(t.count("subdir/nested.yaml"), 0u);
  EXPECT_EQ(t.at("app.yaml"), "root.yaml");
  EXPECT_EQ(t.at("db.yaml"), "config/db.yaml");
  // Excludes make the artifact's root differ from the directory: no single repository dir.
  EXPECT_FALSE(a.at("x").repository_dir("", files_).has_value());
}

TEST_F(ArtifactTest, RulesSourceWatcherRefuses) {
  auto a = artifacts(
      "  artifacts:\n"
      "    - name: missing\n      copy: [{from: '@s/nope/', to: '@artifact/'}]\n"
      "    - name: nomatch\n      copy: [{from: '@s/config/*.json', to: '@artifact/'}]\n"
      "    - name: alias\n      copy: [{from: '@other/x', to: '@artifact/'}]\n"
      "    - name: dest\n      copy: [{from: '@s/root.yaml', to: 'artifact/'}]\n"
      "    - name: excluded\n      copy: [{from: '@s/config/*.md', to: '@artifact/', exclude: ['*.md']}]\n"
      "    - name: bad\n      copy: [{from: '@s/config/[', to: '@artifact/'}]\n");
  for (const char* n : {"missing", "nomatch", "alias", "dest", "excluded", "bad"})
    EXPECT_EQ(a.at(n).errors.size(), 1u) << n;
  EXPECT_NE(a.at("missing").errors[0].message.find("does not exist"), std::string::npos);
  EXPECT_NE(a.at("alias").errors[0].message.find("alias 'other' not found"), std::string::npos);
}

TEST_F(ArtifactTest, PathPatternMakesOneArtifactPerDirectory) {
  auto a = artifacts(
      "  pathPattern: '@s/deploy/{app}'\n"
      "  artifacts:\n    - name: 'web-{app}'\n      copy: [{from: '@s/deploy/{app}/**', to: '@artifact/'}]\n");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(tree(a.at("web-backend")).at("app.yaml"), "deploy/backend/app.yaml");
  EXPECT_EQ(tree(a.at("web-frontend")).at("app.yaml"), "deploy/frontend/app.yaml");
  EXPECT_EQ(a.at("web-backend").repository_dir("", files_), root_ + "/deploy/backend");
}

}  // namespace
}  // namespace halint::render
