// User chart profiles (.halint.yaml `charts:`): loaded and validated with the config
// (errors as file:line:col), used before the shipped ones, and a profile named like a
// shipped one replaces it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "config/load.h"
#include "engine/check.h"
#include "helm/profile/set.h"

namespace halint::helm::profile {
namespace {

namespace stdfs = std::filesystem;

struct Repo {
  stdfs::path root;
  Repo() {
    root = stdfs::temp_directory_path() / ("halint-profiles-test-" + std::to_string(::getpid()) + "-" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    stdfs::remove_all(root);
    stdfs::create_directories(root / ".git");
    root = stdfs::canonical(root);
  }
  ~Repo() { stdfs::remove_all(root); }
  void write(const std::string& rel, const std::string& text) {
    stdfs::path p = root / rel;
    stdfs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
};

const rules::Catalog& catalog() {
  static const rules::Catalog c = rules::Catalog::load();
  return c;
}

const char* kInHouse = R"(profile: 1
name: shop
charts: [shop]
versions: ">=1.0.0"
defaults:
  replicas: 1
workloads:
  - id: web
    kind: Deployment
    name: "${fullname}"
    selector: {app: "${release}"}
    replicas: replicas
    topologySpreadConstraints: spread
    pdb: {enable: pdb.enabled, maxUnavailable: pdb.maxUnavailable}
)";

const char* kRelease = R"(apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: shop
  namespace: apps
spec:
  chart:
    spec:
      chart: shop
      version: 1.2.0
      sourceRef: {kind: HelmRepository, name: internal}
  values:
    replicas: 3
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: internal
  namespace: apps
spec:
  url: https://charts.example.com
)";

engine::CheckResult check(const Repo& repo, const std::string& select) {
  auto cfg = config::load_config("", repo.root.string(), catalog());
  EXPECT_TRUE(std::holds_alternative<config::Config>(cfg));
  engine::CheckOptions o;
  o.paths = {repo.root.string()};
  o.jobs = 1;
  o.select = {select};
  o.config = std::get<config::Config>(std::move(cfg));
  return engine::run_check(o, catalog());
}

TEST(UserProfiles, InHouseChartIsModelled) {
  Repo r;
  r.write(".halint.yaml", "charts:\n  - .halint/charts/\n");
  r.write(".halint/charts/shop.yaml", kInHouse);
  r.write("apps/shop.yaml", kRelease);
  auto res = check(r, "HA101");
  EXPECT_EQ(res.summary.helm_modelled, 1u);
  ASSERT_EQ(res.findings.size(), 1u);
  EXPECT_EQ(res.findings[0].rule, "HA101");
  EXPECT_NE(res.findings[0].message.find("Deployment \"shop\" can run 3 replicas"), std::string::npos)
      << res.findings[0].message;
  ASSERT_TRUE(res.findings[0].fix);  // into the values the profile names
  EXPECT_NE(res.findings[0].fix->description.find("in the values of HelmRelease apps/shop"), std::string::npos);
}

TEST(UserProfiles, SameNameReplacesShipped) {
  Repo r;
  // A "coredns" profile that says the chart runs two replicas by default.
  r.write(".halint.yaml", "charts: [mine.yaml]\n");
  r.write("mine.yaml", R"(profile: 1
name: coredns
charts: [coredns]
versions: ">=1.0.0"
defaults: {replicaCount: 2}
workloads:
  - {id: dns, kind: Deployment, name: "${fullname}", selector: {k8s-app: kube-dns}, replicas: replicaCount,
     critical: "cluster DNS"}
)");
  r.write("dns.yaml", R"(apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: coredns, namespace: kube-system}
spec:
  chartRef: {kind: OCIRepository, name: coredns}
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata: {name: coredns, namespace: kube-system}
spec: {ref: {tag: 1.47.0}, url: oci://ghcr.io/coredns/charts/coredns}
)");
  auto res = check(r, "HA105");
  EXPECT_EQ(res.summary.helm_modelled, 1u);
  EXPECT_TRUE(res.findings.empty()) << res.findings[0].message;  // the shipped profile would say 1 replica
}

TEST(UserProfiles, ErrorsPointAtTheProfileLine) {
  Repo r;
  r.write(".halint.yaml", "charts:\n  - bad.yaml\n");
  r.write("bad.yaml", "profile: 1\ncharts: [x]\nversions: \">=1.0.0\"\nworkloads:\n  - id: a\n    kind: Deployment\n"
                      "    name: a\n    selector: {app: a}\n    replicas: {pat: r}\n");
  auto cfg = config::load_config("", r.root.string(), catalog());
  ASSERT_TRUE(std::holds_alternative<config::ConfigError>(cfg));
  const std::string& msg = std::get<config::ConfigError>(cfg).message;
  EXPECT_NE(msg.find("bad.yaml:9:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("chart profile named in"), std::string::npos) << msg;
}

TEST(UserProfiles, MissingPathIsAConfigError) {
  Repo r;
  r.write(".halint.yaml", "exclude: []\ncharts:\n  - nowhere/\n");
  auto cfg = config::load_config("", r.root.string(), catalog());
  ASSERT_TRUE(std::holds_alternative<config::ConfigError>(cfg));
  const std::string& msg = std::get<config::ConfigError>(cfg).message;
  EXPECT_NE(msg.find(".halint.yaml:3:5: charts: cannot read \"nowhere/\""), std::string::npos) << msg;
}

TEST(UserProfiles, BadVersionRangeAndUnknownCondition) {
  auto r1 = load_profile("profile: 1\ncharts: [x]\nversions: \"~1.2\"\nworkloads: []\n", "p.yaml", true);
  ASSERT_FALSE(r1.errors.empty());
  EXPECT_NE(r1.errors[0].find("p.yaml:3:11: versions:"), std::string::npos) << r1.errors[0];
  auto r2 = load_profile("profile: 1\ncharts: [x]\nversions: \">=1.0.0\"\nworkloads:\n  - {id: a, kind: Deployment, "
                         "name: a, selector: {app: a}, replicas: r, when: {path: x, above: 1}}\n",
                         "p.yaml", true);
  EXPECT_FALSE(r2.errors.empty());
}

TEST(VersionRange, Comparators) {
  auto r = VersionRange::parse(">=1.12.0 <1.13.0 || 2.0.0");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->contains(*parse_exact("v1.12.5")));
  EXPECT_FALSE(r->contains(*parse_exact("1.13.0")));
  EXPECT_TRUE(r->contains(*parse_exact("2.0.0")));
  EXPECT_TRUE(r->contains(*parse_exact("1.12.0-rc.1")));
  EXPECT_FALSE(parse_exact("1.x"));
  EXPECT_FALSE(parse_exact(">=1.0.0"));
  EXPECT_FALSE(VersionRange::parse("~1.2"));
}

}  // namespace
}  // namespace halint::helm::profile
