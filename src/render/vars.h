#pragma once
// kustomize's deprecated `vars`: `$(NAME)` in the fields its varReference specs list
// (container command/args/env, Ingress hosts, Service ports, labels, annotations, ...)
// is replaced by a field (metadata.name by default) of the object `objref` names, after
// every other transformer (so a prefixed Service name is what comes out). A field that
// is exactly `$(NAME)` takes the value with its type (a port stays a number).
#include <string>
#include <vector>

#include "render/fieldspec.h"
#include "render/resource.h"

namespace halint::render {

struct Var {
  std::string name;
  std::string group, version, kind, object, ns;  // objref
  std::string fieldpath = "metadata.name";
  Origin at;
};

std::vector<Var> parse_vars(const yaml::Node* list);

// kustomize's MergeVars at one kustomization: marks the object each var refers to (by any
// id it had). "" or the error (several objects match).
std::string attach_vars(std::vector<Resource>& rs, const std::vector<Var>& vars);

// At the end of the build: the values, substituted at the varReference specs. "" or the
// error (a var whose object or field is missing).
std::string resolve_vars(std::vector<Resource>& rs, const std::vector<Var>& vars, const FsSlice& var_reference);

// The field at a dotted path (`spec.ports[0].port`, `metadata.labels.[app.kubernetes.io/name]`).
const yaml::Node* field_at(const yaml::Node& obj, const std::string& path);

}  // namespace halint::render
