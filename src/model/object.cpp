#include "model/object.h"

namespace halint::model {

std::string Object::group() const {
  auto slash = api_version.find('/');
  return slash == std::string::npos ? "" : api_version.substr(0, slash);
}

static std::string str_at(const yaml::Node& n, std::initializer_list<std::string_view> path) {
  const yaml::Node* v = n.path(path);
  return v && v->is_scalar() && !v->is_null() ? v->str() : "";
}

std::optional<Object> make_object(std::shared_ptr<const yaml::Node> node, FileId file, uint32_t doc,
                                  std::string render) {
  if (!node || !node->is_map()) return std::nullopt;
  Object o;
  o.api_version = str_at(*node, {"apiVersion"});
  o.kind = str_at(*node, {"kind"});
  if (o.api_version.empty() || o.kind.empty()) return std::nullopt;
  if (const yaml::Node* meta = node->get("metadata"); meta && meta->is_map()) {
    o.name = str_at(*meta, {"name"});
    o.name_space = str_at(*meta, {"namespace"});
    o.annotations_at = meta->get("annotations");
  }
  o.annotations_looked = true;
  o.file = file;
  o.document = doc;
  o.render = std::move(render);
  o.node = std::move(node);
  return o;
}

std::vector<Object> objects_in_file(const SourceFile& file, FileId id) {
  std::vector<Object> out;
  for (uint32_t d = 0; d < file.documents.size(); ++d) {
    const yaml::Node& root = file.documents[d].root;
    // Non-owning pointer: the file table outlives every analysis of it.
    std::shared_ptr<const yaml::Node> ptr(std::shared_ptr<const yaml::Node>{}, &root);
    auto obj = make_object(ptr, id, d);
    if (!obj) continue;
    if (obj->kind == "List" || (obj->kind.size() > 4 && obj->kind.ends_with("List") && root.get("items"))) {
      if (const yaml::Node* items = root.get("items"); items && items->is_seq())
        for (const auto& item : items->items()) {
          std::shared_ptr<const yaml::Node> ip(std::shared_ptr<const yaml::Node>{}, &item);
          if (auto o = make_object(ip, id, d)) out.push_back(std::move(*o));
        }
      continue;
    }
    out.push_back(std::move(*obj));
  }
  return out;
}

}  // namespace halint::model
