#include "render/containers.h"

#include <utility>

namespace halint::render {
namespace {

constexpr int kMaxDepth = 64;  // no manifest nests pod specs this deep; bounds the recursion

bool is_container_list(const yaml::Node& key, const yaml::Node& value) {
  const std::string& k = key.str();
  return (k == "containers" || k == "initContainers") && value.is_seq();
}

// True when some container under `n` is wanted (the walk below would call fn).
bool any_wanted(const yaml::Node& n, FunctionRef<bool(const yaml::Node&)> wanted, int depth) {
  if (depth > kMaxDepth) return false;
  if (n.is_seq()) {
    for (const auto& e : n.items())
      if (any_wanted(e, wanted, depth + 1)) return true;
    return false;
  }
  if (!n.is_map()) return false;
  for (size_t i = 0; i < n.size(); ++i) {
    const yaml::Node& v = n.value_at(i);
    if (is_container_list(n.key_at(i), v)) {
      for (const auto& c : v.items())
        if (c.is_map() && wanted(c)) return true;
      continue;
    }
    if (any_wanted(v, wanted, depth + 1)) return true;
  }
  return false;
}

// Reads through `cn` (this node, const) and writes through `n` only where a wanted
// container lies: no reference into a child list is held across a write, which may copy it.
void visit(yaml::Node& n, FunctionRef<bool(const yaml::Node&)> wanted, FunctionRef<void(yaml::Node&)> fn, int depth) {
  if (depth > kMaxDepth) return;
  const yaml::Node& cn = n;
  if (n.is_seq()) {
    for (size_t i = 0; i < cn.size(); ++i)
      if (any_wanted(cn.at(i), wanted, depth + 1)) visit(n.at(i), wanted, fn, depth + 1);
    return;
  }
  if (!n.is_map()) return;
  for (size_t i = 0; i < cn.size(); ++i) {
    if (is_container_list(cn.key_at(i), cn.value_at(i))) {
      for (size_t j = 0; j < cn.value_at(i).size(); ++j)
        if (cn.value_at(i).at(j).is_map() && wanted(cn.value_at(i).at(j))) fn(n.value_at(i).at(j));
      continue;
    }
    if (any_wanted(cn.value_at(i), wanted, depth + 1)) visit(n.value_at(i), wanted, fn, depth + 1);
  }
}

}  // namespace

void for_each_container(yaml::Node& n, FunctionRef<bool(const yaml::Node&)> wanted,
                        FunctionRef<void(yaml::Node&)> fn) {
  if (any_wanted(std::as_const(n), wanted, 0)) visit(n, wanted, fn, 0);
}

}  // namespace halint::render
