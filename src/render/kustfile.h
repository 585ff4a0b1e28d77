#pragma once
// Reads a kustomization as kustomize decodes it: top-level keys matched case-insensitively
// to kustomize's fields (its JSON decoder does), unknown keys refused, deprecated fields
// folded into their successors (bases into resources, imageTags into images, a
// generator's env into envs), an empty kustomization refused. Values keep their origins.
#include <string>
#include <vector>

#include "render/resource.h"

namespace halint::render {

struct KustFile {
  yaml::Node node;  // a map with kustomize's canonical keys
  std::string error;  // kustomize's reason to refuse it ("" when fine)
  Origin error_at;
  bool component = false;
};

KustFile read_kustomization(const yaml::Node& raw);

}  // namespace halint::render
