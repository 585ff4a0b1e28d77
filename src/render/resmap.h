#pragma once
// The list of objects a kustomize build works on, and the ways kustomize looks objects up
// in it: by current id (duplicates are refused), by any id an object ever had (patches
// without a target, generators that merge, replica counts), by selector (patch targets).
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "render/resource.h"

namespace re2 {
class RE2;
}

namespace halint::render {

// A full id: group, version, kind, name and effective namespace.
struct FullId {
  std::string group, version, kind, name, ns;
  bool operator==(const FullId&) const = default;
};
FullId current_id(const Resource& r);
std::string id_string(const FullId& id);  // kustomize's "Kind.version.group/name.namespace"

// True when `id` equals the object's current id or one of its previous ids.
bool has_id(const Resource& r, const FullId& id);

// The current ids of a list, to refuse duplicates without comparing every pair. It holds
// views into the objects' trees (ids are asked for by the thousand; copying them into
// strings was most of the cost): usable only while the objects it was given are alive and
// their ids unchanged. Moving an object (a vector growing) keeps its tree where it is.
class CurrentIds {
 public:
  explicit CurrentIds(const std::vector<Resource>& rs);
  bool contains(const Resource& r) const;
  bool add(const Resource& r);  // false when already there

 private:
  struct Key {
    std::string_view api_version, kind, name, ns;
    bool operator==(const Key&) const = default;
  };
  struct Hash {
    size_t operator()(const Key& k) const;
  };
  static Key key(const Resource& r);
  std::unordered_set<Key, Hash> keys_;
};

// Appends `from` to `into`, refusing objects whose id is already there (kustomize's
// "may not add resource with an already registered id"). "" or the error.
std::string append_all(std::vector<Resource>& into, std::vector<Resource>&& from);
// The same with `ids` holding the current ids of `into` (kept up to date): a kustomization
// appends file after file, and indexing the whole list again for each was quadratic.
std::string append_all(std::vector<Resource>& into, std::vector<Resource>&& from, CurrentIds& ids);

// Removes objects a transformer emptied (a `$patch: delete`).
void drop_empties(std::vector<Resource>& rs);

// kustomize's patch target selector: group, version, kind, name and namespace as anchored
// regular expressions (name and namespace match the original or the current id),
// labelSelector and annotationSelector.
struct Selector {
  std::string group, version, kind, name, name_space, label_selector, annotation_selector;
};
Selector parse_selector(const yaml::Node& t);

// Selector patterns compiled once (a builder selects with the same targets render after
// render). Anchored: get("a.*") matches what "^(?:a.*)$" matches.
class RegexCache {
 public:
  RegexCache();
  ~RegexCache();
  const re2::RE2& get(const std::string& pattern);

 private:
  std::unordered_map<std::string, std::unique_ptr<re2::RE2>> compiled_;
};

// Indices of the selected objects, or an error (a bad regular expression). `cache` keeps
// compiled patterns between calls (optional).
std::vector<size_t> select(const std::vector<Resource>& rs, const Selector& s, std::string& error,
                           RegexCache* cache = nullptr);

// Kubernetes label selector syntax: a=b, a!=b, a in (x,y), a notin (x), a, !a.
bool selector_matches(const std::string& selector, const yaml::Node* labels);

}  // namespace halint::render
