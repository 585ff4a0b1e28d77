// Releases as helm-controller computes them: names, chart identity, merged values.
#include <gtest/gtest.h>

#include "helm/release.h"
#include "helm/test_util.h"
#include "yaml/test_util.h"

namespace halint::helm {
namespace {

using testing::model_files;
using testing::str_at;

// fluxcd/helm-controller internal/release/name.go: releaseName, else
// [targetNamespace-]name; longer than 53: the first 40 characters, "-", and the first 12
// hex digits of the SHA-256 of the whole name.
TEST(ReleaseName, HelmControllerRule) {
  EXPECT_EQ(release_name("", "", "sonarr"), "sonarr");
  EXPECT_EQ(release_name("custom", "media", "sonarr"), "custom");
  EXPECT_EQ(release_name("", "media", "sonarr"), "media-sonarr");
  std::string long_name(60, 'a');
  // sha256("a" x 60) = 11ee391211c6256460b6ed375957fadd8061cafbb31daf967db875aebd5aaad4
  EXPECT_EQ(release_name(long_name, "", "x"), std::string(40, 'a') + "-11ee391211c6");
  EXPECT_EQ(release_name(std::string(53, 'b'), "", "x"), std::string(53, 'b'));
}

TEST(Values, MergeLikeHelmController) {
  yaml::Node base = yaml::testing::first_document("a: {b: 1, c: [1, 2]}\nd: x\ne: {f: 1}\n");
  yaml::Node over = yaml::testing::first_document("a: {b: 2, c: [3]}\nd: null\ne: 7\ng: {h: 1}\n");
  merge_values(base, over);
  EXPECT_EQ(yaml::to_flow(base), "{a: {b: 2, c: [3]}, d: null, e: 7, g: {h: 1}}");
}

TEST(Values, TargetPathAndUnknown) {
  EXPECT_EQ(parse_target_path("a.b\\.c.d"), (ValuesPath{"a", "b.c", "d"}));
  Values v;
  set_at_path(v.root(), {"x", "y"}, yaml::Node::integer(3));
  EXPECT_EQ(yaml::to_flow(v.root()), "{x: {y: 3}}");
  v.add_unknown({"controllers", "web"});
  EXPECT_TRUE(v.unknown({"controllers", "web", "replicas"}));
  EXPECT_TRUE(v.unknown({"controllers"}));
  EXPECT_FALSE(v.unknown({"controllers", "db"}));
  EXPECT_FALSE(v.unknown({"service"}));
}

TEST(Values, Truthiness) {
  auto t = [](const char* text) {
    yaml::Node n = yaml::testing::first_document(text);
    return truthy(&n);
  };
  EXPECT_FALSE(t("0"));
  EXPECT_FALSE(t("\"\""));
  EXPECT_FALSE(t("{}"));
  EXPECT_FALSE(t("false"));
  EXPECT_FALSE(t("null"));
  EXPECT_TRUE(t("\"0%\""));
  EXPECT_TRUE(t("1"));
  EXPECT_TRUE(t("[0]"));
}

const char* kOci = R"(apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata: {name: app-template, namespace: media}
spec:
  ref: {tag: 5.1.0}
  url: oci://ghcr.io/home-operations/charts-mirror/app-template
)";

// valuesFrom in order, then spec.values on top; an inline ConfigMap string points at its lines.
TEST(Release, ValuesFromThenValues) {
  auto m = model_files({{"oci.yaml", kOci},
                        {"cm.yaml", R"(apiVersion: v1
kind: ConfigMap
metadata: {name: sonarr-values, namespace: media}
data:
  values.yaml: |
    controllers:
      sonarr:
        replicas: 2
        strategy: RollingUpdate
)"},
                        {"hr.yaml", R"(apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: sonarr, namespace: media}
spec:
  chartRef: {kind: OCIRepository, name: app-template}
  valuesFrom:
    - kind: ConfigMap
      name: sonarr-values
  values:
    controllers:
      sonarr:
        replicas: 3
)"}});
  const auto* d = m.find("Deployment", "sonarr");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(str_at(d, {"spec", "replicas"}), "3");
  EXPECT_EQ(str_at(d, {"spec", "strategy", "type"}), "RollingUpdate");
  const yaml::Node* type = d->root().path({"spec", "strategy", "type"});
  const SourceFile& f = m.analysis.files[type->origin().file];
  EXPECT_TRUE(f.path.ends_with("/cm.yaml")) << f.path;
  EXPECT_EQ(f.locate(type->origin().span.begin).line, 9u);
}

// A SOPS-encrypted values Secret: modelled from what is known, replicas unknown, one HA005.
TEST(Release, SopsSecretIsUnknown) {
  auto m = model_files({{"oci.yaml", kOci},
                        {"secret.yaml", R"(apiVersion: v1
kind: Secret
metadata: {name: sonarr-values, namespace: media}
stringData:
  values.yaml: ENC[AES256_GCM,data:xyz]
sops: {version: 3.9.0}
)"},
                        {"hr.yaml", R"(apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: sonarr, namespace: media}
spec:
  chartRef: {kind: OCIRepository, name: app-template}
  valuesFrom:
    - {kind: Secret, name: sonarr-values}
  values:
    controllers:
      sonarr:
        replicas: 3
)"}});
  const auto* d = m.find("Deployment", "sonarr");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(str_at(d, {"spec", "replicas"}), "${unknown-values}");
  auto notes = m.messages("HA005");
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("SOPS"), std::string::npos) << notes[0];
}

// targetPath sets one value; a missing optional source is skipped.
TEST(Release, TargetPathAndOptional) {
  auto m = model_files({{"oci.yaml", kOci},
                        {"cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: r, namespace: media}\n"
                                    "data: {count: \"4\"}\n"},
                        {"hr.yaml", R"(apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: sonarr, namespace: media}
spec:
  chartRef: {kind: OCIRepository, name: app-template}
  valuesFrom:
    - {kind: ConfigMap, name: r, valuesKey: count, targetPath: controllers.web.replicas}
  values:
    controllers:
      web: {}
)"}});
  EXPECT_EQ(str_at(m.find("Deployment", "sonarr"), {"spec", "replicas"}), "4");
}

// spec.chart.spec with a HelmRepository; the target namespace and the release name follow it.
TEST(Release, ChartSpecAndTargetNamespace) {
  auto m = model_files({{"repo.yaml", "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\n"
                                      "metadata: {name: bjw-s, namespace: flux-system}\n"
                                      "spec: {url: https://bjw-s-labs.github.io/helm-charts/}\n"},
                        {"hr.yaml", R"(apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: web, namespace: flux-system}
spec:
  targetNamespace: apps
  chart:
    spec:
      chart: app-template
      version: 5.0.1
      sourceRef: {kind: HelmRepository, name: bjw-s}
  values:
    controllers:
      web: {}
)"}});
  const auto* d = m.find("Deployment", "apps-web");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(str_at(d, {"metadata", "namespace"}), "apps");
  EXPECT_EQ(str_at(d, {"metadata", "labels", "helm.sh/chart"}), "app-template-5.0.1");
}

// A chart no model knows, and a chartRef naming nothing: HA005, nothing invented.
TEST(Release, UnmodelledAndUnresolved) {
  auto m = model_files({{"hr.yaml", R"(apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: a, namespace: x}
spec:
  chart: {spec: {chart: some-chart, version: 1.0.0, sourceRef: {kind: HelmRepository, name: r}}}
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: b, namespace: x}
spec:
  chart: {spec: {chart: some-chart, version: 1.0.0, sourceRef: {kind: HelmRepository, name: r}}}
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: c, namespace: x}
spec:
  chartRef: {kind: OCIRepository, name: missing}
)"}});
  EXPECT_EQ(m.count_modelled(), 0u);
  EXPECT_EQ(m.stage.total_releases(), 3u);
  EXPECT_EQ(m.stage.modelled_releases(), 0u);
  auto notes = m.messages("HA005");
  ASSERT_EQ(notes.size(), 2u);
  std::string all = notes[0] + " | " + notes[1];
  EXPECT_NE(all.find("chart \"some-chart\" has no model in halint (HelmReleases x/a, x/b)"), std::string::npos) << all;
  EXPECT_NE(all.find("OCIRepository x/missing (spec.chartRef) is not in the repository"), std::string::npos) << all;
}

// Post-renderer patches apply to the modelled objects.
TEST(Release, PostRenderers) {
  auto m = model_files({{"oci.yaml", kOci},
                        {"hr.yaml", R"(apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: sonarr, namespace: media}
spec:
  chartRef: {kind: OCIRepository, name: app-template}
  values:
    controllers:
      sonarr: {}
  postRenderers:
    - kustomize:
        patches:
          - target: {kind: Deployment}
            patch: |
              - op: add
                path: /spec/replicas
                value: 4
)"}});
  EXPECT_EQ(str_at(m.find("Deployment", "sonarr"), {"spec", "replicas"}), "4");
}

}  // namespace
}  // namespace halint::helm

namespace halint::helm {
namespace {

// Two sources of one name and namespace (one per cluster directory, or two repositories
// checked together): the one written nearest to the HelmRelease is its chart.
TEST(Release, NearestSourceWins) {
  auto oci = [](const char* tag) {
    return std::string("apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\n"
                       "metadata: {name: app-template, namespace: flux-system}\nspec:\n  ref: {tag: ") +
           tag + "}\n  url: oci://ghcr.io/bjw-s-labs/helm/app-template\n";
  };
  std::string hr = "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: web, namespace: apps}\n"
                   "spec:\n  chartRef: {kind: OCIRepository, name: app-template, namespace: flux-system}\n"
                   "  values:\n    controllers:\n      web: {}\n";
  auto m = testing::model_files({{"a/repositories/oci.yaml", oci("5.0.1")},
                                 {"b/repositories/oci.yaml", oci("5.1.0")},
                                 {"b/apps/web/hr.yaml", hr}});
  EXPECT_EQ(testing::str_at(m.find("Deployment", "web"), {"metadata", "labels", "helm.sh/chart"}), "app-template-5.1.0");
}

}  // namespace
}  // namespace halint::helm
