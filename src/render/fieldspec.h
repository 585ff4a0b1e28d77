#pragma once
// kustomize field specs: where in which kinds a transformer reads or writes
// ("spec/template/metadata/labels" in apps Deployments). A path walks maps by key and
// every element of a list it meets; `name[]` says the field is a list; `create` makes the
// missing maps on the way. Lists of specs merge as kustomize merges them (a spec that
// another one already covers is dropped; the same spec with another `create` is an error).
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "yaml/node.h"

namespace halint::render {

struct FieldSpec {
  std::string group, version, kind;  // empty: any
  std::string path;
  bool create = false;
};
using FsSlice = std::vector<FieldSpec>;

// kustomize's Gvk.IsSelected: every non-empty part of the selector equals the object's.
bool gvk_selected(std::string_view group, std::string_view version, std::string_view kind, const FieldSpec& sel);

// Adds `fs` unless an equivalent spec is there; "" or an error text.
std::string merge_one(FsSlice& into, const FieldSpec& fs);
std::string merge_all(FsSlice& into, const FsSlice& from);

// A field spec list from YAML (`[{path, kind, group, version, create}]`). `strict`: unknown
// keys are errors (kustomize decodes configurations files and kustomizations strictly,
// plugin configurations leniently).
FsSlice parse_field_specs(const yaml::Node* list, std::string& error, bool strict = true);

// Splits a field path at '/', keeping "\/" as a literal slash inside a segment.
std::vector<std::string> split_field_path(std::string_view path);

// What a missing last field is created as, when the spec says `create`.
enum class CreateKind { None, Scalar, Map };

// Calls `set` on every node at the spec's path in `obj` (when the object's group, version
// and kind match the spec). Returns kustomize's error text ("" when fine): a path that
// runs into a scalar, or one `set` returned.
using FieldSetter = std::function<std::string(yaml::Node& value)>;
std::string apply_field_spec(yaml::Node& obj, const FieldSpec& fs, CreateKind create_kind, Origin create_origin,
                             const FieldSetter& set);

}  // namespace halint::render
