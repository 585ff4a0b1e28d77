#include "render/strategic_merge.h"

#include <gtest/gtest.h>

#include "render/test_util.h"

namespace halint::render {
namespace {

using testing::parse_yaml;

const char* kDeployment = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      tolerations: [{key: a, operator: Exists}]
      containers:
      - name: a
        image: x
        env: [{name: A, value: "1"}, {name: B, value: "2"}]
      - name: b
        image: y
)";

TEST(StrategicMerge, MergesContainersByNameWithPatchOrderFirst) {
  yaml::Node d = parse_yaml(kDeployment, 0);
  yaml::Node p = parse_yaml(R"(spec:
  template:
    spec:
      containers:
      - name: c
        image: z
      - name: a
        env: [{name: C, value: "3"}, {name: B, value: "22"}]
)", 1);
  ASSERT_EQ(strategic_merge(d, p, "Deployment"), "");
  const yaml::Node* cs = d.path({"spec", "template", "spec", "containers"});
  ASSERT_EQ(cs->items().size(), 3u);
  EXPECT_EQ(cs->at(0).get("name")->str(), "c");
  EXPECT_EQ(cs->at(1).get("name")->str(), "a");
  EXPECT_EQ(cs->at(1).get("image")->str(), "x");  // kept from the target
  const yaml::Node* env = cs->at(1).get("env");
  ASSERT_EQ(env->items().size(), 3u);
  EXPECT_EQ(env->at(0).get("name")->str(), "C");
  EXPECT_EQ(env->at(1).get("value")->str(), "22");
  EXPECT_EQ(env->at(2).get("name")->str(), "A");
  EXPECT_EQ(cs->at(2).get("name")->str(), "b");
  // Provenance: the patched value comes from the patch file.
  EXPECT_EQ(env->at(1).get("value")->origin().file, 1u);
  EXPECT_EQ(cs->at(1).get("image")->origin().file, 0u);
}

TEST(StrategicMerge, ListsWithoutMergeKeyAreReplaced) {
  yaml::Node d = parse_yaml(kDeployment);
  yaml::Node p = parse_yaml("spec: {template: {spec: {tolerations: [{key: b, operator: Exists}]}}}");
  ASSERT_EQ(strategic_merge(d, p, "Deployment"), "");
  const yaml::Node* t = d.path({"spec", "template", "spec", "tolerations"});
  ASSERT_EQ(t->items().size(), 1u);
  EXPECT_EQ(t->at(0).get("key")->str(), "b");
}

TEST(StrategicMerge, DirectivesAndNullDelete) {
  yaml::Node d = parse_yaml(kDeployment);
  yaml::Node p = parse_yaml(R"(spec:
  template:
    spec:
      tolerations: null
      containers:
      - name: b
        $patch: delete
)");
  ASSERT_EQ(strategic_merge(d, p, "Deployment"), "");
  EXPECT_EQ(d.path({"spec", "template", "spec", "tolerations"}), nullptr);
  EXPECT_EQ(d.path({"spec", "template", "spec", "containers"})->items().size(), 1u);

  yaml::Node r = parse_yaml(R"(spec:
  template:
    spec:
      $patch: replace
      containers: [{name: only, image: i}]
)");
  ASSERT_EQ(strategic_merge(d, r, "Deployment"), "");
  const yaml::Node* spec = d.path({"spec", "template", "spec"});
  EXPECT_EQ(spec->size(), 1u);
  EXPECT_EQ(spec->get("$patch"), nullptr);
}

TEST(StrategicMerge, TopologySpreadConstraintsMergeOnTopologyKey) {
  yaml::Node d = parse_yaml(R"(spec: {template: {spec: {topologySpreadConstraints: [{topologyKey: zone, maxSkew: 1}]}}})");
  yaml::Node p = parse_yaml(R"(spec: {template: {spec: {topologySpreadConstraints: [{topologyKey: zone, maxSkew: 2}, {topologyKey: host, maxSkew: 1}]}}})");
  ASSERT_EQ(strategic_merge(d, p, "Deployment"), "");
  const yaml::Node* t = d.path({"spec", "template", "spec", "topologySpreadConstraints"});
  ASSERT_EQ(t->items().size(), 2u);
  EXPECT_EQ(t->at(0).get("maxSkew")->str(), "2");
}

TEST(StrategicMerge, CustomResourcesGuessTheKey) {
  yaml::Node d = parse_yaml("spec: {values: {items: [{name: a, v: 1}]}}");
  yaml::Node p = parse_yaml("spec: {values: {items: [{name: a, w: 2}]}}");
  ASSERT_EQ(strategic_merge(d, p, "HelmRelease"), "");
  const yaml::Node* items = d.path({"spec", "values", "items"});
  ASSERT_EQ(items->items().size(), 1u);
  EXPECT_TRUE(items->at(0).get("v"));
  EXPECT_TRUE(items->at(0).get("w"));
}

}  // namespace
}  // namespace halint::render
