#pragma once
// Strategic merge patch as kustomize applies it: maps merge recursively, `null` deletes,
// lists that Kubernetes declares with a merge key (containers by name, volumeMounts by
// mountPath, ...) merge element by element, other lists are replaced; `$patch: delete`
// and `$patch: replace` directives. Patched values keep the patch file's origins.
#include <string>

#include "yaml/node.h"

namespace halint::render {

// Merges `patch` into `target` (an object of kind `kind`). Returns an error text, or "".
std::string strategic_merge(yaml::Node& target, const yaml::Node& patch, const std::string& kind);

}  // namespace halint::render
