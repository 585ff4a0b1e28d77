#pragma once
// Flux kustomize-controller's build of a `Kustomization` (kustomize.toolkit.fluxcd.io):
// spec.path in its source (flux_sources.h; a kustomization of every manifest under it when the
// directory has none), then the spec's namespace, prefix/suffix, patches, images and
// components applied as kustomization fields, commonMetadata, and postBuild substitution.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "render/envsubst.h"
#include "render/kustomization.h"

namespace halint::render {

// Finds a ConfigMap/Secret for substituteFrom: its variables (nullopt values when
// encrypted), or nullopt when the repository holds no such object.
using VarSourceLookup =
    std::function<std::optional<Vars>(const std::string& kind, const std::string& name, const std::string& ns)>;

// Where a Flux Kustomization's spec.path is in this repository (flux_sources.h finds it).
struct FluxTarget {
  std::string dir;  // repository directory whose kustomization Flux builds ("" when none)
  // The kustomization Flux generates for an artifact directory that no single repository
  // directory is (its resources are absolute repository paths); `dir` is then "".
  std::optional<yaml::Node> generated;
  std::string artifact_dir;             // then: "/@artifact/<namespace>/<name>/<path>", naming the build
  // spec.components resolved in an artifact, as absolute repository paths (empty: as
  // written, relative to `dir`).
  std::vector<std::string> components;
  std::vector<std::string> dirs;        // every repository directory the render is built from
  std::vector<BuildIssue> skipped;      // HA005: the source is elsewhere
  std::vector<BuildIssue> errors;       // HA004: Flux would fail to build it
  std::vector<BuildIssue> partly_skipped;  // HA005 for parts that are elsewhere (the rest is built)
  std::string source;                   // "ExternalArtifact flux-system/apps", for messages
};

struct FluxBuild {
  BuildOutput build;
  std::vector<BuildIssue> unresolved;  // HA006
  std::string path_dir;                // absolute spec.path ("" when not in the repository)
};

// The kustomization Flux generates for a directory without one: every manifest file under
// it, and subdirectories holding a kustomization as a whole.
yaml::Node generated_kustomization(const std::string& dir, FileAccess& files, Origin origin);

// True for a file Flux's generated kustomization lists: it holds a Kubernetes object.
bool holds_objects(const SourceFile& f);

// Builds a Flux Kustomization at the place its source holds spec.path.
FluxBuild build_flux(const yaml::Node& ks, const FluxTarget& target, FileAccess& files, KustomizeBuilder& builder,
                     const VarSourceLookup& lookup);

bool is_flux_kustomization(const yaml::Node& doc);

}  // namespace halint::render
