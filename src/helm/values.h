#pragma once
// The values a HelmRelease gives its chart, merged as helm-controller merges them:
// `valuesFrom` sources in list order, then `spec.values` on top. Maps merge key by key,
// anything else (lists, scalars, null) replaces. Every node keeps the origin of the line
// that wrote it, so a chart model can point findings (and fixes) at values lines.
//
// A source halint cannot read (a SOPS-encrypted Secret, a ConfigMap that is not in the
// repository) makes part of the values unknown: the whole tree, or the subtree at its
// targetPath. Models ask `unknown()` before trusting a value there; rules then stay
// silent on it, as for an unresolved ${VAR}.
#include <string>
#include <string_view>
#include <vector>

#include "yaml/node.h"

namespace halint::helm {

using ValuesPath = std::vector<std::string>;

// "controllers.main.replicas" for messages.
std::string path_text(const ValuesPath& p);

// Merges `over` into `base` (helm-controller's MergeMaps): map into map recurses, any
// other value replaces. A merged map takes the origin of `over` (the later source), so
// an edit that adds a key lands in the source that wins.
void merge_values(yaml::Node& base, const yaml::Node& over);

// Sets `value` at `path` in `root`, creating maps on the way (a non-map on the way is
// replaced by a map): what `targetPath` does.
void set_at_path(yaml::Node& root, const ValuesPath& path, yaml::Node value);

// Parses a Helm/Flux targetPath ("a.b\.c[0]" style: dots separate, `\.` escapes a dot).
// List indices are kept as keys ("[0]" is not modelled: the caller treats them as unknown).
ValuesPath parse_target_path(std::string_view text);

class Values {
 public:
  Values() : root_(yaml::Node::map()) {}
  explicit Values(yaml::Node root) : root_(std::move(root)) {}

  const yaml::Node& root() const { return root_; }
  yaml::Node& root() { return root_; }

  // The node at path (maps only), or nullptr.
  const yaml::Node* at(const ValuesPath& path) const;
  const yaml::Node* at(std::initializer_list<std::string_view> path) const;

  // Marks a subtree as unknown (empty path: everything).
  void add_unknown(ValuesPath prefix) { unknown_.push_back(std::move(prefix)); }
  // True when an unreadable source may set something at or below `path`.
  bool unknown(const ValuesPath& path) const;
  bool any_unknown() const { return !unknown_.empty(); }
  // What the unknown sources are, for messages ("Secret media/sonarr-values").
  std::vector<std::string>& unknown_sources() { return unknown_sources_; }
  const std::vector<std::string>& unknown_sources() const { return unknown_sources_; }

 private:
  yaml::Node root_;
  std::vector<ValuesPath> unknown_;
  std::vector<std::string> unknown_sources_;
};

// Truthiness as Go templates test it (`if .x`): false, 0, "", null, empty map/list are false.
bool truthy(const yaml::Node* n);
// Non-empty as app-template's option resolution tests it: present and not null, "" , {} or [].
bool non_empty(const yaml::Node* n);
// True when a string holds a Helm template expression (`{{`).
bool has_template(const yaml::Node& n);

}  // namespace halint::helm
