#pragma once
// kustomize's `buildMetadata`: with `originAnnotations` every object says where it came
// from (`config.kubernetes.io/origin`: the file, or the generator and the kustomization
// that configured it); with `transformerAnnotations`, which transformers touched it
// (`alpha.config.kubernetes.io/transformations`); with `managedByLabel`, the
// `app.kubernetes.io/managed-by` label. Paths are relative to the built kustomization.
#include <string>
#include <vector>

#include "yaml/node.h"

namespace halint::render {

struct BuildOrigin {
  std::string path;           // the resource file
  std::string configured_in;  // the kustomization (or plugin file) that configured a generator/transformer
  std::string by_api_version, by_kind, by_name, by_namespace;
};

// kustomize's YAML text of one origin, and of a list of them.
std::string origin_yaml(const BuildOrigin& o);
std::string transformations_yaml(const std::vector<BuildOrigin>& list);

// filepath.Join of relative paths ("" + "a" = "a", "../b" + "x.yaml" = "../b/x.yaml").
std::string join_relative(const std::string& base, const std::string& path);

// The label value kubectl's kustomize writes for managedByLabel.
inline constexpr const char* kManagedByValue = "kustomize-(devel)";

}  // namespace halint::render
