#pragma once
// kustomize's built-in transformers on a list of resources: namespace, name prefix/suffix,
// labels, annotations, images, replicas, and the name-reference fix-up that follows name
// changes (prefix, suffix, generator hash) into the objects that refer to them.
#include <functional>
#include <string>
#include <vector>

#include "render/resource.h"

namespace halint::render {

// A field spec: where in which kinds a transformer writes ("spec/selector/matchLabels").
struct FieldSpec {
  std::string group;  // empty: any
  std::string kind;   // empty: any
  std::string path;
  bool create = false;
};

// A nameReference entry: objects of `kind` are referred to at `referrers`.
struct NameRef {
  std::string kind;
  std::vector<FieldSpec> referrers;
};

// Sets metadata.namespace of namespaced objects (and the subjects kustomize updates).
void set_namespace(std::vector<Resource>& rs, const yaml::Node& ns_node);
void add_prefix_suffix(std::vector<Resource>& rs, const yaml::Node* prefix, const yaml::Node* suffix);
// Adds labels: metadata always; pod templates when `templates`; selectors when `selectors`.
void add_labels(std::vector<Resource>& rs, const yaml::Node& labels, bool selectors, bool templates);
void add_annotations(std::vector<Resource>& rs, const yaml::Node& annotations);
void set_images(std::vector<Resource>& rs, const yaml::Node& images);
void set_replicas(std::vector<Resource>& rs, const yaml::Node& replicas);
// Sets string entries (labels, annotations) at the given field specs.
void apply_string_map(std::vector<Resource>& rs, const std::vector<FieldSpec>& specs, const yaml::Node& entries);
std::vector<FieldSpec> parse_field_specs(const yaml::Node* list);

// After all renames: updates references from the old names to the new ones.
void fix_name_references(std::vector<Resource>& rs, const std::vector<NameRef>& extra);
// Reads a `configurations:` file's nameReference entries.
std::vector<NameRef> parse_name_references(const yaml::Node& config);

// Applies `fn` to the node(s) at a field spec's path in `obj` (creating maps when asked).
void visit_path(yaml::Node& obj, const std::string& path, bool create, Origin origin,
                const std::function<void(yaml::Node& parent, const std::string& key)>& fn);

}  // namespace halint::render
