#include "render/transformers.h"

#include <re2/re2.h>

#include <algorithm>
#include <map>

#include "render/containers.h"
#include "render/resmap.h"

namespace halint::render {
namespace {

std::string scalar(const yaml::Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

// A string scalar holding `value`, written at `origin`.
yaml::Node string_at(const std::string& value, Origin origin) {
  yaml::Node n = yaml::Node::string(value, origin);
  n.set_scalar_type(yaml::ScalarType::String);
  return n;
}

// kustomize replaces a scalar's value in place (a string now).
void set_scalar_value(yaml::Node& n, const yaml::Node& value) {
  n = value;
  if (n.is_scalar()) n.set_scalar_type(yaml::ScalarType::String);
}

bool is_role_binding(const std::string& kind) { return kind == "RoleBinding" || kind == "ClusterRoleBinding"; }

}  // namespace

std::string set_namespace(std::vector<Resource>& rs, const yaml::Node& ns_node, const FsSlice& specs, bool unset_only,
                          const std::string& subjects) {
  const std::string& ns = ns_node.str();
  if (ns.empty()) return "";
  if (subjects != "defaultOnly" && subjects != "allServiceAccounts" && subjects != "none" && !subjects.empty())
    return "invalid value \"" + subjects + "\" for setRoleBindingSubjects";
  yaml::Node value = string_at(ns, ns_node.origin());
  auto setter = [&](yaml::Node& n) -> std::string {
    if (unset_only && n.is_scalar() && !n.str().empty()) return "";
    if (!n.is_scalar() && !n.is_null()) return "namespace field specs must target scalar nodes";
    set_scalar_value(n, value);
    return "";
  };
  for (auto& r : rs) {
    if (r.node.is_null()) continue;
    r.store_previous_id();
    std::string av = r.api_version(), kind = r.kind();
    // metadata/namespace of namespaced objects; the Namespace's own name only for v1 ones.
    if (!cluster_scoped(av, kind)) {
      static const FieldSpec kNamespace{"", "", "", "metadata/namespace", true};
      // An object already in that namespace (as a string) is left as it is: writing the same
      // value would copy its shared metadata for nothing.
      auto changes = [&](const yaml::Node& n) {
        return !(n.is_scalar() && n.scalar_type() == yaml::ScalarType::String && n.str() == ns);
      };
      if (std::string err =
              apply_field_spec(r.node, kNamespace, CreateKind::Scalar, ns_node.origin(), setter, changes);
          !err.empty())
        return err;
    }
    if (is_role_binding(kind) && subjects != "none") {
      if (yaml::Node* subs = r.node.get("subjects"); subs && subs->is_seq())
        for (auto& s : subs->items()) {
          if (!s.is_map()) continue;
          bool move = subjects == "allServiceAccounts" ? scalar(s.get("kind")) == "ServiceAccount"
                                                       : scalar(s.get("name")) == "default";
          if (!move) continue;
          yaml::Node* f = s.get("namespace");
          if (!f) f = &s.set("namespace", string_at("", ns_node.origin()));
          if (std::string err = setter(*f); !err.empty()) return err;
        }
    }
    for (const auto& fs : specs) {
      if (fs.path == "metadata/namespace") continue;
      if (av != "v1" && fs.path == "metadata/name") continue;
      if (is_role_binding(kind) && is_role_binding(fs.kind) && fs.path == "subjects/namespace") continue;
      if (std::string err = apply_field_spec(r.node, fs, CreateKind::Scalar, ns_node.origin(), setter); !err.empty())
        return err;
    }
  }
  // Two objects that now share an id: kustomize refuses.
  CurrentIds ids({});
  for (const auto& r : rs)
    if (!ids.add(r)) return "namespace transformation produces ID conflict: " + id_string(current_id(r));
  return "";
}

namespace {

// The kinds kustomize never prefixes or suffixes (by their original id).
bool skips_prefix(const Resource& r) {
  std::string kind = r.org_kind();
  return kind == "CustomResourceDefinition" || kind == "Namespace" ||
         (kind == "APIService" && r.group_view() == "apiregistration.k8s.io");
}

std::string add_affix(std::vector<Resource>& rs, const yaml::Node& affix, const FsSlice& specs, bool prefix) {
  const std::string& a = affix.str();
  for (auto& r : rs) {
    if (skips_prefix(r)) continue;
    for (const auto& fs : specs) {
      if (!gvk_selected(r.group_view(), r.version(), r.org_kind(), fs)) continue;
      if (fs.path == "metadata/name") {
        if (!a.empty()) (prefix ? r.prefixes : r.suffixes).push_back(a);
        if (!a.empty()) r.store_previous_id();
      }
      std::string err = apply_field_spec(r.node, fs, CreateKind::Scalar, affix.origin(), [&](yaml::Node& n) {
        if (!n.is_scalar()) return std::string("expected a scalar at ") + fs.path;
        n.set_str(prefix ? a + n.str() : n.str() + a);
        n.set_scalar_type(yaml::ScalarType::String);
        return std::string();
      });
      if (!err.empty()) return err;
    }
  }
  return "";
}

}  // namespace

std::string add_prefix(std::vector<Resource>& rs, const yaml::Node& prefix, const FsSlice& specs) {
  return add_affix(rs, prefix, specs, true);
}

std::string add_suffix(std::vector<Resource>& rs, const yaml::Node& suffix, const FsSlice& specs) {
  return add_affix(rs, suffix, specs, false);
}

std::string add_map_entries(std::vector<Resource>& rs, const yaml::Node& entries, const FsSlice& specs) {
  if (!entries.is_map() || entries.empty()) return "";
  // kustomize sets the keys in sorted order; a repeated key keeps its last value.
  std::map<std::string, const yaml::Node*> sorted;
  for (size_t i = 0; i < entries.size(); ++i) sorted[entries.key_at(i).str()] = &entries.value_at(i);
  for (auto& r : rs)
    for (const auto& entry : sorted) {
      // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
      const std::string& k = entry.first;
      const yaml::Node* v = entry.second;
      yaml::Node value = *v;
      if (value.is_scalar()) {
        if (value.is_null()) value = string_at("", v->origin());
        value.set_scalar_type(yaml::ScalarType::String);
      }
      for (const auto& fs : specs) {
        std::string err = apply_field_spec(r.node, fs, CreateKind::Map, entries.origin(), [&](yaml::Node& n) {
          if (n.is_null()) n = yaml::Node::map(entries.origin());
          if (!n.is_map()) return std::string("wrong node kind: expected MappingNode");
          const yaml::Node* key = nullptr;
          for (size_t i = 0; i < entries.size(); ++i)
            if (entries.key_at(i).str() == k) key = &entries.key_at(i);
          if (yaml::Node* cur = n.get(k)) *cur = value;
          else n.set(*key, value);
          return std::string();
        });
        if (!err.empty()) return err;
      }
    }
  return "";
}

namespace {

// kustomize's image name split: name, tag and digest.
void split_image(const std::string& image, std::string& name, std::string& tag, std::string& digest) {
  size_t slash = image.find('/');
  size_t base = slash != std::string::npos && slash > 0 ? slash : 0;
  std::string_view search = std::string_view(image).substr(base);
  size_t id = search.find('@'), ic = search.find(':');
  tag.clear();
  digest.clear();
  if (ic == std::string_view::npos && id == std::string_view::npos) {
    name = image;
    return;
  }
  if (id != std::string_view::npos && (ic == std::string_view::npos || id < ic)) {
    name = image.substr(0, base + id);
    digest = image.substr(base + id + 1);
    return;
  }
  if (id != std::string_view::npos) {
    name = image.substr(0, base + ic);
    tag = image.substr(base + ic + 1, id - ic - 1);
    digest = image.substr(base + id + 1);
    return;
  }
  name = image.substr(0, base + ic);
  tag = image.substr(base + ic + 1);
}

struct ImageMatcher {
  const ImageSpec& spec;
  RE2 re;
  explicit ImageMatcher(const ImageSpec& s)
      : spec(s), re("^" + s.name + "(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$", RE2::Quiet) {}

  // True when update() would change `n` or fail on it.
  bool would_update(const yaml::Node& n) const {
    if (!n.is_scalar()) return true;
    return re.ok() && RE2::FullMatch(n.str(), re);
  }
  std::string update(yaml::Node& n) const {
    if (!n.is_scalar()) return "wrong node kind: expected ScalarNode";
    if (!re.ok() || !RE2::FullMatch(n.str(), re)) return "";
    std::string name, tag, digest;
    split_image(n.str(), name, tag, digest);
    if (!spec.new_name.empty()) name = spec.new_name;
    if (!spec.new_tag.empty() && !spec.digest.empty()) {
      tag = spec.new_tag;
      digest = spec.digest;
    } else if (!spec.new_tag.empty()) {
      tag = spec.new_tag;
      digest.clear();
    } else if (!spec.digest.empty()) {
      tag.clear();
      digest = spec.digest;
    } else if (!spec.tag_suffix.empty()) {
      tag += spec.tag_suffix;
      digest.clear();
    }
    if (!tag.empty()) name += ":" + tag;
    if (!digest.empty()) name += "@" + digest;
    n = string_at(name, spec.at);
    return "";
  }
};

}  // namespace

ImageSpec parse_image_spec(const yaml::Node& e) {
  ImageSpec s;
  s.name = scalar(e.get("name"));
  s.new_name = scalar(e.get("newName"));
  s.new_tag = scalar(e.get("newTag"));
  s.digest = scalar(e.get("digest"));
  s.tag_suffix = scalar(e.get("tagSuffix"));
  s.at = e.origin();
  return s;
}

std::string set_image(std::vector<Resource>& rs, const ImageSpec& image, const FsSlice& specs) {
  ImageMatcher m(image);
  std::string err;
  for (auto& r : rs) {
    if (r.kind() == "CustomResourceDefinition") continue;
    // Every containers/initContainers list anywhere in the object (kustomize's legacy
    // walk), then the configured field specs. Objects without a matching image are only read.
    for_each_container(
        r.node,
        [&](const yaml::Node& c) {
          const yaml::Node* img = c.get("image");
          return img && err.empty() && m.would_update(*img);
        },
        [&](yaml::Node& c) {
          if (yaml::Node* img = c.get("image"); img && err.empty()) err = m.update(*img);
        });
    if (!err.empty()) return err;
    for (const auto& fs : specs)  // images are never created (CreateKind::None ignores `create`)
      if (std::string e = apply_field_spec(
              r.node, fs, CreateKind::None, image.at,
              [&](yaml::Node& n) { return n.is_null() ? std::string() : m.update(n); },
              [&](const yaml::Node& n) { return !n.is_null() && m.would_update(n); });
          !e.empty())
        return e;
  }
  return "";
}

std::string set_replicas(std::vector<Resource>& rs, const yaml::Node& entry, const FsSlice& specs) {
  std::string name = scalar(entry.get("name"));
  const yaml::Node* count = entry.get("count");
  yaml::Node value = count ? *count : yaml::Node::integer(0, entry.origin());
  if (value.is_scalar()) value.set_scalar_type(yaml::ScalarType::Int);
  bool found = false;
  for (const auto& fs : specs)
    for (auto& r : rs) {
      // Matched by any id the object had, and the spec's group/version/kind.
      bool named = false;
      if (gvk_selected(r.group_view(), r.version(), r.kind(), fs) && r.name() == name) named = true;
      for (const auto& p : r.prev_ids)
        if (p.name == name && gvk_selected(r.group_view(), r.version(), p.kind, fs)) named = true;
      if (!named) continue;
      found = true;
      std::string err = apply_field_spec(r.node, fs, CreateKind::Scalar, entry.origin(), [&](yaml::Node& n) {
        n = value;
        return std::string();
      });
      if (!err.empty()) return err;
    }
  if (!found) return "resource with name " + name + " does not match a config with the following GVK";
  return "";
}

}  // namespace halint::render
