#include "render/transformers.h"

#include <gtest/gtest.h>

#include "render/nameref.h"
#include "render/test_util.h"
#include "render/transformer_config.h"

namespace halint::render {
namespace {

using testing::at;

std::vector<Resource> resources(std::initializer_list<const char*> texts) {
  std::vector<Resource> rs;
  for (const char* t : texts) {
    Resource r;
    r.node = testing::parse_yaml(t);
    rs.push_back(std::move(r));
  }
  return rs;
}

const TransformerConfig& tc() { return TransformerConfig::defaults(); }

const char* kDeploy = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: sa
      containers:
      - {name: web, image: "nginx:1.25", envFrom: [{configMapRef: {name: cfg}}]}
)";

TEST(Transformers, NamespaceSkipsClusterScopedAndRenamesV1Namespaces) {
  auto rs = resources({kDeploy, "apiVersion: v1\nkind: Namespace\nmetadata: {name: _}\n",
                       "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\n",
                       "apiVersion: example.com/v1\nkind: Namespace\nmetadata: {name: other}\n"});
  EXPECT_EQ(set_namespace(rs, testing::parse_yaml("prod"), tc().name_space), "");
  EXPECT_EQ(at(rs[0].node, {"metadata", "namespace"}), "prod");
  EXPECT_EQ(at(rs[1].node, {"metadata", "name"}), "prod");
  EXPECT_EQ(at(rs[2].node, {"metadata", "namespace"}), "<absent>");
  // A Namespace kind of another group is an ordinary namespaced object.
  EXPECT_EQ(at(rs[3].node, {"metadata", "name"}), "other");
  EXPECT_EQ(at(rs[3].node, {"metadata", "namespace"}), "prod");
  EXPECT_EQ(rs[0].prev_ids.size(), 1u);
}

TEST(Transformers, RoleBindingSubjectsNamedDefaultMove) {
  auto rs = resources({"apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: rb}\n"
                       "subjects: [{kind: ServiceAccount, name: default}, {kind: ServiceAccount, name: sa, "
                       "namespace: default}]\n"});
  EXPECT_EQ(set_namespace(rs, testing::parse_yaml("prod"), tc().name_space), "");
  const yaml::Node& subs = *rs[0].node.get("subjects");
  EXPECT_EQ(at(subs.at(0), {"namespace"}), "prod");
  EXPECT_EQ(at(subs.at(1), {"namespace"}), "default");
}

TEST(Transformers, LabelsFollowFieldSpecs) {
  auto rs = resources({kDeploy});
  FsSlice meta{{"", "", "", "metadata/labels", true}};
  EXPECT_EQ(add_map_entries(rs, testing::parse_yaml("{team: a}"), meta), "");
  EXPECT_EQ(at(rs[0].node, {"metadata", "labels", "team"}), "a");
  EXPECT_EQ(at(rs[0].node, {"spec", "selector", "matchLabels", "team"}), "<absent>");
  EXPECT_EQ(add_map_entries(rs, testing::parse_yaml("{env: p}"), tc().common_labels), "");
  EXPECT_EQ(at(rs[0].node, {"spec", "selector", "matchLabels", "env"}), "p");
  EXPECT_EQ(at(rs[0].node, {"spec", "template", "metadata", "labels", "env"}), "p");
}

TEST(Transformers, ImagesAndReplicas) {
  auto rs = resources({kDeploy});
  ImageSpec img = parse_image_spec(testing::parse_yaml("{name: nginx, newName: registry/nginx, newTag: \"1.27\"}"));
  EXPECT_EQ(set_image(rs, img, tc().images), "");
  EXPECT_EQ(rs[0].node.path({"spec", "template", "spec", "containers"})->at(0).get("image")->str(),
            "registry/nginx:1.27");
  EXPECT_EQ(set_replicas(rs, testing::parse_yaml("{name: web, count: 5}"), tc().replicas), "");
  EXPECT_EQ(at(rs[0].node, {"spec", "replicas"}), "5");
  EXPECT_NE(set_replicas(rs, testing::parse_yaml("{name: nope, count: 5}"), tc().replicas), "");
}

TEST(Transformers, PrefixAndNameReferences) {
  auto rs = resources({kDeploy, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n",
                       "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa}\n",
                       "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\n"
                       "spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}}\n"});
  EXPECT_EQ(add_prefix(rs, testing::parse_yaml("x-"), tc().name_prefix), "");
  EXPECT_EQ(rs[1].prefixes, std::vector<std::string>{"x-"});
  EXPECT_EQ(fix_name_references(rs, tc().name_reference), "");
  const yaml::Node& c = rs[0].node.path({"spec", "template", "spec", "containers"})->at(0);
  EXPECT_EQ(c.get("envFrom")->at(0).path({"configMapRef", "name"})->str(), "x-cfg");
  EXPECT_EQ(at(rs[0].node, {"spec", "template", "spec", "serviceAccountName"}), "x-sa");
  EXPECT_EQ(at(rs[3].node, {"spec", "scaleTargetRef", "name"}), "x-web");
}

TEST(Transformers, NameReferencePicksTheReferralWithTheReferrersPrefixes) {
  // A base included by two overlays (a diamond): each Deployment gets its own ConfigMap.
  auto left = resources({kDeploy, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n"});
  auto right = left;
  ASSERT_EQ(add_prefix(left, testing::parse_yaml("l-"), tc().name_prefix), "");
  ASSERT_EQ(add_prefix(right, testing::parse_yaml("r-"), tc().name_prefix), "");
  std::vector<Resource> all = left;
  for (auto& r : right) all.push_back(r);
  EXPECT_EQ(fix_name_references(all, tc().name_reference), "");
  auto cm_of = [](const Resource& d) {
    return d.node.path({"spec", "template", "spec", "containers"})->at(0).get("envFrom")->at(0).path(
        {"configMapRef", "name"})->str();
  };
  EXPECT_EQ(cm_of(all[0]), "l-cfg");
  EXPECT_EQ(cm_of(all[2]), "r-cfg");
}

TEST(Transformers, ConfiguredNameReferences) {
  auto rs = resources({"apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: h}\n"
                       "spec: {valuesFrom: [{kind: ConfigMap, name: values}]}\n",
                       "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: values}\n"});
  rs[1].store_previous_id();
  rs[1].node.get("metadata")->get("name")->set_str("values-abc");
  std::string err;
  TransformerConfig c = parse_transformer_config(
      testing::parse_yaml(
          "nameReference: [{kind: ConfigMap, version: v1, fieldSpecs: [{path: spec/valuesFrom/name, kind: HelmRelease}]}]"),
      err);
  ASSERT_EQ(err, "");
  TransformerConfig merged = TransformerConfig::defaults();
  ASSERT_EQ(merged.merge(c), "");
  EXPECT_EQ(fix_name_references(rs, merged.name_reference), "");
  EXPECT_EQ(rs[0].node.path({"spec", "valuesFrom"})->at(0).get("name")->str(), "values-abc");
}

}  // namespace
}  // namespace halint::render
