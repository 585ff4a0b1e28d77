#include "render/kustfile.h"

#include <gtest/gtest.h>

#include "render/fieldspec.h"
#include "render/resid.h"
#include "render/test_util.h"

namespace halint::render {
namespace {

TEST(KustFile, KeysMatchCaseInsensitivelyUnknownOnesAreRefused) {
  KustFile k = read_kustomization(testing::parse_yaml("nameprefix: a-\nresources: [x.yaml]\nbases: [../b]\n"));
  EXPECT_EQ(k.error, "");
  EXPECT_EQ(testing::at(k.node, {"namePrefix"}), "a-");
  EXPECT_EQ(k.node.get("resources")->size(), 2u);
  EXPECT_NE(read_kustomization(testing::parse_yaml("resourcez: [x.yaml]\n")).error, "");
  EXPECT_EQ(read_kustomization(testing::parse_yaml("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n")).error,
            "kustomization.yaml is empty");
  EXPECT_TRUE(read_kustomization(testing::parse_yaml("kind: Component\nresources: []\n")).component);
}

TEST(FieldSpecs, MergeAndPaths) {
  FsSlice s{{"", "", "", "metadata/name", false}};
  EXPECT_EQ(merge_one(s, {"", "", "Deployment", "metadata/name", false}), "");
  EXPECT_EQ(s.size(), 2u);  // the generic spec does not cover a kind-specific one
  EXPECT_EQ(merge_one(s, {"", "", "", "metadata/name", false}), "");
  EXPECT_EQ(s.size(), 2u);
  EXPECT_NE(merge_one(s, {"", "", "", "metadata/name", true}), "");
  EXPECT_EQ(split_field_path("metadata/annotations/a.io\\/b"),
            (std::vector<std::string>{"metadata", "annotations", "a.io/b"}));
  yaml::Node obj = testing::parse_yaml("kind: X\nspec: {list: [{a: 1}, {a: 2}], s: text}\n");
  int seen = 0;
  EXPECT_EQ(apply_field_spec(obj, {"", "", "", "spec/list/a"}, CreateKind::None, {}, [&](yaml::Node&) {
              ++seen;
              return std::string();
            }),
            "");
  EXPECT_EQ(seen, 2);
  EXPECT_NE(apply_field_spec(obj, {"", "", "", "spec/s/x"}, CreateKind::None, {},
                             [](yaml::Node&) { return std::string(); }),
            "");
}

TEST(ResId, ClusterScopeByApiVersionAndKind) {
  EXPECT_TRUE(cluster_scoped("v1", "Namespace"));
  EXPECT_FALSE(cluster_scoped("example.com/v1", "Namespace"));
  EXPECT_TRUE(cluster_scoped("rbac.authorization.k8s.io/v1", "ClusterRole"));
  EXPECT_FALSE(cluster_scoped("apps/v1", "Deployment"));
  EXPECT_EQ(effective_namespace("v1", "ConfigMap", ""), "default");
}

}  // namespace
}  // namespace halint::render
