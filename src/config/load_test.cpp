#include "config/load.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "config/discover.h"
#include "config/nodes.h"

namespace halint::config {
namespace {

namespace stdfs = std::filesystem;

// A scratch repository (a directory with .git) removed at the end of the test.
struct Repo {
  stdfs::path root;
  Repo() {
    root = stdfs::temp_directory_path() / ("halint-config-test-" + std::to_string(::getpid()) + "-" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    stdfs::remove_all(root);
    stdfs::create_directories(root / ".git");
    root = stdfs::canonical(root);
  }
  ~Repo() { stdfs::remove_all(root); }
  std::string write(const std::string& rel, const std::string& text) {
    stdfs::path p = root / rel;
    stdfs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
};

const rules::Catalog& catalog() {
  static const rules::Catalog c = rules::Catalog::load();
  return c;
}

Config load_ok(const std::string& explicit_path, const std::string& start) {
  auto r = load_config(explicit_path, start, catalog());
  if (auto* e = std::get_if<ConfigError>(&r)) {
    ADD_FAILURE() << e->message;
    return {};
  }
  return std::get<Config>(std::move(r));
}

std::string load_err(const std::string& explicit_path, const std::string& start) {
  auto r = load_config(explicit_path, start, catalog());
  if (auto* e = std::get_if<ConfigError>(&r)) return e->message;
  ADD_FAILURE() << "expected a config error";
  return {};
}

TEST(ConfigLoad, EveryKeyIsMapped) {
  Repo repo;
  repo.write("cluster/nodes.yaml", R"(apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Node
  metadata:
    name: w1
    labels: {topology.kubernetes.io/zone: a}
  spec:
    taints: [{key: dedicated, value: db, effect: NoSchedule}]
  status:
    allocatable: {cpu: "4", memory: 16318496Ki, pods: "110"}
- apiVersion: v1
  kind: Node
  metadata: {name: w2, labels: {kubernetes.io/hostname: w2.example}}
)");
  std::string path = repo.write(".halint.yaml", R"(# yaml-language-server: $schema=https://halint.io/schemas/config.schema.json
failOn: error
kubernetesVersion: "1.29"
exclude: ["**/.archive/**", "legacy/*.yaml"]
rules:
  missing-pdb: off
  HA101: { severity: error }
  HA102: info
cluster:
  nodesFrom: cluster/nodes.yaml
  nodes:
    - name: w1
      labels: { role: primary }
      taints: [ { key: role, value: backup, effect: PreferNoSchedule } ]
      allocatable: { cpu: "8", memory: 32Gi, pods: 110 }
    - name: w3
fix:
  rollout: recreate
  pdb: { maxUnavailable: "50%" }
)");
  Config c = load_ok("", repo.root.string());
  EXPECT_EQ(c.source, path);
  EXPECT_EQ(c.base_dir, repo.root.string());
  EXPECT_EQ(c.fail_on, "error");
  EXPECT_EQ(c.kubernetes_version, "1.29");
  EXPECT_EQ(c.exclude, (std::vector<std::string>{"**/.archive/**", "legacy/*.yaml"}));
  EXPECT_EQ(c.rule_levels.at("HA301"), "off");  // name normalised to its code
  EXPECT_EQ(c.rule_levels.at("HA101"), "error");
  EXPECT_EQ(c.rule_levels.at("HA102"), "info");
  EXPECT_EQ(c.rule_levels.size(), 3u);
  EXPECT_EQ(c.fix_rollout, "recreate");
  EXPECT_EQ(c.fix_pdb_max_unavailable, "50%");
  EXPECT_EQ(c.nodes_from, (repo.root / "cluster/nodes.yaml").string());
  ASSERT_EQ(c.nodes.size(), 3u);
  // w1 declared in both: the inline declaration wins.
  EXPECT_EQ(c.nodes[0].name, "w1");
  EXPECT_EQ(c.nodes[0].labels.at("role"), "primary");
  EXPECT_EQ(c.nodes[0].labels.at("kubernetes.io/hostname"), "w1");
  EXPECT_FALSE(c.nodes[0].labels.count("topology.kubernetes.io/zone"));
  ASSERT_EQ(c.nodes[0].taints.size(), 1u);
  EXPECT_EQ(c.nodes[0].taints[0].key, "role");
  EXPECT_EQ(c.nodes[0].taints[0].value, "backup");
  EXPECT_EQ(c.nodes[0].taints[0].effect, "PreferNoSchedule");
  EXPECT_EQ(c.nodes[0].allocatable.at("cpu"), "8");
  EXPECT_EQ(c.nodes[0].allocatable.at("memory"), "32Gi");
  EXPECT_EQ(c.nodes[0].allocatable.at("pods"), "110");
  EXPECT_EQ(c.nodes[1].name, "w2");
  EXPECT_EQ(c.nodes[1].labels.at("kubernetes.io/hostname"), "w2.example");  // not overwritten
  EXPECT_EQ(c.nodes[2].name, "w3");
}

TEST(ConfigLoad, DefaultsWithoutAFile) {
  Repo repo;
  Config c = load_ok("", repo.root.string());
  EXPECT_TRUE(c.source.empty());
  EXPECT_FALSE(c.fail_on);
  EXPECT_EQ(c.kubernetes_version, "1.31");
  EXPECT_EQ(c.fix_rollout, "maxSurgeZero");
  EXPECT_EQ(c.fix_pdb_max_unavailable, "1");
  EXPECT_TRUE(c.rule_levels.empty());
  EXPECT_TRUE(c.nodes.empty());
}

TEST(ConfigLoad, NodesFromKubectlOutputOfOneNode) {
  Repo repo;
  repo.write("sub/nodes.yaml", "apiVersion: v1\nkind: Node\nmetadata: {name: only}\n");
  repo.write("sub/.halint.yaml", "cluster: {nodesFrom: nodes.yaml}\n");
  // nodesFrom is relative to the config file.
  Config c = load_ok((repo.root / "sub/.halint.yaml").string(), "/");
  ASSERT_EQ(c.nodes.size(), 1u);
  EXPECT_EQ(c.nodes[0].name, "only");
}

TEST(ConfigLoad, NodesFileProblems) {
  Repo repo;
  repo.write(".halint.yaml", "cluster:\n  nodesFrom: nodes.yaml\n");
  EXPECT_NE(load_err("", repo.root.string()).find(":2:14: cluster.nodesFrom: cannot read \"nodes.yaml\""),
            std::string::npos);
  repo.write("nodes.yaml", "apiVersion: v1\nkind: List\nitems:\n- kind: Node\n  metadata: {}\n");
  EXPECT_NE(load_err("", repo.root.string()).find("nodes.yaml:4:3: Node without metadata.name"), std::string::npos);
  repo.write("nodes.yaml", "kind: ConfigMap\n");
  EXPECT_NE(load_err("", repo.root.string()).find("no Node in it"), std::string::npos);
}

TEST(ConfigLoad, ErrorsNameFileLineColumnAndKey) {
  Repo repo;
  // Codes are written as the schema (and editors using it) spell them.
  repo.write(".halint.yaml", "rules:\n  ha102: info\n");
  EXPECT_NE(load_err("", repo.root.string()).find(":2:3: unknown rule \"ha102\" (did you mean \"HA102\"?)"),
            std::string::npos);
  repo.write(".halint.yaml", "failOn: error\nrules:\n  HA101: off\nrulez: {}\n");
  EXPECT_EQ(load_err("", repo.root.string()),
            (repo.root / ".halint.yaml").string() + ":4:1: unknown key \"rulez\" (did you mean \"rules\"?)");
  repo.write(".halint.yaml", "failOn: [\n");
  EXPECT_NE(load_err("", repo.root.string()).find(".halint.yaml:2:1: YAML syntax error"), std::string::npos);
  EXPECT_NE(load_err((repo.root / "nope.yaml").string(), ".").find("nope.yaml: cannot read config file: no such file"),
            std::string::npos);
}

TEST(ConfigLoad, FluxSourceRoots) {
  Repo repo;
  stdfs::create_directories(repo.root / "kubernetes");
  repo.write(".halint.yaml",
             "flux:\n  sourceRoots:\n    OCIRepository/flux-system/flux-system: kubernetes\n"
             "    Bucket/apps/manifests: ./kubernetes/\n");
  Config c = load_ok("", repo.root.string());
  EXPECT_EQ(c.flux_source_roots.at("OCIRepository/flux-system/flux-system"), (repo.root / "kubernetes").string());
  EXPECT_EQ(c.flux_source_roots.at("Bucket/apps/manifests"), (repo.root / "kubernetes").string());

  std::string shown = (repo.root / ".halint.yaml").string();
  repo.write(".halint.yaml", "flux:\n  sourceRoots:\n    GitRepository/flux-system/flux-system: kubernetes\n");
  EXPECT_EQ(load_err("", repo.root.string()),
            shown + ":3:5: unknown source \"GitRepository/flux-system/flux-system\" in \"flux.sourceRoots\" "
                    "(expected OCIRepository/<namespace>/<name> or Bucket/<namespace>/<name>)");
  repo.write(".halint.yaml", "flux:\n  sourceRoots:\n    OCIRepository/flux-system: kubernetes\n");
  EXPECT_NE(load_err("", repo.root.string()).find(":3:5: unknown source"), std::string::npos);
  repo.write(".halint.yaml", "flux:\n  sourceRoots:\n    OCIRepository/flux-system/x: missing\n");
  EXPECT_EQ(load_err("", repo.root.string()),
            shown + ":3:34: flux.sourceRoots: \"missing\" (" + (repo.root / "missing").string() +
                ") is not a directory");
  repo.write(".halint.yaml", "flux:\n  sourceRoots:\n    OCIRepository/flux-system/x: 3\n");
  EXPECT_NE(load_err("", repo.root.string()).find(":3:34: flux.sourceRoots.OCIRepository/flux-system/x: expected string"),
            std::string::npos);
  repo.write(".halint.yaml", "flux:\n  sourceRoot: {}\n");
  EXPECT_NE(load_err("", repo.root.string()).find(":2:3: unknown key \"sourceRoot\" in \"flux\" (did you mean \"sourceRoots\"?)"),
            std::string::npos);
}

// Mutated configs (bytes flipped, dropped, duplicated) load or fail with a located
// message; none crashes or hangs.
TEST(ConfigLoad, MutatedConfigsNeverCrash) {
  Repo repo;
  const std::string good = R"(failOn: warning
kubernetesVersion: "1.31"
exclude: ["**/.archive/**"]
rules:
  missing-pdb: off
  HA101: { severity: error }
cluster:
  nodes:
    - name: w1
      labels: { role: primary }
      taints: [ { key: role, value: backup, effect: PreferNoSchedule } ]
      allocatable: { cpu: "4", memory: 16Gi, pods: 110 }
fix:
  rollout: maxSurgeZero
  pdb: { maxUnavailable: 1 }
)";
  const std::string path = repo.write(".halint.yaml", good);
  load_ok(path, ".");
  const char alphabet[] = " :-[]{}\n\"'#&*!|>%@`,?0aZ\t";
  uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1103515245u + 12345u; };
  size_t errors = 0;
  for (int i = 0; i < 300; ++i) {
    std::string text = good;
    for (int k = 0, n = 1 + next() % 4; k < n; ++k) {
      size_t at = next() % text.size();
      switch (next() % 3) {
        case 0: text[at] = alphabet[next() % (sizeof(alphabet) - 1)]; break;
        case 1: text.erase(at, 1 + next() % 8); break;
        default: text.insert(at, text.substr(next() % text.size(), 1 + next() % 12)); break;
      }
      if (text.empty()) text = "x";
    }
    repo.write(".halint.yaml", text);
    auto r = load_config(path, ".", catalog());
    if (auto* e = std::get_if<ConfigError>(&r)) {
      ++errors;
      EXPECT_FALSE(e->message.empty());
      EXPECT_EQ(e->message.rfind(path, 0), 0u) << e->message;  // every message names the file
    }
  }
  EXPECT_GT(errors, 20u);
}

TEST(ConfigDiscover, UpwardsToTheRepositoryRootOnly) {
  Repo repo;
  repo.write("apps/web/deploy.yaml", "a: b\n");
  EXPECT_FALSE(discover_config((repo.root / "apps/web").string()));
  repo.write(".halint.yml", "");
  EXPECT_EQ(discover_config((repo.root / "apps/web/deploy.yaml").string()), (repo.root / ".halint.yml").string());
  repo.write(".halint.yaml", "");
  EXPECT_EQ(discover_config((repo.root / "apps/web").string()), (repo.root / ".halint.yaml").string());
  repo.write("apps/.halint.yaml", "");
  EXPECT_EQ(discover_config((repo.root / "apps/web").string()), (repo.root / "apps/.halint.yaml").string());
  // A nested repository (a submodule) stops at its own root.
  stdfs::create_directories(repo.root / "apps/web/.git");
  EXPECT_FALSE(discover_config((repo.root / "apps/web").string()));
}

TEST(ConfigNodes, HostnameLabelDefaultsToTheName) {
  ClusterNode n;
  n.name = "w1";
  add_hostname_label(n);
  EXPECT_EQ(n.labels.at("kubernetes.io/hostname"), "w1");
  n.labels["kubernetes.io/hostname"] = "other";
  add_hostname_label(n);
  EXPECT_EQ(n.labels.at("kubernetes.io/hostname"), "other");
}

}  // namespace
}  // namespace halint::config
