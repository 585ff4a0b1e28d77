#include "render/render.h"

#include <gtest/gtest.h>

#include <set>

#include "core/loader.h"
#include "fs/walk.h"

namespace halint::render {
namespace {

// Renders every root of a repository in one run, as `halint check` does (one builder,
// its caches shared by all roots).
std::set<std::string> rendered_names(const std::string& dir, const std::string& kind) {
  Analysis a;
  a.repository_root = fs::repository_root(dir);
  auto walked = fs::walk({dir}, {});
  load_files(walked.files, a.files, 1);
  for (FileId i = 0; i < a.files.size(); ++i) a.linted_files.push_back(i);
  render_repository(a, RenderOptions{});
  std::set<std::string> names;
  for (const auto& o : a.objects)
    if (o.kind == kind) names.insert(o.name);
  return names;
}

TEST(Render, OverlaysOfOneGeneratorBaseGetTheirOwnHashes) {
  // Three overlays include one base's configMapGenerator: as it is (with a prefix),
  // patched, and merged with more data. The names are what `kubectl kustomize`
  // (kustomize v5.5) prints for each overlay; the generator and the hash are computed
  // once per distinct content, so a shared cache must not hand one overlay's suffix to
  // another.
  auto names = rendered_names(std::string(HALINT_SOURCE_DIR) + "/testdata/render/shared-generator", "ConfigMap");
  EXPECT_EQ(names, (std::set<std::string>{"same-web-config-hf678c7m2b", "web-config-47668c6k28",
                                          "web-config-4m99k87bkt"}));
}

}  // namespace
}  // namespace halint::render
