// How many replicas fit on a set of nodes under self anti-affinity and DoNotSchedule spread.
#include "rules/replica_capacity.h"

#include <gtest/gtest.h>

#include <memory>

#include "config/nodes.h"
#include "model/object.h"
#include "yaml/parser.h"
#include "yaml/test_util.h"

namespace halint::rules {
namespace {

struct Parsed {
  std::unique_ptr<model::Object> object;
  model::Workload workload;
};

// A Deployment of pods labelled app=web, with `pod_spec_extra` (indented 6) in its pod spec.
Parsed deployment(const std::string& pod_spec_extra) {
  std::string text = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: web}]
)" + pod_spec_extra;
  auto node = std::make_shared<const yaml::Node>(yaml::testing::first_document(text));
  auto obj = model::make_object(node, 0, 0);
  EXPECT_TRUE(obj);
  Parsed p;
  p.object = std::make_unique<model::Object>(std::move(*obj));
  p.workload = *model::as_workload(*p.object);
  return p;
}

config::ClusterNode node(std::string name, std::string zone = "") {
  config::ClusterNode n;
  n.name = std::move(name);
  if (!zone.empty()) n.labels["topology.kubernetes.io/zone"] = zone;
  config::add_hostname_label(n);
  return n;
}

const std::vector<config::ClusterNode> kNodes = {node("a1", "a"), node("a2", "a"), node("b1", "b"), node("x")};

TEST(ReplicaCapacity, NoConstraintsNoLimitButNoNodesNoRoom) {
  auto p = deployment("");
  auto c = self_constraints(p.workload);
  ASSERT_TRUE(c);
  EXPECT_FALSE(capacity_on(*c, kNodes, {0, 1}).replicas);
  EXPECT_EQ(capacity_on(*c, kNodes, {}).replicas, 0);
}

TEST(ReplicaCapacity, HostnameAntiAffinityAllowsOnePerNode) {
  auto p = deployment(R"(      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - topologyKey: kubernetes.io/hostname
              labelSelector: {matchLabels: {app: web}}
)");
  auto c = self_constraints(p.workload);
  ASSERT_TRUE(c);
  ASSERT_EQ(c->anti_affinity.size(), 1u);
  Capacity cap = capacity_on(*c, kNodes, {0, 1, 2});
  EXPECT_EQ(cap.replicas, 3);
  EXPECT_EQ(cap.binding, c->anti_affinity[0].term);
  EXPECT_NE(cap.reason.find("one pod per kubernetes.io/hostname"), std::string::npos);
}

TEST(ReplicaCapacity, ZoneAntiAffinityCountsZonesAndIgnoresUnlabelledNodes) {
  auto p = deployment(R"(      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - topologyKey: topology.kubernetes.io/zone
              labelSelector: {matchLabels: {app: web}}
)");
  auto c = self_constraints(p.workload);
  ASSERT_TRUE(c);
  EXPECT_EQ(capacity_on(*c, kNodes, {0, 1, 2}).replicas, 2);  // zones a and b
  EXPECT_FALSE(capacity_on(*c, kNodes, {0, 3}).replicas);     // x is in no zone: never rejected
}

TEST(ReplicaCapacity, AntiAffinityAgainstOtherPodsIsLeftOut) {
  auto p = deployment(R"(      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - topologyKey: kubernetes.io/hostname
              labelSelector: {matchLabels: {app: db}}
)");
  auto c = self_constraints(p.workload);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->anti_affinity.empty());
}

TEST(ReplicaCapacity, DoNotScheduleSpreadLimitsOnlyBelowMinDomains) {
  auto p = deployment(R"(      topologySpreadConstraints:
        - maxSkew: 2
          topologyKey: topology.kubernetes.io/zone
          minDomains: 3
          labelSelector: {matchLabels: {app: web}}
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector: {matchLabels: {app: web}}
)");
  auto c = self_constraints(p.workload);
  ASSERT_TRUE(c);
  ASSERT_EQ(c->spreads.size(), 1u);  // ScheduleAnyway never blocks
  // Two zones < minDomains 3: each zone holds at most maxSkew 2.
  Capacity cap = capacity_on(*c, kNodes, {0, 1, 2});
  EXPECT_EQ(cap.replicas, 4);
  EXPECT_EQ(cap.binding, c->spreads[0].constraint);
  // Only the unlabelled node: a DoNotSchedule constraint filters it out.
  EXPECT_EQ(capacity_on(*c, kNodes, {3}).replicas, 0);
}

TEST(ReplicaCapacity, DoNotScheduleSpreadWithoutMinDomainsNeverLimits) {
  // whenUnsatisfiable omitted: DoNotSchedule.
  auto p = deployment(R"(      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          labelSelector: {matchLabels: {app: web}}
)");
  auto c = self_constraints(p.workload);
  ASSERT_TRUE(c);
  ASSERT_EQ(c->spreads.size(), 1u);
  EXPECT_FALSE(capacity_on(*c, kNodes, {0}).replicas);
}

TEST(ReplicaCapacity, UnknownValuesGiveNoAnswer) {
  for (const char* extra : {
           "      topologySpreadConstraints:\n        - {maxSkew: '${SKEW}', topologyKey: zone, labelSelector: "
           "{matchLabels: {app: web}}}\n",
           "      topologySpreadConstraints:\n        - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: '${WHEN}', "
           "labelSelector: {matchLabels: {app: web}}}\n",
           "      topologySpreadConstraints:\n        - {maxSkew: 1, minDomains: '${MIN}', topologyKey: zone, "
           "labelSelector: {matchLabels: {app: web}}}\n",
           "      affinity:\n        podAntiAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n"
           "            - {topologyKey: '${KEY}', labelSelector: {matchLabels: {app: web}}}\n",
           "      affinity:\n        podAntiAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n"
           "            - {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: '${APP}'}}}\n",
           "      affinity: ${AFFINITY}\n",
       }) {
    auto p = deployment(extra);
    EXPECT_FALSE(self_constraints(p.workload)) << extra;
  }
}

}  // namespace
}  // namespace halint::rules
