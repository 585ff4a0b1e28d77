#include "render/resource.h"


namespace halint::render {

namespace {

std::string_view text_of(const yaml::Node& v) {
  return v.is_scalar() && !v.is_null() ? std::string_view(v.str()) : std::string_view();
}

}  // namespace

Resource::IdView Resource::id_view() const {
  // As str() reads them: the first entry of each key, "" unless a non-null scalar.
  IdView id;
  const yaml::Node* meta = nullptr;
  bool av = false, kind = false;
  if (node.is_map())
    for (size_t i = 0; i < node.size() && !(av && kind && meta); ++i) {
      const yaml::Node& k = node.key_at(i);
      if (!k.is_scalar()) continue;
      const std::string& key = k.str();
      if (!av && key == "apiVersion") av = true, id.api_version = text_of(node.value_at(i));
      else if (!kind && key == "kind") kind = true, id.kind = text_of(node.value_at(i));
      else if (!meta && key == "metadata") meta = &node.value_at(i);
    }
  std::string_view ns;
  if (meta && meta->is_map()) {
    bool name = false, has_ns = false;
    for (size_t i = 0; i < meta->size() && !(name && has_ns); ++i) {
      const yaml::Node& k = meta->key_at(i);
      if (!k.is_scalar()) continue;
      const std::string& key = k.str();
      if (!name && key == "name") name = true, id.name = text_of(meta->value_at(i));
      else if (!has_ns && key == "namespace") has_ns = true, ns = text_of(meta->value_at(i));
    }
  }
  id.ns = effective_namespace_view(id.api_version, id.kind, ns);
  return id;
}

yaml::Node& ensure_map(yaml::Node& parent, std::string_view key, Origin origin) {
  if (yaml::Node* n = parent.get(key); n && n->is_map()) return *n;
  return parent.set(key, yaml::Node::map(origin));
}

yaml::Node str_node(std::string value, Origin origin) { return yaml::Node::string(std::move(value), origin); }

}  // namespace halint::render
