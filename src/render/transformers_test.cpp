#include "render/transformers.h"

#include <gtest/gtest.h>

#include "render/test_util.h"

namespace halint::render {
namespace {

using testing::at;

std::vector<Resource> resources(std::initializer_list<const char*> texts) {
  std::vector<Resource> rs;
  for (const char* t : texts) {
    Resource r;
    r.node = testing::parse_yaml(t);
    r.orig_name = r.name();
    rs.push_back(std::move(r));
  }
  return rs;
}

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

TEST(Transformers, NamespaceSkipsClusterScopedAndRenamesNamespaces) {
  auto rs = resources({kDeploy, "apiVersion: v1\nkind: Namespace\nmetadata: {name: _}\n",
                       "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\n"});
  set_namespace(rs, testing::parse_yaml("prod"));
  EXPECT_EQ(at(rs[0].node, {"metadata", "namespace"}), "prod");
  EXPECT_EQ(at(rs[1].node, {"metadata", "name"}), "prod");
  EXPECT_EQ(at(rs[2].node, {"metadata", "namespace"}), "<absent>");
}

TEST(Transformers, CommonLabelsReachSelectorsLabelsDoNot) {
  auto rs = resources({kDeploy});
  add_labels(rs, testing::parse_yaml("{team: a}"), false, false);
  EXPECT_EQ(at(rs[0].node, {"metadata", "labels", "team"}), "a");
  EXPECT_EQ(at(rs[0].node, {"spec", "selector", "matchLabels", "team"}), "<absent>");
  add_labels(rs, testing::parse_yaml("{env: p}"), true, true);
  EXPECT_EQ(at(rs[0].node, {"spec", "selector", "matchLabels", "env"}), "p");
  EXPECT_EQ(at(rs[0].node, {"spec", "template", "metadata", "labels", "env"}), "p");
}

TEST(Transformers, ImagesAndReplicas) {
  auto rs = resources({kDeploy});
  set_images(rs, testing::parse_yaml("[{name: nginx, newName: registry/nginx, newTag: \"1.27\"}]"));
  EXPECT_EQ(rs[0].node.path({"spec", "template", "spec", "containers"})->at(0).get("image")->str(),
            "registry/nginx:1.27");
  set_replicas(rs, testing::parse_yaml("[{name: web, count: 5}]"));
  EXPECT_EQ(at(rs[0].node, {"spec", "replicas"}), "5");
}

TEST(Transformers, PrefixAndNameReferences) {
  auto rs = resources({kDeploy, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n",
                       "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa}\n",
                       "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\n"
                       "spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}}\n"});
  yaml::Node p = testing::parse_yaml("x-");
  add_prefix_suffix(rs, &p, nullptr);
  fix_name_references(rs, {});
  const yaml::Node& c = rs[0].node.path({"spec", "template", "spec", "containers"})->at(0);
  EXPECT_EQ(c.get("envFrom")->at(0).path({"configMapRef", "name"})->str(), "x-cfg");
  EXPECT_EQ(at(rs[0].node, {"spec", "template", "spec", "serviceAccountName"}), "x-sa");
  EXPECT_EQ(at(rs[3].node, {"spec", "scaleTargetRef", "name"}), "x-web");
}

TEST(Transformers, ConfiguredNameReferences) {
  auto rs = resources({"apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: h}\n"
                       "spec: {valuesFrom: [{kind: ConfigMap, name: values}]}\n",
                       "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: values-abc}\n"});
  rs[1].orig_name = "values";
  auto refs = parse_name_references(testing::parse_yaml(
      "nameReference: [{kind: ConfigMap, version: v1, fieldSpecs: [{path: spec/valuesFrom/name, kind: HelmRelease}]}]"));
  fix_name_references(rs, refs);
  EXPECT_EQ(rs[0].node.path({"spec", "valuesFrom"})->at(0).get("name")->str(), "values-abc");
}

}  // namespace
}  // namespace halint::render
