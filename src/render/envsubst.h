#pragma once
// Flux post-build substitution (drone/envsubst syntax as kustomize-controller uses it):
// ${VAR}, ${VAR:=default}, ${VAR:-default}, ${VAR=default}, ${VAR-default}, and $${VAR}
// for a literal ${VAR}. Works per scalar, so a substituted value keeps the origin of the
// scalar where `${VAR}` was written, and a plain scalar is re-typed (`${REPLICAS}` -> 3).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/file_table.h"
#include "render/resource.h"

namespace halint::render {

// A variable's value; nullopt when the name is known but not its value (a SOPS-encrypted
// Secret): the reference stays as written so that rules treat it as unknown.
using Vars = std::map<std::string, std::optional<std::string>>;

struct SubstOutcome {
  std::string text;
  std::vector<std::string> undefined;  // ${VAR} without default and not in vars
  bool changed = false;
};

SubstOutcome substitute_text(const std::string& text, const Vars& vars);

// Substitutes every scalar of `obj`. Undefined variables are reported in `undefined`
// (at the scalar) when `report` is set (every substituteFrom source was found). With
// `files`, subtrees still as parsed from a file without '$' are not read (TextFacts).
void substitute_object(yaml::Node& obj, const Vars& vars, bool report, std::vector<BuildIssue>& undefined,
                       const FileTable* files = nullptr);

// True when the object opts out (label or annotation kustomize.toolkit.fluxcd.io/substitute: disabled).
bool substitution_disabled(const yaml::Node& obj);

}  // namespace halint::render
