#pragma once
// Patch `target` selectors: group, version, kind, name, namespace (regular expressions,
// anchored as kustomize anchors them), labelSelector and annotationSelector.
#include <string>

#include "render/resource.h"

namespace halint::render {

struct Target {
  std::string group, version, kind, name, name_space, label_selector, annotation_selector;
  bool has_group = false, has_version = false;
};

Target parse_target(const yaml::Node& t);
bool target_matches(const Target& t, const Resource& r);
// Kubernetes label selector syntax: a=b, a!=b, a in (x,y), a notin (x), a, !a.
bool selector_matches(const std::string& selector, const yaml::Node* labels);

}  // namespace halint::render
