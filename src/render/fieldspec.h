#pragma once
// kustomize field specs: where in which kinds a transformer reads or writes
// ("spec/template/metadata/labels" in apps Deployments). A path walks maps by key and
// every element of a list it meets; `name[]` says the field is a list; `create` makes the
// missing maps on the way. Lists of specs merge as kustomize merges them (a spec that
// another one already covers is dropped; the same spec with another `create` is an error).
#include <string>
#include <string_view>
#include <vector>

#include "render/function_ref.h"
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

// Called on every node at a spec's path; returns kustomize's error text ("" when fine).
using FieldSetter = FunctionRef<std::string(yaml::Node& value)>;
// Asked, before anything is written, whether `set` would change a node at the path (or
// fail there). Without one, any node found counts. A walk whose nodes all answer no
// leaves the object untouched: its child lists stay shared (yaml/node.h).
using FieldProbe = FunctionRef<bool(const yaml::Node& value)>;

// True when the object's group, version and kind are selected by the spec.
bool field_spec_selects(const yaml::Node& obj, const FieldSpec& fs);

// Calls `set` on every node at the spec's path in `obj` (when the object's group, version
// and kind match the spec). Returns kustomize's error text ("" when fine): a path that
// runs into a scalar, or one `set` returned.
std::string apply_field_spec(yaml::Node& obj, const FieldSpec& fs, CreateKind create_kind, Origin create_origin,
                             FieldSetter set);
std::string apply_field_spec(yaml::Node& obj, const FieldSpec& fs, CreateKind create_kind, Origin create_origin,
                             FieldSetter set, FieldProbe probe);
// The same without looking at the object's group, version and kind (the caller selected it).
std::string apply_field_path(yaml::Node& obj, const FieldSpec& fs, CreateKind create_kind, Origin create_origin,
                             FieldSetter set, FieldProbe probe);

}  // namespace halint::render
