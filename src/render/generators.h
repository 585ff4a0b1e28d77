#pragma once
// configMapGenerator / secretGenerator: builds the ConfigMap or Secret from literals,
// files and env files, and computes kustomize's name hash suffix.
#include <string>
#include <vector>

#include "render/file_access.h"
#include "render/resource.h"

namespace halint::render {

// One generator entry (`- name: ...` under configMapGenerator/secretGenerator), with the
// kustomization's generatorOptions. `dir` is the kustomization's directory.
struct GeneratorInput {
  const yaml::Node* entry = nullptr;
  const yaml::Node* options = nullptr;  // generatorOptions, may be null
  bool secret = false;
  std::string dir;
};

struct Generated {
  Resource resource;
  std::string behavior = "create";  // create | merge | replace
  std::vector<BuildIssue> issues;
  std::vector<BuildIssue> skipped;  // remote sources (URLs): not fetched
};

Generated generate(const GeneratorInput& in, FileAccess& files);

// kustomize's suffix for a ConfigMap/Secret: sha256 of its JSON encoding (kind, name,
// data, ...), first 10 hex digits with 0,1,3,a,e mapped to g,h,k,m,t.
std::string name_hash(const yaml::Node& object);

// Go's json.Marshal string encoding (HTML-escaped), exposed for tests.
std::string go_json_string(std::string_view s);

std::string base64(std::string_view data);
std::string wrapped_base64(std::string_view data);

}  // namespace halint::render
