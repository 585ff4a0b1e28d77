// The fixes rules attach, edit by edit: operation, the source text the edit targets, and
// the generated YAML. The fix engine (elsewhere) turns them into byte edits; these tests
// pin down what each rule asks for, and the per-finding severities.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "engine/check.h"
#include "rules/catalog.h"

namespace halint::rules {
namespace {

namespace stdfs = std::filesystem;

const Catalog& catalog() {
  static const Catalog c = Catalog::load();
  return c;
}

std::string fixture(const std::string& rel) { return std::string(HALINT_SOURCE_DIR) + "/testdata/rules/" + rel; }

engine::CheckResult run(const std::string& dir, const std::string& code, config::Config cfg = {}) {
  engine::CheckOptions opt;
  opt.paths = {dir};
  opt.jobs = 1;
  opt.select = {code};
  opt.config = std::move(cfg);
  return engine::run_check(opt, catalog());
}

// A scratch repository for cases no fixture covers.
class TempRepo {
 public:
  TempRepo() {
    dir_ = stdfs::temp_directory_path() / ("halint-fixes-" + std::to_string(::getpid()) + "-" + std::to_string(n_++));
    stdfs::create_directories(dir_);
  }
  ~TempRepo() { stdfs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  std::string dir() const { return dir_.string(); }

 private:
  stdfs::path dir_;
  static inline int n_ = 0;
};

// The source text an origin covers.
std::string text_at(const engine::CheckResult& r, const Origin& o) {
  if (!o.known()) return "<synthesised>";
  const std::string& t = r.analysis.files[o.file].text;
  return t.substr(o.span.begin, o.span.end - o.span.begin);
}

const Finding& only(const engine::CheckResult& r, const std::string& code) {
  static const Finding none;
  size_t n = 0;
  const Finding* f = &none;
  for (const auto& x : r.findings)
    if (x.rule == code) ++n, f = &x;
  EXPECT_EQ(n, 1u) << "expected exactly one " << code << " finding";
  return *f;
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

TEST(Ha101Fix, InsertsHostnameSpreadIntoThePodSpec) {
  auto r = run(fixture("HA101/fire/replicas-stacked-on-one-node"), "HA101");
  const Finding& f = only(r, "HA101");
  ASSERT_TRUE(f.fix);
  EXPECT_TRUE(f.fix->safe);
  ASSERT_EQ(f.fix->edits.size(), 1u);
  const Edit& e = f.fix->edits[0];
  EXPECT_EQ(e.op, Edit::Op::InsertEntry);
  EXPECT_TRUE(starts_with(text_at(r, e.target), "containers:")) << text_at(r, e.target);
  EXPECT_EQ(e.key, "topologySpreadConstraints");
  EXPECT_EQ(yaml::to_flow(e.value, 1000),
            "[{maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, "
            "labelSelector: {matchLabels: {app.kubernetes.io/name: immich-server}}}]");
}

TEST(Ha102Fix, ReplacesTheSelectorWithTheWorkloadsMatchLabels) {
  auto r = run(fixture("HA102/fire/app-label-vs-recommended-labels"), "HA102");
  const Finding& f = only(r, "HA102");
  EXPECT_EQ(f.severity, Severity::Error);
  ASSERT_TRUE(f.fix);
  EXPECT_TRUE(f.fix->safe);
  ASSERT_EQ(f.fix->edits.size(), 1u);
  const Edit& e = f.fix->edits[0];
  EXPECT_EQ(e.op, Edit::Op::ReplaceValue);
  EXPECT_EQ(text_at(r, e.target), "matchLabels:\n              app: web");
  EXPECT_EQ(yaml::to_flow(e.value), "{matchLabels: {app.kubernetes.io/name: web}}");
  EXPECT_NE(f.message.find("{matchLabels: {app: web}}"), std::string::npos) << f.message;
}

TEST(Ha102Fix, InsertsAMissingSelectorIntoTheConstraint) {
  auto r = run(fixture("HA102/fire/missing-label-selector"), "HA102");
  const Finding& f = only(r, "HA102");
  ASSERT_TRUE(f.fix);
  const Edit& e = f.fix->edits.at(0);
  EXPECT_EQ(e.op, Edit::Op::InsertEntry);
  EXPECT_EQ(e.key, "labelSelector");
  EXPECT_TRUE(starts_with(text_at(r, e.target), "maxSkew: 1")) << text_at(r, e.target);
}

TEST(Ha102Fix, AntiAffinityTermGetsHelpNotAFix) {
  auto r = run(fixture("HA102/fire/anti-affinity-selects-nothing"), "HA102");
  const Finding& f = only(r, "HA102");
  EXPECT_FALSE(f.fix);
  EXPECT_NE(f.help.find("app.kubernetes.io/name: web"), std::string::npos) << f.help;
}

TEST(Ha201Fix, NodeSelectorIsInfoWithoutTopologyAndBecomesPreferredAffinity) {
  auto r = run(fixture("HA201/fire/role-primary-only-fallback-backup"), "HA201");
  const Finding& f = only(r, "HA201");
  EXPECT_EQ(f.severity, Severity::Info);
  EXPECT_NE(f.message.find("{role: primary}"), std::string::npos) << f.message;
  ASSERT_TRUE(f.fix);
  EXPECT_FALSE(f.fix->safe);
  ASSERT_EQ(f.fix->edits.size(), 2u);
  EXPECT_EQ(f.fix->edits[0].op, Edit::Op::DeleteEntry);
  EXPECT_EQ(text_at(r, f.fix->edits[0].target), "nodeSelector");
  const Edit& ins = f.fix->edits[1];
  EXPECT_EQ(ins.op, Edit::Op::InsertEntry);
  EXPECT_EQ(ins.key, "affinity");
  EXPECT_TRUE(starts_with(text_at(r, ins.target), "# Meant as") || starts_with(text_at(r, ins.target), "nodeSelector"))
      << text_at(r, ins.target);
  EXPECT_EQ(yaml::to_flow(ins.value, 1000),
            "{nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 100, preference: "
            "{matchExpressions: [{key: role, operator: In, values: [primary]}]}}]}}");
}

TEST(Ha201Fix, HostnamePinIsAWarning) {
  auto r = run(fixture("HA201/fire/hostname-node-selector"), "HA201");
  const Finding& f = only(r, "HA201");
  EXPECT_EQ(f.severity, Severity::Warning);
  EXPECT_NE(f.message.find("node1"), std::string::npos);
}

TEST(Ha201Fix, NodeNameBecomesPreferredHostnameAffinity) {
  auto r = run(fixture("HA201/fire/node-name"), "HA201");
  const Finding& f = only(r, "HA201");
  EXPECT_EQ(f.severity, Severity::Warning);
  ASSERT_TRUE(f.fix);
  ASSERT_EQ(f.fix->edits.size(), 2u);
  EXPECT_EQ(text_at(r, f.fix->edits[0].target), "nodeName");
  EXPECT_EQ(yaml::to_flow(f.fix->edits[1].value, 1000),
            "{nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 100, preference: "
            "{matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [pi-kitchen]}]}}]}}");
}

TEST(Ha201Fix, RequiredAffinityIsRenamedToPreferredInPlace) {
  auto r = run(fixture("HA201/fire/required-affinity-hostname"), "HA201");
  const Finding& f = only(r, "HA201");
  ASSERT_TRUE(f.fix);
  ASSERT_EQ(f.fix->edits.size(), 2u);
  EXPECT_EQ(f.fix->edits[0].op, Edit::Op::RenameKey);
  EXPECT_EQ(text_at(r, f.fix->edits[0].target), "requiredDuringSchedulingIgnoredDuringExecution");
  EXPECT_EQ(f.fix->edits[0].key, "preferredDuringSchedulingIgnoredDuringExecution");
  EXPECT_EQ(f.fix->edits[1].op, Edit::Op::ReplaceValue);
  EXPECT_TRUE(starts_with(text_at(r, f.fix->edits[1].target), "nodeSelectorTerms:"));
  EXPECT_EQ(yaml::to_flow(f.fix->edits[1].value, 1000),
            "[{weight: 100, preference: {matchExpressions: [{key: kubernetes.io/hostname, operator: In, "
            "values: [node2]}]}}]");
}

TEST(Ha201Fix, AppendsToExistingPreferredTerms) {
  TempRepo repo;
  repo.write("d.yaml", R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  selector:
    matchLabels: {app: app}
  template:
    metadata:
      labels: {app: app}
    spec:
      nodeSelector:
        disk: ssd
      affinity:
        nodeAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 10
              preference:
                matchExpressions: [{key: zone, operator: In, values: [a]}]
      containers: [{name: app, image: app}]
)");
  auto r = run(repo.dir(), "HA201");
  const Finding& f = only(r, "HA201");
  ASSERT_TRUE(f.fix);
  ASSERT_EQ(f.fix->edits.size(), 2u);
  EXPECT_EQ(f.fix->edits[1].op, Edit::Op::AppendItem);
  EXPECT_TRUE(starts_with(text_at(r, f.fix->edits[1].target), "- weight: 10"));
}

TEST(Ha201Fix, AddsNodeAffinityBesideExistingPodAntiAffinity) {
  TempRepo repo;
  repo.write("d.yaml", R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  selector:
    matchLabels: {app: app}
  template:
    metadata:
      labels: {app: app}
    spec:
      nodeSelector: {disk: ssd}
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution: []
      containers: [{name: app, image: app}]
)");
  auto r = run(repo.dir(), "HA201");
  const Finding& f = only(r, "HA201");
  ASSERT_TRUE(f.fix);
  ASSERT_EQ(f.fix->edits.size(), 2u);
  const Edit& e = f.fix->edits[1];
  EXPECT_EQ(e.op, Edit::Op::InsertEntry);
  EXPECT_EQ(e.key, "nodeAffinity");
  EXPECT_TRUE(starts_with(text_at(r, e.target), "podAntiAffinity:")) << text_at(r, e.target);
  EXPECT_EQ(yaml::to_flow(e.value, 1000),
            "{preferredDuringSchedulingIgnoredDuringExecution: [{weight: 100, preference: {matchExpressions: "
            "[{key: disk, operator: In, values: [ssd]}]}}]}");
}

TEST(Ha201Fix, NoFixWhenAffinityIsASubstitution) {
  TempRepo repo;
  repo.write("d.yaml", R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  selector:
    matchLabels: {app: app}
  template:
    metadata:
      labels: {app: app}
    spec:
      nodeSelector: {disk: ssd}
      affinity: ${AFFINITY}
      containers: [{name: app, image: app}]
)");
  auto r = run(repo.dir(), "HA201");
  EXPECT_FALSE(only(r, "HA201").fix);  // deleting the selector without adding the preference would lose it
}

TEST(Ha301Message, NamesAMatchingPdbInAnotherNamespace) {
  auto r = run(fixture("HA301/fire/pdb-in-another-namespace"), "HA301");
  EXPECT_NE(only(r, "HA301").message.find("PodDisruptionBudget \"api\" matches its labels but sits in namespace "
                                          "\"default\""),
            std::string::npos);
}

TEST(Ha301Fix, AppendsAPdbDocumentAfterTheWorkload) {
  auto r = run(fixture("HA301/fire/three-replicas-no-pdb"), "HA301");
  const Finding& f = only(r, "HA301");
  EXPECT_EQ(f.severity, Severity::Warning);
  ASSERT_TRUE(f.fix);
  EXPECT_TRUE(f.fix->safe);
  ASSERT_EQ(f.fix->edits.size(), 1u);
  const Edit& e = f.fix->edits[0];
  EXPECT_EQ(e.op, Edit::Op::AppendDocument);
  EXPECT_TRUE(starts_with(text_at(r, e.target), "apiVersion: apps/v1")) << text_at(r, e.target);
  EXPECT_EQ(yaml::to_flow(e.value, 1000),
            "{apiVersion: policy/v1, kind: PodDisruptionBudget, metadata: {name: api, namespace: apps}, spec: "
            "{maxUnavailable: 1, selector: {matchLabels: {app.kubernetes.io/name: api}}}}");
  EXPECT_EQ(e.value.path({"spec", "maxUnavailable"})->scalar_type(), yaml::ScalarType::Int);
}

TEST(Ha301Fix, AvoidsATakenNameAndHonoursConfiguredMaxUnavailable) {
  TempRepo repo;
  // No namespace written: the PDB gets none either (a kustomization sets both).
  repo.write("d.yaml", R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 4
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers: [{name: web, image: web}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: web-legacy}
)");
  config::Config cfg;
  cfg.fix_pdb_max_unavailable = "25%";
  auto r = run(repo.dir(), "HA301", cfg);
  const Finding& f = only(r, "HA301");
  ASSERT_TRUE(f.fix);
  EXPECT_EQ(yaml::to_flow(f.fix->edits.at(0).value, 1000),
            "{apiVersion: policy/v1, kind: PodDisruptionBudget, metadata: {name: web-pdb}, spec: "
            "{maxUnavailable: 25%, selector: {matchLabels: {app: web}}}}");
}

TEST(Ha301Fix, NoFixWhenTheSelectorUsesMatchExpressions) {
  TempRepo repo;
  repo.write("d.yaml", R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
    matchExpressions: [{key: tier, operator: In, values: [front]}]
  template:
    metadata:
      labels: {app: web, tier: front}
    spec:
      containers: [{name: web, image: web}]
)");
  auto r = run(repo.dir(), "HA301");
  const Finding& f = only(r, "HA301");
  EXPECT_FALSE(f.fix);
  EXPECT_FALSE(f.help.empty());
}

TEST(Ha401Fix, InsertsAZeroSurgeStrategyAfterReplicas) {
  auto r = run(fixture("HA401/fire/three-replicas-required-anti-affinity"), "HA401");
  const Finding& f = only(r, "HA401");
  EXPECT_EQ(f.severity, Severity::Warning);  // the catalog says error; no topology: warning
  ASSERT_TRUE(f.fix);
  EXPECT_TRUE(f.fix->safe);
  ASSERT_EQ(f.fix->edits.size(), 1u);
  const Edit& e = f.fix->edits[0];
  EXPECT_EQ(e.op, Edit::Op::InsertEntry);
  EXPECT_TRUE(starts_with(text_at(r, e.target), "replicas: 3")) << text_at(r, e.target);
  EXPECT_EQ(e.key, "strategy");
  EXPECT_EQ(e.after_key, "replicas");
  EXPECT_EQ(yaml::to_flow(e.value), "{type: RollingUpdate, rollingUpdate: {maxSurge: 0, maxUnavailable: 1}}");
}

TEST(Ha401Fix, ReplacesOnlyTheValuesThatBlock) {
  auto r = run(fixture("HA401/fire/explicit-max-surge"), "HA401");
  const Finding& f = only(r, "HA401");
  ASSERT_TRUE(f.fix);
  ASSERT_EQ(f.fix->edits.size(), 2u);
  EXPECT_EQ(f.fix->edits[0].op, Edit::Op::ReplaceValue);
  EXPECT_EQ(text_at(r, f.fix->edits[0].target), "1");
  EXPECT_EQ(yaml::to_flow(f.fix->edits[0].value), "0");
  EXPECT_EQ(f.fix->edits[1].op, Edit::Op::ReplaceValue);
  EXPECT_EQ(text_at(r, f.fix->edits[1].target), "0");
  EXPECT_EQ(yaml::to_flow(f.fix->edits[1].value), "1");
}

TEST(Ha401Fix, InsertsMissingRollingUpdateParameters) {
  auto r = run(fixture("HA401/fire/percent-max-surge"), "HA401");
  const Finding& f = only(r, "HA401");
  ASSERT_TRUE(f.fix);
  ASSERT_EQ(f.fix->edits.size(), 2u);
  EXPECT_EQ(f.fix->edits[0].op, Edit::Op::ReplaceValue);
  EXPECT_EQ(text_at(r, f.fix->edits[0].target), "10%");
  EXPECT_EQ(f.fix->edits[1].op, Edit::Op::InsertEntry);
  EXPECT_EQ(f.fix->edits[1].key, "maxUnavailable");
  EXPECT_EQ(f.fix->edits[1].after_key, "maxSurge");
}

TEST(Ha401Message, SaysWhetherMaxUnavailableLetsTheRolloutProceed) {
  auto hung = run(fixture("HA401/fire/coredns-two-replicas-default-rolling-update"), "HA401");
  EXPECT_NE(only(hung, "HA401").message.find("the default maxUnavailable of 25% (0) lets no old pod stop first"),
            std::string::npos)
      << only(hung, "HA401").message;
  auto crawls = run(fixture("HA401/fire/max-unavailable-one"), "HA401");
  const Finding& f = only(crawls, "HA401");
  EXPECT_NE(f.message.find("stalls while a node is down"), std::string::npos) << f.message;
  ASSERT_TRUE(f.fix);
  ASSERT_EQ(f.fix->edits.size(), 1u);  // maxUnavailable 1 already allows one pod down: kept
  EXPECT_EQ(text_at(crawls, f.fix->edits[0].target), "1");
  EXPECT_EQ(yaml::to_flow(f.fix->edits[0].value), "0");
}

TEST(Ha401Fix, RecreateWhenConfigured) {
  config::Config cfg;
  cfg.fix_rollout = "recreate";
  auto r = run(fixture("HA401/fire/recreate-fix-config"), "HA401", cfg);
  const Finding& f = only(r, "HA401");
  ASSERT_TRUE(f.fix);
  ASSERT_EQ(f.fix->edits.size(), 1u);
  EXPECT_EQ(f.fix->edits[0].op, Edit::Op::InsertEntry);
  EXPECT_EQ(f.fix->edits[0].key, "strategy");
  EXPECT_EQ(yaml::to_flow(f.fix->edits[0].value), "{type: Recreate}");
}

TEST(Ha401Fix, RecreateReplacesTypeAndDropsRollingUpdate) {
  config::Config cfg;
  cfg.fix_rollout = "recreate";
  auto r = run(fixture("HA401/fire/explicit-max-surge"), "HA401", cfg);
  const Finding& f = only(r, "HA401");
  ASSERT_TRUE(f.fix);
  ASSERT_EQ(f.fix->edits.size(), 2u);
  EXPECT_EQ(f.fix->edits[0].op, Edit::Op::ReplaceValue);
  EXPECT_EQ(text_at(r, f.fix->edits[0].target), "RollingUpdate");
  EXPECT_EQ(yaml::to_flow(f.fix->edits[0].value), "Recreate");
  EXPECT_EQ(f.fix->edits[1].op, Edit::Op::DeleteEntry);
  EXPECT_EQ(text_at(r, f.fix->edits[1].target), "rollingUpdate");
}

TEST(Ha402Fix, DeletesTheReplicasEntry) {
  auto r = run(fixture("HA402/fire/hpa-scaled-deployment-with-replicas"), "HA402");
  const Finding& f = only(r, "HA402");
  ASSERT_TRUE(f.fix);
  EXPECT_TRUE(f.fix->safe);
  ASSERT_EQ(f.fix->edits.size(), 1u);
  EXPECT_EQ(f.fix->edits[0].op, Edit::Op::DeleteEntry);
  EXPECT_EQ(text_at(r, f.fix->edits[0].target), "replicas");
  EXPECT_NE(f.message.find("HorizontalPodAutoscaler \"web\""), std::string::npos);
}

TEST(SeverityOverride, ConfigStillWinsOverTheRulesVerdict) {
  config::Config cfg;
  cfg.rule_levels["HA201"] = "error";
  auto r = run(fixture("HA201/fire/role-primary-only-fallback-backup"), "HA201", cfg);
  EXPECT_EQ(only(r, "HA201").severity, Severity::Error);
}

// A fix on a modelled workload becomes a values edit only when the release, modelled again
// with the edited values, gives what the rule meant. Here a post-renderer patch pins the
// surge after the chart renders: the values edit HA401 would make changes nothing the
// cluster gets, so no fix is offered (the help says what to do by hand).
std::string rollout_release(bool post_renderer) {
  std::string hr = R"(apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: app-template
spec:
  ref:
    tag: 4.2.0
  url: oci://ghcr.io/bjw-s-labs/helm/app-template
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: vault
spec:
  chartRef:
    kind: OCIRepository
    name: app-template
  values:
    controllers:
      vault:
        replicas: 3
        strategy: RollingUpdate
        pod:
          affinity:
            podAntiAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                - topologyKey: kubernetes.io/hostname
                  labelSelector:
                    matchLabels:
                      app.kubernetes.io/name: vault
)";
  if (post_renderer)
    hr += R"(  postRenderers:
    - kustomize:
        patches:
          - target:
              kind: Deployment
            patch: |
              - op: replace
                path: /spec/strategy/rollingUpdate/maxSurge
                value: 1
)";
  return hr;
}

TEST(HelmFix, ValuesEditIsOfferedWhenTheRemodelledReleaseIsAsIntended) {
  TempRepo repo;
  repo.write("vault.yaml", rollout_release(false));
  auto r = run(repo.dir(), "HA401");
  const Finding& f = only(r, "HA401");
  ASSERT_TRUE(f.fix);
  EXPECT_NE(f.fix->description.find("in the values of HelmRelease default/vault"), std::string::npos)
      << f.fix->description;
}

TEST(HelmFix, PostRendererThatUndoesTheValuesEditRefusesTheFix) {
  TempRepo repo;
  repo.write("vault.yaml", rollout_release(true));
  auto r = run(repo.dir(), "HA401");
  const Finding& f = only(r, "HA401");
  EXPECT_FALSE(f.fix) << "the post-renderer sets maxSurge back to 1: the values edit would change nothing";
  EXPECT_FALSE(f.help.empty());
}

}  // namespace
}  // namespace halint::rules
