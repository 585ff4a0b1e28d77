// Which declared nodes a pod spec may land on under its hard node constraints.
#include "rules/placement.h"

#include <gtest/gtest.h>

#include "config/nodes.h"
#include "yaml/parser.h"
#include "yaml/test_util.h"

namespace halint::rules {
namespace {

using yaml::testing::first_document;

config::ClusterNode node(std::string name, std::map<std::string, std::string> labels = {},
                         std::vector<config::Taint> taints = {}) {
  config::ClusterNode n;
  n.name = std::move(name);
  n.labels = std::move(labels);
  n.taints = std::move(taints);
  config::add_hostname_label(n);
  return n;
}

// primary/backup homelab plus a tainted control plane and an arm64 box.
std::vector<config::ClusterNode> cluster() {
  return {
      node("cp", {{"node-role.kubernetes.io/control-plane", ""}, {"kubernetes.io/arch", "amd64"}},
           {{"node-role.kubernetes.io/control-plane", "", "NoSchedule"}}),
      node("w1", {{"role", "primary"}, {"disk", "ssd"}, {"gen", "5"}, {"kubernetes.io/arch", "amd64"}}),
      node("w2", {{"role", "backup"}, {"gen", "3"}, {"kubernetes.io/arch", "amd64"}},
           {{"role", "backup", "PreferNoSchedule"}}),
      node("pi", {{"role", "backup"}, {"kubernetes.io/arch", "arm64"}}, {{"dedicated", "pi", "NoExecute"}}),
  };
}

std::optional<std::vector<size_t>> eligible(const std::string& pod_spec) {
  yaml::Node n = first_document(pod_spec);
  return eligible_nodes(&n, cluster());
}

std::vector<size_t> idx(std::initializer_list<size_t> v) { return v; }

TEST(Placement, NoConstraintsLeaveTheUntaintedNodes) {
  // cp (NoSchedule) and pi (NoExecute) are excluded; PreferNoSchedule on w2 is not hard.
  EXPECT_EQ(eligible("containers: []\n"), idx({1, 2}));
}

TEST(Placement, NodeSelectorMatchesEveryLabel) {
  EXPECT_EQ(eligible("nodeSelector: {role: primary}\n"), idx({1}));
  EXPECT_EQ(eligible("nodeSelector: {role: backup}\n"), idx({2}));  // pi is tainted
  EXPECT_EQ(eligible("nodeSelector: {role: primary, disk: hdd}\n"), idx({}));
  EXPECT_EQ(eligible("nodeSelector: {kubernetes.io/hostname: w2}\n"), idx({2}));
  EXPECT_EQ(eligible("nodeSelector: null\n"), idx({1, 2}));
}

TEST(Placement, OsLabelDefaultsToLinuxButArchIsUnknown) {
  // Hand-declared nodes rarely carry kubernetes.io/os: taken as linux.
  EXPECT_EQ(eligible("nodeSelector: {kubernetes.io/os: linux}\n"), idx({1, 2}));
  EXPECT_EQ(eligible("nodeSelector: {kubernetes.io/os: windows}\n"), idx({}));
  // Every node here declares its arch: known.
  EXPECT_EQ(eligible("nodeSelector: {kubernetes.io/arch: amd64}\n"), idx({1, 2}));
  // A node without an arch label cannot be judged.
  auto nodes = cluster();
  nodes[1].labels.erase("kubernetes.io/arch");
  yaml::Node spec = first_document("nodeSelector: {kubernetes.io/arch: amd64}\n");
  EXPECT_FALSE(eligible_nodes(&spec, nodes));
}

TEST(Placement, RequiredAffinityTermsAreOredExpressionsAnded) {
  const char* spec = R"(
affinity:
  nodeAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      nodeSelectorTerms:
        - matchExpressions:
            - {key: role, operator: In, values: [primary]}
            - {key: disk, operator: Exists}
        - matchExpressions:
            - {key: gen, operator: Lt, values: ["4"]}
)";
  EXPECT_EQ(eligible(spec), idx({1, 2}));
}

TEST(Placement, EveryOperator) {
  auto one = [](const std::string& expr) {
    return eligible(
        "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n"
        "        - matchExpressions:\n            - " +
        expr + "\n");
  };
  EXPECT_EQ(one("{key: role, operator: In, values: [primary, backup]}"), idx({1, 2}));
  EXPECT_EQ(one("{key: role, operator: NotIn, values: [primary]}"), idx({2}));
  EXPECT_EQ(one("{key: disk, operator: Exists}"), idx({1}));
  EXPECT_EQ(one("{key: disk, operator: DoesNotExist}"), idx({2}));
  EXPECT_EQ(one("{key: gen, operator: Gt, values: ['4']}"), idx({1}));
  EXPECT_EQ(one("{key: gen, operator: Lt, values: ['4']}"), idx({2}));
  // A label that is not an integer matches neither Gt nor Lt.
  EXPECT_EQ(one("{key: role, operator: Gt, values: ['0']}"), idx({}));
  // Values the API server rejects leave no verdict.
  EXPECT_FALSE(one("{key: gen, operator: Gt, values: [four]}"));
  EXPECT_FALSE(one("{key: role, operator: In, values: []}"));
  EXPECT_FALSE(one("{key: role, operator: Exists, values: [x]}"));
  EXPECT_FALSE(one("{key: role, operator: Near, values: [x]}"));
}

TEST(Placement, MatchFieldsOnMetadataName) {
  const char* spec = R"(
affinity:
  nodeAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      nodeSelectorTerms:
        - matchFields:
            - {key: metadata.name, operator: NotIn, values: [w1]}
)";
  EXPECT_EQ(eligible(spec), idx({2}));
  EXPECT_FALSE(eligible(R"(
affinity:
  nodeAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      nodeSelectorTerms:
        - matchFields:
            - {key: metadata.uid, operator: In, values: [x]}
)"));
}

TEST(Placement, AnEmptyTermMatchesNoNode) {
  const char* spec = R"(
affinity:
  nodeAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      nodeSelectorTerms:
        - {}
)";
  EXPECT_EQ(eligible(spec), idx({}));
}

TEST(Placement, PreferredAffinityNeverExcludes) {
  const char* spec = R"(
affinity:
  nodeAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        preference:
          matchExpressions:
            - {key: role, operator: In, values: [primary]}
)";
  EXPECT_EQ(eligible(spec), idx({1, 2}));
}

TEST(Placement, TolerationsOpenTaintedNodes) {
  EXPECT_EQ(eligible("tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]\n"),
            idx({0, 1, 2}));
  EXPECT_EQ(eligible("tolerations: [{key: dedicated, operator: Equal, value: pi}]\n"), idx({1, 2, 3}));
  EXPECT_EQ(eligible("tolerations: [{key: dedicated, value: other}]\n"), idx({1, 2}));
  // Wrong effect: not tolerated.
  EXPECT_EQ(eligible("tolerations: [{key: dedicated, operator: Exists, effect: NoSchedule}]\n"), idx({1, 2}));
  // An empty key with Exists tolerates every taint.
  EXPECT_EQ(eligible("tolerations: [{operator: Exists}]\n"), idx({0, 1, 2, 3}));
}

TEST(Placement, TolerationMatching) {
  config::Taint t{"k", "v", "NoSchedule"};
  EXPECT_TRUE(tolerates({"k", "Equal", "v", "NoSchedule"}, t));
  EXPECT_TRUE(tolerates({"k", "", "v", ""}, t));
  EXPECT_TRUE(tolerates({"k", "Exists", "", ""}, t));
  EXPECT_TRUE(tolerates({"", "Exists", "", ""}, t));
  EXPECT_FALSE(tolerates({"k", "Equal", "w", ""}, t));
  EXPECT_FALSE(tolerates({"k", "Exists", "", "NoExecute"}, t));
  EXPECT_FALSE(tolerates({"j", "Exists", "", ""}, t));
}

TEST(Placement, NodeNameBypassesNoScheduleButNotNoExecute) {
  EXPECT_EQ(eligible("nodeName: w1\n"), idx({1}));
  EXPECT_EQ(eligible("nodeName: cp\n"), idx({0}));  // the kubelet ignores NoSchedule
  EXPECT_EQ(eligible("nodeName: pi\n"), idx({}));   // but refuses an untolerated NoExecute
  EXPECT_EQ(eligible("nodeName: gone\n"), idx({}));
  EXPECT_EQ(eligible("nodeName: w1\nnodeSelector: {role: backup}\n"), idx({}));
}

TEST(Placement, UnresolvedValuesMakeTheAnswerUnknown) {
  EXPECT_FALSE(eligible("nodeName: ${NODE}\n"));
  EXPECT_FALSE(eligible("nodeSelector: {role: '${ROLE}'}\n"));
  EXPECT_FALSE(eligible("nodeSelector: ${SELECTOR}\n"));
  EXPECT_FALSE(eligible("tolerations: [{key: dedicated, operator: Equal, value: '${V}'}]\n"));
  EXPECT_FALSE(eligible("tolerations: ${TOLERATIONS}\n"));
  EXPECT_FALSE(eligible("affinity: ${AFFINITY}\n"));
  EXPECT_FALSE(eligible(R"(
affinity:
  nodeAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      nodeSelectorTerms:
        - matchExpressions:
            - {key: role, operator: In, values: ["${ROLE}"]}
)"));
  EXPECT_FALSE(eligible_nodes(nullptr, cluster()));
}

TEST(Placement, NodeNamesAreListedAndCapped) {
  auto nodes = cluster();
  EXPECT_EQ(node_names(nodes, {1, 2}), "w1, w2");
  EXPECT_EQ(node_names(nodes, {0, 1, 2, 3}, 2), "cp, w1 and 2 more");
}

}  // namespace
}  // namespace halint::rules
