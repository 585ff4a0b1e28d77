// The (topology) verdicts beyond the fixtures' locations: severities, which nodes the
// messages name, and that declaring nodes is what turns the rules on.
#include <gtest/gtest.h>

#include <filesystem>

#include "config/load.h"
#include "engine/check.h"
#include "rules/catalog.h"

namespace halint::rules {
namespace {

const Catalog& catalog() {
  static const Catalog c = Catalog::load();
  return c;
}

std::string fixture(const std::string& rel) { return std::string(HALINT_SOURCE_DIR) + "/testdata/rules/" + rel; }

// Checks a fixture with its own .halint.yaml (if any), or with `cfg` when given.
std::vector<Finding> check(const std::string& rel, const std::string& code,
                           std::optional<config::Config> cfg = std::nullopt) {
  engine::CheckOptions opt;
  opt.paths = {fixture(rel)};
  opt.jobs = 1;
  opt.select = {code};
  if (cfg) {
    opt.config = std::move(*cfg);
  } else if (std::filesystem::exists(fixture(rel) + "/.halint.yaml")) {
    // The scenario's own config, never one above it (as fixtures_test.cpp does).
    auto loaded = config::load_config(fixture(rel) + "/.halint.yaml", fixture(rel), catalog());
    EXPECT_TRUE(std::holds_alternative<config::Config>(loaded));
    if (auto* c = std::get_if<config::Config>(&loaded)) opt.config = std::move(*c);
  }
  auto r = engine::run_check(opt, catalog());
  EXPECT_TRUE(r.errors.empty());
  return r.findings;
}

// A copy: the vector is usually a temporary.
Finding only(const std::vector<Finding>& fs) {
  EXPECT_EQ(fs.size(), 1u);
  return fs.empty() ? Finding{} : fs[0];
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

TEST(TopologyRules, Ha104IsAnErrorNamingCountsAndNodes) {
  Finding f = only(check("HA104/fire/hpa-max-over-untainted-nodes", "HA104"));
  EXPECT_EQ(f.severity, Severity::Error);
  EXPECT_TRUE(has(f.message, "can run 3 replicas (HPA maxReplicas)")) << f.message;
  EXPECT_TRUE(has(f.message, "only 2 of the 3 declared nodes are eligible (worker1, worker2)")) << f.message;
  EXPECT_TRUE(has(f.message, "1 replica stays Pending")) << f.message;
}

TEST(TopologyRules, WithoutDeclaredNodesTheTopologyRulesStaySilent) {
  // The same repositories, checked with an empty config.
  EXPECT_TRUE(check("HA104/fire/three-replicas-two-nodes", "HA104", config::Config{}).empty());
  EXPECT_TRUE(check("HA203/fire/three-replicas-three-nodes", "HA203", config::Config{}).empty());
  EXPECT_TRUE(check("HA204/fire/two-nodes-cpu", "HA204", config::Config{}).empty());
}

TEST(TopologyRules, Ha203NamesTheFirstNodeAndTheStrandedReplicas) {
  Finding f = only(check("HA203/fire/three-replicas-three-nodes", "HA203"));
  EXPECT_EQ(f.severity, Severity::Error);
  EXPECT_TRUE(has(f.message, "with node node1 down 1 of its 3 replicas cannot be placed")) << f.message;
  EXPECT_TRUE(has(f.message, "eligible nodes left: node2, node3")) << f.message;
  EXPECT_TRUE(has(f.message, "losing any of node2, node3 does the same")) << f.message;

  Finding g = only(check("HA203/fire/primary-backup-node-selector", "HA203"));
  EXPECT_TRUE(has(g.message, "with node w1 down its replica cannot be placed: w1 is the only eligible node")) << g.message;

  Finding h = only(check("HA203/fire/no-eligible-node-even-with-all-up", "HA203"));
  EXPECT_TRUE(has(h.message, "none of its 2 replicas can be placed even with every node up")) << h.message;
}

TEST(TopologyRules, Ha204IsOneWarningPerClusterOnTheLargestRequester) {
  Finding f = only(check("HA204/fire/nodes-from-memory", "HA204"));
  EXPECT_EQ(f.severity, Severity::Warning);
  ASSERT_TRUE(f.resource);
  EXPECT_EQ(f.resource->name, "immich");
  EXPECT_TRUE(has(f.message, "With node pi1 down")) << f.message;
  EXPECT_TRUE(has(f.message, "request 12Gi memory")) << f.message;
  EXPECT_TRUE(has(f.message, "1 workload with unknown replicas or requests not counted")) << f.message;

  Finding d = only(check("HA204/fire/daemonset-footprint", "HA204"));
  EXPECT_TRUE(has(d.message, "can hold 1.5 cpu after their DaemonSet pods")) << d.message;
}

TEST(TopologyRules, Ha201WarnsWithTopologyWhereItWasInfo) {
  // The primary/backup story: info without nodes, a warning once the two are declared.
  Finding info = only(check("HA201/fire/role-primary-only-fallback-backup", "HA201"));
  EXPECT_EQ(info.severity, Severity::Info);
  Finding warn = only(check("HA201/fire/topology-primary-backup", "HA201"));
  EXPECT_EQ(warn.severity, Severity::Warning);
  EXPECT_TRUE(has(warn.message, "only 1 of the 2 declared nodes is eligible (w1)")) << warn.message;
  ASSERT_TRUE(warn.fix);  // the unsafe preferred-affinity fix is kept
  EXPECT_FALSE(warn.fix->safe);
}

TEST(TopologyRules, Ha201PinsStayWarningsWithTopology) {
  config::Config cfg;
  config::ClusterNode a, b;
  a.name = "node1";
  b.name = "node2";
  cfg.nodes = {a, b};
  Finding f = only(check("HA201/fire/hostname-node-selector", "HA201", cfg));
  EXPECT_EQ(f.severity, Severity::Warning);
}

TEST(TopologyRules, Ha401IsAnErrorWithTopologyAndAWarningWithout) {
  Finding err = only(check("HA401/fire/topology-three-replicas-three-nodes", "HA401"));
  EXPECT_EQ(err.severity, Severity::Error);
  EXPECT_TRUE(has(err.message, "its 3 replicas occupy every one of the 3 eligible nodes (node1, node2, node3)"))
      << err.message;
  ASSERT_TRUE(err.fix);  // the fix is the same
  Finding warn = only(check("HA401/fire/topology-three-replicas-three-nodes", "HA401", config::Config{}));
  EXPECT_EQ(warn.severity, Severity::Warning);
}

}  // namespace
}  // namespace halint::rules
