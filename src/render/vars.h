#pragma once
// kustomize's deprecated `vars`: $(NAME) in container command, args and env values is
// replaced by a field (metadata.name by default) of the object `objref` names, after
// every other transformer (so a prefixed Service name is what comes out).
#include <string>
#include <vector>

#include "render/resource.h"

namespace halint::render {

struct Var {
  std::string name, kind, object, fieldpath;
  Origin at;
};

std::vector<Var> parse_vars(const yaml::Node* list);
void resolve_vars(std::vector<Resource>& rs, const std::vector<Var>& vars, std::vector<BuildIssue>& errors);

}  // namespace halint::render
