// Flux Kustomizations whose source is built from the repository itself: ExternalArtifacts
// of an ArtifactGenerator, OCIRepositories pushed from a directory (testdata/render/flux-*,
// synthetic layouts modelled on fluxcd/flux2-kustomize-helm-example and xunholy/k8s-gitops),
// and the real repositories of ../shared/corpus when present.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "core/loader.h"
#include "fs/walk.h"
#include "render/render.h"

namespace halint::render {
namespace {

namespace stdfs = std::filesystem;

const std::string kFixtures = std::string(HALINT_SOURCE_DIR) + "/testdata/render/";

struct Rendered {
  Analysis a;
  // "render|Kind|namespace/name" for every object.
  std::set<std::string> objects;
  std::vector<const Finding*> of(const std::string& rule, const std::string& render) const {
    std::vector<const Finding*> out;
    for (const auto& f : a.render_findings)
      if (f.rule == rule && (render.empty() || std::find(f.via.begin(), f.via.end(), render) != f.via.end()))
        out.push_back(&f);
    return out;
  }
  bool has(const std::string& render, const std::string& kind, const std::string& ns, const std::string& name) const {
    return objects.count(render + "|" + kind + "|" + ns + "/" + name) > 0;
  }
  const model::Object* find(const std::string& render, const std::string& kind, const std::string& name) const {
    for (const auto& o : a.objects)
      if (o.render == render && o.kind == kind && o.name == name) return &o;
    return nullptr;
  }
  std::string file_of(const model::Object& o) const { return a.files[o.node->origin().file].abs_path; }
};

std::unique_ptr<Rendered> render_dir(const std::string& dir, const std::map<std::string, std::string>& roots = {}) {
  auto r = std::make_unique<Rendered>();
  r->a.repository_root = fs::repository_root(dir);
  auto walked = fs::walk({dir}, {});
  load_files(walked.files, r->a.files, 1);
  for (FileId i = 0; i < r->a.files.size(); ++i) r->a.linted_files.push_back(i);
  RenderOptions opt;
  opt.flux_source_roots = &roots;
  render_repository(r->a, opt);
  for (const auto& o : r->a.objects) r->objects.insert(o.render + "|" + o.kind + "|" + o.name_space + "/" + o.name);
  return r;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(FluxSources, ExternalArtifactsOfAnArtifactGenerator) {
  std::string dir = kFixtures + "flux-artifact-generator";
  auto r = render_dir(dir);
  // `apps` copies apps/base/** to base/ and apps/staging/** to staging/: ./staging is the
  // repository's apps/staging, whose ../base/web resolves as in the artifact.
  const model::Object* web = r->find("flux flux-system/apps", "Deployment", "web");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->node->path({"spec", "replicas"})->str(), "3");  // the Kustomization's patch
  EXPECT_EQ(r->file_of(*web), dir + "/apps/base/web/deployment.yaml");
  EXPECT_TRUE(r->has("flux flux-system/infra-controllers", "Deployment", "ingress", "ingress"));
  // The exclude keeps draft-*.yaml out of the artifact: Flux never applies it.
  EXPECT_TRUE(r->has("flux flux-system/infra-configs", "ConfigMap", "ingress", "issuer"));
  EXPECT_FALSE(r->has("flux flux-system/infra-configs", "Deployment", "ingress", "draft-worker"));
  // Files of two directories gathered in one artifact directory: Flux's generated
  // kustomization over them, every node still pointing at its own file.
  EXPECT_TRUE(r->has("flux flux-system/web-bundle", "Deployment", "bundle", "web"));
  EXPECT_TRUE(r->has("flux flux-system/web-bundle", "PodDisruptionBudget", "bundle", "web"));
  for (const char* ok : {"flux flux-system/apps", "flux flux-system/infra-controllers", "flux flux-system/infra-configs",
                         "flux flux-system/web-bundle"}) {
    EXPECT_TRUE(r->of("HA004", ok).empty()) << ok;
    EXPECT_TRUE(r->of("HA005", ok).empty()) << ok;
  }
  // A path the artifact lacks, and a copy rule that fails: Flux fails (HA004).
  auto missing = r->of("HA004", "flux flux-system/apps-production");
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_TRUE(contains(missing[0]->message, "'./production' is not a directory of ExternalArtifact flux-system/apps"))
      << missing[0]->message;
  auto broken = r->of("HA004", "flux flux-system/broken");
  ASSERT_EQ(broken.size(), 1u);
  EXPECT_TRUE(contains(broken[0]->message, "does-not-exist")) << broken[0]->message;
  EXPECT_EQ(r->a.files[broken[0]->location.file].abs_path, dir + "/clusters/staging/artifacts.yaml");
  // A source outside the repository: not analysed (HA005), naming it.
  auto vendor = r->of("HA005", "flux flux-system/vendor");
  ASSERT_EQ(vendor.size(), 1u);
  EXPECT_TRUE(contains(vendor[0]->message, "vendor-charts")) << vendor[0]->message;
  // Directories Flux builds are not built again as kustomize roots.
  for (const auto& info : r->a.renders)
    if (info.name.starts_with("kustomize ")) EXPECT_NE(info.dir, dir + "/apps/staging") << info.name;
}

TEST(FluxSources, OciRepositoryPushedFromADirectory) {
  std::string dir = kFixtures + "flux-oci-pushed";
  auto r = render_dir(dir);
  // The cluster Kustomization: ./apps/overlays/cluster-00 exists under kubernetes/ only.
  EXPECT_TRUE(r->of("HA005", "flux flux-system/cluster").empty());
  EXPECT_TRUE(r->has("flux flux-system/cluster", "Kustomization", "home", "whoami"));
  // ExternalArtifacts cut from it: `.../app/` copied into `.../app/` holds app/app/, which
  // Flux's generated kustomization includes as a whole; `.../app/**` is the directory.
  const model::Object* whoami = r->find("flux home/whoami", "Deployment", "whoami");
  ASSERT_NE(whoami, nullptr);
  EXPECT_EQ(whoami->name_space, "home");
  EXPECT_EQ(r->file_of(*whoami), dir + "/kubernetes/apps/base/home/whoami/app/deployment.yaml");
  EXPECT_TRUE(r->has("flux home/echo", "Deployment", "home", "echo"));
  // A retired Kustomization of the same source: its path is where the others say the
  // OCIRepository is pushed from.
  EXPECT_NE(r->find("flux home/whoami-old", "Deployment", "whoami"), nullptr);
  // One whose path is nowhere in the repository stays skipped.
  auto gone = r->of("HA005", "flux home/gone");
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_TRUE(contains(gone[0]->message, "is not a directory of this repository")) << gone[0]->message;
}

TEST(FluxSources, SeveralCandidateDirectoriesNeedTheConfig) {
  std::string dir = kFixtures + "flux-source-roots";
  auto r = render_dir(dir);
  auto skipped = r->of("HA005", "flux flux-system/apps");
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_TRUE(contains(skipped[0]->message, "flux.sourceRoots")) << skipped[0]->message;

  auto configured = render_dir(dir, {{"OCIRepository/flux-system/manifests", dir + "/deploy"}});
  EXPECT_TRUE(configured->of("HA005", "flux flux-system/apps").empty());
  EXPECT_TRUE(configured->has("flux flux-system/apps", "Deployment", "api", "api"));
  EXPECT_FALSE(configured->has("flux flux-system/apps", "ConfigMap", "flux-system", "settings"));

  // A configured directory that lacks the path: what Flux fails on.
  auto wrong = render_dir(dir, {{"OCIRepository/flux-system/manifests", dir + "/deploy/clusters"}});
  auto err = wrong->of("HA004", "flux flux-system/apps");
  ASSERT_EQ(err.size(), 1u);
  EXPECT_TRUE(contains(err[0]->message, "flux.sourceRoots")) << err[0]->message;
}

// The real repositories: no Flux Kustomization is skipped for a path the repository holds.
std::string corpus_repo(const std::string& name) {
  std::string p = std::string(HALINT_SOURCE_DIR) + "/../shared/corpus/" + name;
  std::error_code ec;
  return stdfs::is_directory(p, ec) ? stdfs::canonical(p).string() : "";
}

// Whether some directory of the repository ends with `rel` (the path a skipped
// Kustomization names).
bool repository_holds(const std::string& repo, const std::string& rel) {
  std::string tail = "/" + rel;
  std::error_code ec;
  for (auto it = stdfs::recursive_directory_iterator(repo, ec); it != stdfs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_directory(ec) && it->path().string().ends_with(tail)) return true;
  return false;
}

void expect_no_skipped_held_path(const Rendered& r, const std::string& repo) {
  for (const auto* f : r.of("HA005", "")) {
    size_t at = f->message.find("spec.path '");
    if (at == std::string::npos) continue;
    std::string p = f->message.substr(at + 11, f->message.find('\'', at + 11) - at - 11);
    while (p.starts_with("./")) p = p.substr(2);
    EXPECT_FALSE(repository_holds(repo, p)) << f->message;
  }
}

TEST(FluxSources, CorpusArtifactGeneratorExample) {
  std::string repo = corpus_repo("fluxcd__flux2-kustomize-helm-example");
  if (repo.empty()) GTEST_SKIP() << "../shared/corpus/fluxcd__flux2-kustomize-helm-example is absent";
  auto r = render_dir(repo);
  expect_no_skipped_held_path(*r, repo);
  // The four Flux Kustomizations on ExternalArtifacts are built, with objects.
  for (const char* ks : {"flux flux-system/apps", "flux flux-system/infra-controllers", "flux flux-system/infra-configs"}) {
    size_t n = 0;
    for (const auto& o : r->a.objects) n += o.render == ks;
    EXPECT_GT(n, 0u) << ks;
    for (const char* rule : {"HA004", "HA005"})
      for (const auto* f : r->of(rule, ks)) ADD_FAILURE() << ks << ": " << f->message;
  }
}

TEST(FluxSources, CorpusOciPushedRepository) {
  std::string repo = corpus_repo("xunholy__k8s-gitops");
  if (repo.empty()) GTEST_SKIP() << "../shared/corpus/xunholy__k8s-gitops is absent";
  auto r = render_dir(repo);
  expect_no_skipped_held_path(*r, repo);
  // Apps on ExternalArtifacts cut from the OCIRepository pushed from kubernetes/ are built.
  EXPECT_NE(r->find("flux home-system/bazarr", "HelmRelease", "bazarr"), nullptr);
  size_t ks = 0;
  for (const auto& info : r->a.renders) ks += info.name.starts_with("flux ");
  EXPECT_GT(ks, 100u);
}

}  // namespace
}  // namespace halint::render
