#pragma once
// Flux kustomize-controller's build of a `Kustomization` (kustomize.toolkit.fluxcd.io):
// spec.path from the repository root (a kustomization of every manifest under it when the
// directory has none), then the spec's namespace, prefix/suffix, patches, images and
// components applied as kustomization fields, commonMetadata, and postBuild substitution.
#include <functional>
#include <string>
#include <vector>

#include "render/envsubst.h"
#include "render/kustomization.h"

namespace halint::render {

// Finds a ConfigMap/Secret for substituteFrom: its variables (nullopt values when
// encrypted), or nullopt when the repository holds no such object.
using VarSourceLookup =
    std::function<std::optional<Vars>(const std::string& kind, const std::string& name, const std::string& ns)>;

struct FluxBuild {
  BuildOutput build;
  std::vector<BuildIssue> unresolved;  // HA006
  std::string path_dir;                // absolute spec.path ("" when not in the repository)
};

// The kustomization Flux generates for a directory without one: every manifest file under
// it, and subdirectories holding a kustomization as a whole.
yaml::Node generated_kustomization(const std::string& dir, FileAccess& files, Origin origin);

// Directories a Flux Kustomization builds (spec.path and its components), for root detection.
std::vector<std::string> flux_dirs(const yaml::Node& ks, const std::string& repo_root, FileAccess& files);

FluxBuild build_flux(const yaml::Node& ks, const std::string& repo_root, FileAccess& files, KustomizeBuilder& builder,
                     const VarSourceLookup& lookup);

bool is_flux_kustomization(const yaml::Node& doc);

}  // namespace halint::render
