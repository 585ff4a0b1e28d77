#pragma once
// One object inside a kustomize build: its tree (nodes keep their origins) and the build
// facts kustomize tracks beside it (in annotations it strips before printing): the ids
// the object had before renames, the prefixes and suffixes added to its name, generator
// options. Name references, patches and vars find objects through them.
#include <string>
#include <vector>

#include <optional>

#include "core/source.h"
#include "render/build_metadata.h"
#include "render/resid.h"
#include "yaml/node.h"

namespace halint::render {

// An id the object had before a transformer changed it. `ns` is the effective namespace
// ("default" for none, "_non_namespaceable_" for cluster-scoped kinds), as kustomize keeps it.
struct PrevId {
  std::string kind, name, ns;
};

struct Resource {
  yaml::Node node;
  std::vector<PrevId> prev_ids;        // oldest first: prev_ids[0] is the original id
  std::vector<std::string> prefixes;   // namePrefix values applied, innermost first
  std::vector<std::string> suffixes;
  std::vector<std::string> ref_vars;   // names of the vars whose objref is this object
  std::string behavior;                // generated: create | merge | replace
  bool needs_hash = false;             // a generated ConfigMap/Secret still to get its hash suffix
  bool generated = false;
  // Where it came from and what transformed it, kept only when the build asks for
  // buildMetadata.
  std::optional<BuildOrigin> origin;
  std::vector<BuildOrigin> transformations;

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
  std::string_view group_view() const { return api_group(api_version()); }
  std::string group() const { return std::string(group_view()); }
  std::string version() const { return std::string(api_version_only(api_version())); }
  bool is_cluster_scoped() const { return cluster_scoped(api_version(), kind()); }
  std::string effective_ns() const { return std::string(effective_ns_view()); }
  // The same without a copy: valid while the tree is unchanged.
  std::string_view effective_ns_view() const { return id_view().ns; }

  // The current id's parts, found in one pass over the object (views into the tree, valid
  // while it is unchanged; `ns` is the effective namespace).
  struct IdView {
    std::string_view api_version, kind, name, ns;
  };
  IdView id_view() const;

  // The original id (before any rename): kustomize's OrgId.
  std::string org_name() const { return prev_ids.empty() ? name() : prev_ids.front().name; }
  const std::string& org_name_view() const { return prev_ids.empty() ? name() : prev_ids.front().name; }
  std::string org_kind() const { return prev_ids.empty() ? kind() : prev_ids.front().kind; }
  std::string org_effective_ns() const { return std::string(org_effective_ns_view()); }
  std::string_view org_effective_ns_view() const {
    return prev_ids.empty() ? effective_ns_view() : std::string_view(prev_ids.front().ns);
  }
  // Records the current id as a previous one (before a transformer changes it).
  void store_previous_id() {
    IdView id = id_view();
    prev_ids.push_back({std::string(id.kind), std::string(id.name), std::string(id.ns)});
  }
};

// A problem found while building: what and where (the offending reference).
struct BuildIssue {
  std::string message;
  Origin at;
};

// Node helpers used by every transformer.
yaml::Node& ensure_map(yaml::Node& parent, std::string_view key, Origin origin = {});
yaml::Node str_node(std::string value, Origin origin = {});

}  // namespace halint::render
