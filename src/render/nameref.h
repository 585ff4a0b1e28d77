#pragma once
// kustomize's name reference fix-up, run once at the end of a build: every field that
// names another object (a pod's ConfigMap volume, an HPA's target, a RoleBinding's
// subjects, configured fields) gets that object's final name. The object is found by a
// name it had before, its kind, the referrer's namespace, and, when several remain (a
// base included twice), by the prefixes and suffixes both went through.
#include <string>
#include <vector>

#include "render/resource.h"
#include "render/transformer_config.h"

namespace halint::render {

// "" or kustomize's error (several objects could be the one referred to).
std::string fix_name_references(std::vector<Resource>& rs, const std::vector<NameBackRef>& refs);

}  // namespace halint::render
