#pragma once
// Writes rendered objects as YAML documents, like `kustomize build`, optionally with a
// `# file:line:col` comment naming where each value was written.
#include <string>
#include <vector>

#include "core/file_table.h"
#include "yaml/node.h"

namespace halint::render {

struct EmitOptions {
  bool origin = false;
  const FileTable* files = nullptr;  // needed for origin comments
};

std::string emit_yaml(const yaml::Node& n, const EmitOptions& opts);

// kustomize's legacy output order: namespaces and CRDs first, webhooks last.
int legacy_kind_order(const std::string& kind);

}  // namespace halint::render
