#include "render/containers.h"

namespace halint::render {
namespace {

void visit(yaml::Node& n, const std::function<void(yaml::Node&)>& fn, int depth) {
  if (depth > 64) return;  // no manifest nests pod specs this deep; bounds the recursion
  if (n.is_seq()) {
    for (auto& e : n.items()) visit(e, fn, depth + 1);
    return;
  }
  if (!n.is_map()) return;
  for (size_t i = 0; i < n.size(); ++i) {
    const std::string& k = n.key_at(i).str();
    yaml::Node& v = n.value_at(i);
    if ((k == "containers" || k == "initContainers") && v.is_seq()) {
      for (auto& c : v.items())
        if (c.is_map()) fn(c);
      continue;
    }
    visit(v, fn, depth + 1);
  }
}

}  // namespace

void for_each_container(yaml::Node& n, const std::function<void(yaml::Node&)>& fn) { visit(n, fn, 0); }

}  // namespace halint::render
