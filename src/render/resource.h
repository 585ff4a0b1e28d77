#pragma once
// One object inside a kustomize build: its tree (nodes keep their origins) and the identity
// it had before name transformers ran, which kustomize uses to fix name references.
#include <string>
#include <vector>

#include "core/source.h"
#include "yaml/node.h"

namespace halint::render {

struct Resource {
  yaml::Node node;
  std::string orig_name;       // metadata.name as first loaded (before prefix/suffix/hash)
  std::string orig_namespace;  // metadata.namespace as first loaded
  bool needs_hash = false;     // a generated ConfigMap/Secret still to get its hash suffix
  bool generated = false;

  // The scalar at path, "" when absent. A reference into the tree: valid until the
  // tree changes (renders ask for ids millions of times; copies were a tenth of a check).
  const std::string& str(std::initializer_list<std::string_view> path) const {
    static const std::string kEmpty;
    const yaml::Node* v = node.path(path);
    return v && v->is_scalar() && !v->is_null() ? v->str() : kEmpty;
  }
  const std::string& api_version() const { return str({"apiVersion"}); }
  const std::string& kind() const { return str({"kind"}); }
  const std::string& name() const { return str({"metadata", "name"}); }
  const std::string& name_space() const { return str({"metadata", "namespace"}); }
  std::string_view group_view() const {
    std::string_view av = api_version();
    auto s = av.find('/');
    return s == std::string_view::npos ? std::string_view() : av.substr(0, s);
  }
  std::string group() const { return std::string(group_view()); }
  std::string version() const {
    std::string av = api_version();
    auto s = av.find('/');
    return s == std::string::npos ? av : av.substr(s + 1);
  }
};

// A problem found while building: what and where (the offending reference).
struct BuildIssue {
  std::string message;
  Origin at;
};

// True for kinds the API server keeps outside namespaces (kustomize never sets their namespace).
bool cluster_scoped(const std::string& kind);

// Node helpers used by every transformer.
yaml::Node& ensure_map(yaml::Node& parent, std::string_view key, Origin origin = {});
yaml::Node str_node(std::string value, Origin origin = {});

}  // namespace halint::render
