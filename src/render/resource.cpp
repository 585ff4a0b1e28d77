#include "render/resource.h"


namespace halint::render {

yaml::Node& ensure_map(yaml::Node& parent, std::string_view key, Origin origin) {
  if (yaml::Node* n = parent.get(key); n && n->is_map()) return *n;
  return parent.set(key, yaml::Node::map(origin));
}

yaml::Node str_node(std::string value, Origin origin) { return yaml::Node::string(std::move(value), origin); }

}  // namespace halint::render
