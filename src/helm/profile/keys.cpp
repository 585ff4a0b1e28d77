// The values keys a profile's chart reads for HA (HA003 looks for near misses of them).
#include "helm/profile/model.h"

namespace halint::helm::profile {
namespace {

void add(std::vector<ValuesPath>& out, const std::optional<ValuesPath>& p) {
  if (p) out.push_back(*p);
}

void add_field(std::vector<ValuesPath>& out, const FieldSpec& f) {
  add(out, f.path);
  add(out, f.fallback);
  add(out, f.merge_from);
}

void condition_paths(std::vector<ValuesPath>& out, const Condition& c) {
  if (!c.path.empty()) out.push_back(c.path);
  for (const auto& s : c.sub) condition_paths(out, s);
}

void tree_paths(const yaml::Node& n, ValuesPath& at, std::vector<ValuesPath>& out, int depth) {
  if (!n.is_map() || depth > 20) return;
  for (size_t i = 0; i < n.size(); ++i) {
    at.push_back(n.key_at(i).str());
    out.push_back(at);
    tree_paths(n.value_at(i), at, out, depth + 1);
    at.pop_back();
  }
}

}  // namespace

ValuesKeys ProfileModel::values_keys(const Release& release, const Values& values) const {
  ValuesKeys k;
  const Variant* v = variant(release);
  if (!v) return k;
  for (const auto& w : v->workloads) {
    add(k.read, w.replicas.path);
    for (const FieldSpec* f : {&w.strategy, &w.affinity, &w.spread, &w.node_selector, &w.tolerations, &w.priority_class})
      add_field(k.read, *f);
    add(k.read, w.pdb.enable);
    add(k.read, w.pdb.min_available);
    add(k.read, w.pdb.max_unavailable);
    add(k.read, w.pdb.unhealthy_policy);
    if (w.pdb.copy) {
      k.read.push_back(*w.pdb.copy);
      for (const char* sub : {"minAvailable", "maxUnavailable", "unhealthyPodEvictionPolicy"}) {
        ValuesPath p = *w.pdb.copy;
        p.push_back(sub);
        k.read.push_back(std::move(p));
      }
    }
    add(k.read, w.hpa.enable);
    add(k.read, w.hpa.min_replicas);
    add(k.read, w.hpa.max_replicas);
    // Keys the chart tests for other reasons (enable flags, kinds) are not typos either.
    add(k.known, w.kind_path);
    if (w.when) condition_paths(k.known, *w.when);
    for (const auto& c : w.replicas.omit_when) condition_paths(k.known, c);
  }
  ValuesPath at;
  tree_paths(v->defaults, at, k.known, 0);
  return k;
}

}  // namespace halint::helm::profile
