// The app-template model against objects derived by hand from the chart's templates.
// Sources (bjw-s-labs/helm-charts): 5.x `charts/library/common/templates/...` at
// common-5.1.0 / common-5.0.1 (cited as C5 in ../shared/notes/app-template.md, read at
// commits e34f8d95 and eea11eae), 4.x/3.x/2.x at the tags common-4.1.1, common-3.7.3,
// common-2.6.0, 1.x at a081de53 (common 1.5.1), 0.2.2 at 77982027.
#include <gtest/gtest.h>

#include "helm/test_util.h"

namespace halint::helm::app_template {
namespace {

using testing::model_app_template;
using testing::str_at;

// Note §7 example A (5.1.0, onedr0p cloudflare-tunnel): classes/_deployment.tpl.
TEST(AppTemplateModel, CloudflareTunnel510) {
  auto m = model_app_template("5.1.0", R"(    controllers:
      cloudflare-tunnel:
        replicas: 2
        strategy: RollingUpdate
        containers:
          app:
            image: {repository: cloudflare/cloudflared, tag: "2026.8.2"}
)",
                              "cloudflare-tunnel", "network");
  const auto* d = m.find("Deployment", "cloudflare-tunnel");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(str_at(d, {"metadata", "namespace"}), "network");
  EXPECT_EQ(str_at(d, {"spec", "replicas"}), "2");
  EXPECT_EQ(str_at(d, {"spec", "strategy"}), "{type: RollingUpdate}");
  EXPECT_EQ(str_at(d, {"spec", "revisionHistoryLimit"}), "3");
  std::string labels =
      "{app.kubernetes.io/controller: cloudflare-tunnel, app.kubernetes.io/name: cloudflare-tunnel, "
      "app.kubernetes.io/instance: cloudflare-tunnel}";
  EXPECT_EQ(str_at(d, {"spec", "selector", "matchLabels"}), labels);
  EXPECT_EQ(str_at(d, {"spec", "template", "metadata", "labels"}), labels);
  EXPECT_EQ(str_at(d, {"spec", "template", "spec", "affinity"}), "<absent>");
  EXPECT_EQ(str_at(d, {"spec", "template", "spec", "containers"}),
            "[{name: app, image: cloudflare/cloudflared:2026.8.2}]");
  EXPECT_EQ(m.stage.modelled_releases(), 1u);
  EXPECT_EQ(d->helm->via, "helm network/cloudflare-tunnel (app-template 5.1.0)");
}

// Without replicas and strategy: replicas 1, Recreate (C5:lib/deployment/_valuesToObject.tpl).
TEST(AppTemplateModel, Defaults) {
  auto m = model_app_template("5.1.0", "    controllers:\n      web:\n        containers: {app: {image: {repository: x}}}\n");
  const auto* d = m.find("Deployment", "shop");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(str_at(d, {"spec", "replicas"}), "1");
  EXPECT_EQ(str_at(d, {"spec", "strategy"}), "{type: Recreate}");
}

// replicas: null leaves the field out (C5:classes/_deployment.tpl); a StatefulSet prints
// an absent value as null (C5:classes/_statefulset.tpl).
TEST(AppTemplateModel, NullReplicas) {
  auto m = model_app_template("5.1.0", R"(    controllers:
      web:
        replicas: null
      db:
        type: statefulset
)");
  EXPECT_EQ(str_at(m.find("Deployment", "shop-web"), {"spec", "replicas"}), "<absent>");
  EXPECT_EQ(str_at(m.find("StatefulSet", "shop-db"), {"spec", "replicas"}), "<absent>");
}

// Note §7 example B: two controllers get `-<id>`, the HPA forces replicas out and takes
// them as minReplicas, the PDB copies the selector, an empty pod-level value keeps the default.
TEST(AppTemplateModel, ShopExample510) {
  auto m = model_app_template("5.1.0", R"(    defaultPodOptions:
      nodeSelector: {disk: ssd}
    controllers:
      web:
        replicas: 2
        strategy: RollingUpdate
        rollingUpdate: {maxUnavailable: 0, maxSurge: 1}
        horizontalPodAutoscaler: {maxReplicas: 6}
      db:
        type: statefulset
        replicas: 3
        statefulset: {podManagementPolicy: Parallel}
        podDisruptionBudget: {maxUnavailable: 1}
        pod:
          nodeSelector: {}
)");
  const auto* web = m.find("Deployment", "shop-web");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(str_at(web, {"spec", "replicas"}), "<absent>");
  EXPECT_EQ(str_at(web, {"spec", "strategy"}), "{type: RollingUpdate, rollingUpdate: {maxUnavailable: 0, maxSurge: 1}}");
  EXPECT_EQ(str_at(web, {"spec", "template", "spec", "nodeSelector"}), "{disk: ssd}");
  const auto* hpa = m.find("HorizontalPodAutoscaler", "shop-web");
  ASSERT_NE(hpa, nullptr);
  EXPECT_EQ(str_at(hpa, {"apiVersion"}), "autoscaling/v2");
  EXPECT_EQ(str_at(hpa, {"spec", "scaleTargetRef"}), "{apiVersion: apps/v1, kind: Deployment, name: shop-web}");
  EXPECT_EQ(str_at(hpa, {"spec", "minReplicas"}), "2");
  EXPECT_EQ(str_at(hpa, {"spec", "maxReplicas"}), "6");
  const auto* db = m.find("StatefulSet", "shop-db");
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(str_at(db, {"spec", "replicas"}), "3");
  EXPECT_EQ(str_at(db, {"spec", "podManagementPolicy"}), "Parallel");
  EXPECT_EQ(str_at(db, {"spec", "updateStrategy"}), "{type: RollingUpdate}");
  EXPECT_EQ(str_at(db, {"spec", "serviceName"}), "shop");
  EXPECT_EQ(str_at(db, {"spec", "template", "spec", "nodeSelector"}), "{disk: ssd}");
  EXPECT_EQ(str_at(db, {"spec", "selector", "matchLabels"}),
            "{app.kubernetes.io/controller: db, app.kubernetes.io/name: shop, app.kubernetes.io/instance: shop}");
  const auto* pdb = m.find("PodDisruptionBudget", "shop-db");
  ASSERT_NE(pdb, nullptr);
  EXPECT_EQ(str_at(pdb, {"spec", "maxUnavailable"}), "1");
  EXPECT_EQ(str_at(pdb, {"spec", "selector", "matchLabels"}), str_at(db, {"spec", "selector", "matchLabels"}));
}

// 5.0.1 knows only `unavailable`/`surge` and drops a falsy one (note §2.5, example B).
TEST(AppTemplateModel, RollingUpdateKeys501) {
  auto with_max = model_app_template("5.0.1", R"(    controllers:
      web:
        strategy: RollingUpdate
        rollingUpdate: {maxUnavailable: 0, maxSurge: 1}
)");
  EXPECT_EQ(str_at(with_max.find("Deployment", "shop"), {"spec", "strategy"}), "{type: RollingUpdate}");
  auto shorthand = model_app_template("5.0.1", R"(    controllers:
      web:
        strategy: RollingUpdate
        rollingUpdate: {unavailable: 0, surge: 1}
)");
  EXPECT_EQ(str_at(shorthand.find("Deployment", "shop"), {"spec", "strategy"}),
            "{type: RollingUpdate, rollingUpdate: {maxSurge: 1}}");
  auto shorthand510 = model_app_template("5.1.0", R"(    controllers:
      web:
        strategy: RollingUpdate
        rollingUpdate: {unavailable: 0, surge: 1}
)");
  EXPECT_EQ(str_at(shorthand510.find("Deployment", "shop"), {"spec", "strategy"}),
            "{type: RollingUpdate, rollingUpdate: {maxUnavailable: 0, maxSurge: 1}}");
}

// Disabling one of two controllers renames the other (C5:lib/controller/_enabled_controllers.tpl).
TEST(AppTemplateModel, DisabledControllerCountsOut) {
  auto m = model_app_template("5.1.0", R"(    controllers:
      web: {}
      worker:
        enabled: false
      cron:
        type: cronjob
        enabled: null
)");
  EXPECT_NE(m.find("Deployment", "shop"), nullptr);
  EXPECT_EQ(m.count_modelled(), 1u);
}

// forceRename / prefix / suffix and alwaysAppendIdentifierToResourceName
// (C5:lib/common/_determineResourceNameFromValues.tpl).
TEST(AppTemplateModel, Names5x) {
  auto m = model_app_template("5.1.0", R"(    global:
      alwaysAppendIdentifierToResourceName: true
    controllers:
      main:
        prefix: blue
      api:
        suffix: v2
      Other:
        forceRename: "{{ .Release.Name }}-X"
)");
  EXPECT_NE(m.find("Deployment", "blue-shop-main"), nullptr);
  EXPECT_NE(m.find("Deployment", "shop-api-v2"), nullptr);
  EXPECT_NE(m.find("Deployment", "{{ .release.name }}-x"), nullptr);
}

// The fullname: global.fullnameOverride wins; a release name holding the name is kept.
TEST(AppTemplateModel, Fullname) {
  auto m = model_app_template("5.1.0", "    global:\n      fullnameOverride: media\n    controllers:\n      a: {}\n");
  EXPECT_NE(m.find("Deployment", "media"), nullptr);
}

// Pod options: a pod-level map replaces the default map under `overwrite`, merges under
// `merge` (C5:lib/pod/_getOption.tpl); lists never merge.
TEST(AppTemplateModel, PodOptionsStrategy) {
  std::string values = R"(    defaultPodOptions:
      affinity:
        nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: []}}
      tolerations: [{key: a, operator: Exists}]
    controllers:
      web:
        pod:
          affinity:
            podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: []}
          tolerations: [{key: b, operator: Exists}]
)";
  auto over = model_app_template("5.1.0", values);
  EXPECT_EQ(str_at(over.find("Deployment", "shop"), {"spec", "template", "spec", "affinity"}),
            "{podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: []}}");
  auto merged = model_app_template("5.1.0", "    defaultPodOptionsStrategy: merge\n" + values);
  EXPECT_EQ(str_at(merged.find("Deployment", "shop"), {"spec", "template", "spec", "affinity"}),
            "{podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: []}, nodeAffinity: "
            "{requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: []}}}");
  EXPECT_EQ(str_at(merged.find("Deployment", "shop"), {"spec", "template", "spec", "tolerations"}),
            "[{key: b, operator: Exists}]");
}

// A user pod label wins over a selector label (C5:lib/pod/metadata/_labels.tpl).
TEST(AppTemplateModel, UserLabelBreaksSelector) {
  auto m = model_app_template("5.1.0", R"(    defaultPodOptions:
      labels: {app.kubernetes.io/name: other, team: a}
    controllers:
      web: {}
)");
  const auto* d = m.find("Deployment", "shop");
  EXPECT_EQ(str_at(d, {"spec", "template", "metadata", "labels", "app.kubernetes.io/name"}), "other");
  EXPECT_EQ(str_at(d, {"spec", "selector", "matchLabels", "app.kubernetes.io/name"}), "shop");
}

// PDB budgets are written only when truthy (C5:classes/_podDisruptionBudget.tpl).
TEST(AppTemplateModel, PdbTruthiness) {
  auto m = model_app_template("5.1.0", R"(    controllers:
      web:
        podDisruptionBudget: {maxUnavailable: 0, minAvailable: "0%"}
)");
  const auto* pdb = m.find("PodDisruptionBudget", "shop");
  ASSERT_NE(pdb, nullptr);
  EXPECT_EQ(str_at(pdb, {"spec", "maxUnavailable"}), "<absent>");
  EXPECT_EQ(str_at(pdb, {"spec", "minAvailable"}), "0%");
}

// A DaemonSet's updateStrategy: 5.0.1 never writes it, 5.1.0 when `strategy` is set.
TEST(AppTemplateModel, DaemonSetStrategy) {
  std::string v = "    controllers:\n      agent:\n        type: daemonset\n        strategy: OnDelete\n";
  EXPECT_EQ(str_at(model_app_template("5.0.1", v).find("DaemonSet", "shop"), {"spec", "updateStrategy"}), "<absent>");
  EXPECT_EQ(str_at(model_app_template("5.1.0", v).find("DaemonSet", "shop"), {"spec", "updateStrategy"}),
            "{type: OnDelete}");
}

// A strategy the chart refuses: the controller is not modelled, and an HA005 says why.
TEST(AppTemplateModel, RefusedStrategy) {
  auto m = model_app_template("5.1.0", "    controllers:\n      web:\n        strategy: BlueGreen\n");
  EXPECT_EQ(m.count_modelled(), 0u);
  ASSERT_EQ(m.messages("HA005").size(), 1u);
  EXPECT_NE(m.messages("HA005")[0].find("BlueGreen"), std::string::npos);
}

// rawResources: any object, named like a controller (C5:classes/_rawResource.tpl).
TEST(AppTemplateModel, RawResources) {
  auto m = model_app_template("5.1.0", R"(    controllers:
      web: {}
    rawResources:
      budget:
        manifest:
          apiVersion: policy/v1
          kind: PodDisruptionBudget
          spec:
            minAvailable: 1
)");
  const auto* pdb = m.find("PodDisruptionBudget", "shop");
  ASSERT_NE(pdb, nullptr);
  EXPECT_EQ(str_at(pdb, {"spec", "minAvailable"}), "1");
}

// A version newer than the newest known is modelled as the newest, with one HA005.
TEST(AppTemplateModel, NewerVersion) {
  auto m = model_app_template("6.2.0", "    controllers:\n      web: {}\n");
  EXPECT_NE(m.find("Deployment", "shop"), nullptr);
  auto notes = m.messages("HA005");
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("modelled as 5.1.0"), std::string::npos) << notes[0];
}

// `{{ }}` in a tpl-expanded scheduling field is unknown: the replicas become unknown too,
// so no rule that needs them guesses.
TEST(AppTemplateModel, TemplatedAffinityIsUnknown) {
  auto m = model_app_template("5.1.0", R"(    controllers:
      web:
        replicas: 3
        pod:
          affinity: {podAntiAffinity: "{{ .Values.x }}"}
)");
  const auto* d = m.find("Deployment", "shop");
  EXPECT_EQ(str_at(d, {"spec", "template", "spec", "affinity"}), "${helm-template}");
  EXPECT_EQ(str_at(d, {"spec", "replicas"}), "${unknown-values}");
}

// 0.2.2 (note §7 example C, toboshii echo-server): one workload from `controller:`,
// selector without a controller label, top-level pod options.
TEST(AppTemplateModel, EchoServer022) {
  auto m = model_app_template("0.2.2", R"(    global: {nameOverride: echo-server}
    controller:
      replicas: 3
      strategy: RollingUpdate
      rollingUpdate: {surge: 1, unavailable: 1}
    topologySpreadConstraints:
      - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule,
         labelSelector: {matchLabels: {app.kubernetes.io/name: echo-server}}}
)",
                              "echo-server", "networking");
  const auto* d = m.find("Deployment", "echo-server");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(str_at(d, {"spec", "replicas"}), "3");
  EXPECT_EQ(str_at(d, {"spec", "strategy"}), "{type: RollingUpdate, rollingUpdate: {maxUnavailable: 1, maxSurge: 1}}");
  EXPECT_EQ(str_at(d, {"spec", "selector", "matchLabels"}),
            "{app.kubernetes.io/name: echo-server, app.kubernetes.io/instance: echo-server}");
  EXPECT_EQ(str_at(d, {"spec", "template", "spec", "topologySpreadConstraints", "0"}), "<absent>");
  EXPECT_NE(str_at(d, {"spec", "template", "spec", "topologySpreadConstraints"}).find("DoNotSchedule"),
            std::string::npos);
  EXPECT_EQ(d->helm->via, "helm networking/echo-server (app-template 0.2.2)");
}

// 0.2.2's HPA: autoscaling/v2beta1, min 1 max 3 by default, replicas still written.
TEST(AppTemplateModel, Autoscaling022) {
  auto m = model_app_template("0.2.2", "    autoscaling: {enabled: true}\n");
  const auto* hpa = m.find("HorizontalPodAutoscaler", "shop");
  ASSERT_NE(hpa, nullptr);
  EXPECT_EQ(str_at(hpa, {"apiVersion"}), "autoscaling/v2beta1");
  EXPECT_EQ(str_at(hpa, {"spec", "maxReplicas"}), "3");
  EXPECT_EQ(str_at(m.find("Deployment", "shop"), {"spec", "replicas"}), "1");
}

// 2.x: the library's default `main` controller (common-2.6.0 values.yaml) gets the bare
// name, any other id `<fullname>-<id>`; the selector names the controller as `component`.
TEST(AppTemplateModel, Layout2x) {
  auto m = model_app_template("2.6.0", "    controllers:\n      main: {}\n      worker: {}\n");
  const auto* main = m.find("Deployment", "shop");
  ASSERT_NE(main, nullptr);
  EXPECT_EQ(str_at(main, {"spec", "replicas"}), "1");
  EXPECT_EQ(str_at(main, {"spec", "selector", "matchLabels", "app.kubernetes.io/component"}), "main");
  const auto* worker = m.find("Deployment", "shop-worker");
  ASSERT_NE(worker, nullptr);
  EXPECT_EQ(str_at(worker, {"spec", "replicas"}), "<absent>");
}

// 3.x: `-<id>` only with more than one controller (common-3.7.3 controller/_valuesToObject.tpl).
TEST(AppTemplateModel, Layout3x) {
  auto one = model_app_template("3.7.3", "    controllers:\n      api: {}\n");
  EXPECT_NE(one.find("Deployment", "shop"), nullptr);
  auto two = model_app_template("3.7.3", "    controllers:\n      api: {}\n      ui: {}\n");
  EXPECT_NE(two.find("Deployment", "shop-api"), nullptr);
  EXPECT_NE(two.find("Deployment", "shop-ui"), nullptr);
}

// A version range or no version is modelled as the newest of its major, with a note.
TEST(AppTemplateModel, VersionRange) {
  auto m = model_app_template("4.x", "    controllers:\n      api: {}\n");
  const auto* d = m.find("Deployment", "shop");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(str_at(d, {"metadata", "labels", "helm.sh/chart"}), "app-template-4.1.1");
  EXPECT_EQ(m.messages("HA005").size(), 1u);
}

// Bad input never crashes and never invents a workload.
TEST(AppTemplateModel, BadInput) {
  EXPECT_EQ(model_app_template("5.1.0", "    controllers: nope\n").count_modelled(), 0u);
  EXPECT_EQ(model_app_template("5.1.0", "    controllers:\n      web: a string\n").count_modelled(), 0u);
  EXPECT_EQ(model_app_template("5.1.0", "    controllers:\n      web:\n        type: sidecar\n").count_modelled(), 0u);
  EXPECT_EQ(model_app_template("5.1.0", "    [1, 2]\n").count_modelled(), 0u);
  std::string many = "    controllers:\n";
  for (int i = 0; i < 10000; ++i) many += "      c" + std::to_string(i) + ": {}\n";
  auto m = model_app_template("5.1.0", many);
  EXPECT_EQ(m.count_modelled(), 10000u);
  EXPECT_NE(m.find("Deployment", "shop-c9999"), nullptr);
}

// Provenance: a values node keeps its line; a chart default points at the controller key.
TEST(AppTemplateModel, Provenance) {
  auto m = model_app_template("5.1.0", "    controllers:\n      web:\n        replicas: 2\n");
  const auto* d = m.find("Deployment", "shop");
  ASSERT_NE(d, nullptr);
  const SourceFile& f = m.analysis.files[d->root().origin().file];
  EXPECT_EQ(f.locate(d->root().path({"spec", "replicas"})->origin().span.begin).line, 13u);
  EXPECT_EQ(f.locate(d->root().path({"spec", "strategy"})->origin().span.begin).line, 12u);
  EXPECT_TRUE(d->root().path({"spec", "strategy"})->has_flag(yaml::kSynthesized));
  EXPECT_FALSE(d->root().path({"spec", "replicas"})->has_flag(yaml::kSynthesized));
}

}  // namespace
}  // namespace halint::helm::app_template
