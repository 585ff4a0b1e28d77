#include "render/vars.h"

#include <map>

#include "render/containers.h"

namespace halint::render {
namespace {

std::string scalar(const yaml::Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

// A dotted field path (spec.ports[0].port style indices allowed).
const yaml::Node* field(const yaml::Node& obj, const std::string& path) {
  const yaml::Node* n = &obj;
  size_t i = 0;
  while (n && i <= path.size()) {
    size_t dot = path.find('.', i);
    std::string seg = path.substr(i, dot == std::string::npos ? std::string::npos : dot - i);
    size_t br = seg.find('[');
    std::string key = seg.substr(0, br);
    n = n->is_map() ? n->get(key) : nullptr;
    if (n && br != std::string::npos) {
      size_t idx = std::strtoul(seg.c_str() + br + 1, nullptr, 10);
      n = n->is_seq() && idx < n->items().size() ? &n->at(idx) : nullptr;
    }
    if (dot == std::string::npos) break;
    i = dot + 1;
  }
  return n;
}

void replace_in(yaml::Node& n, const std::map<std::string, std::string>& values) {
  if (!n.is_scalar() || n.str().find("$(") == std::string::npos) return;
  std::string s = n.str(), out;
  for (size_t i = 0; i < s.size();) {
    if (s.compare(i, 2, "$(") == 0) {
      size_t close = s.find(')', i);
      if (close != std::string::npos) {
        auto it = values.find(s.substr(i + 2, close - i - 2));
        if (it != values.end()) {
          out += it->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += s[i++];
  }
  n.set_str(out);
}

// Substitutes $(VAR) in a container's command, args and env values, as kustomize's
// legacy vars do.
void substitute_container(yaml::Node& c, const std::map<std::string, std::string>& values) {
  for (const char* f : {"command", "args"})
    if (yaml::Node* list = c.get(f); list && list->is_seq())
      for (auto& a : list->items()) replace_in(a, values);
  if (yaml::Node* env = c.get("env"); env && env->is_seq())
    for (auto& e : env->items())
      if (yaml::Node* val = e.is_map() ? e.get("value") : nullptr) replace_in(*val, values);
}

}  // namespace

std::vector<Var> parse_vars(const yaml::Node* list) {
  std::vector<Var> out;
  if (!list || !list->is_seq()) return out;
  for (const auto& v : list->items()) {
    if (!v.is_map()) continue;
    Var var;
    var.name = scalar(v.get("name"));
    var.kind = scalar(v.path({"objref", "kind"}));
    var.object = scalar(v.path({"objref", "name"}));
    var.fieldpath = scalar(v.path({"fieldref", "fieldpath"}));
    if (var.fieldpath.empty()) var.fieldpath = "metadata.name";
    var.at = v.origin();
    out.push_back(std::move(var));
  }
  return out;
}

void resolve_vars(std::vector<Resource>& rs, const std::vector<Var>& vars, std::vector<BuildIssue>& errors) {
  if (vars.empty()) return;
  std::map<std::string, std::string> values;
  for (const auto& v : vars) {
    const Resource* target = nullptr;
    for (const auto& r : rs)
      if (r.kind() == v.kind && (r.orig_name == v.object || r.name() == v.object)) target = &r;
    const yaml::Node* f = target ? field(target->node, v.fieldpath) : nullptr;
    if (!f || !f->is_scalar()) {
      errors.push_back({"var '" + v.name + "' refers to " + v.kind + " '" + v.object + "' field " + v.fieldpath +
                            ", which is not in the build",
                        v.at});
      continue;
    }
    values[v.name] = f->str();
  }
  // kustomize's default varReference field specs name the built-in pod-template kinds.
  static const char* kinds[] = {"Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob",
                                "ReplicationController"};
  for (auto& r : rs)
    for (const char* k : kinds)
      if (r.kind() == k) for_each_container(r.node, [&](yaml::Node& c) { substitute_container(c, values); });
}

}  // namespace halint::render
