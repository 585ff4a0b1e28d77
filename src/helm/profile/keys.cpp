// The values keys a profile's chart reads for HA, map by map (HA003 looks for near misses
// of them), computed once per variant when the profile is loaded.
#include <map>

#include "helm/profile/model.h"

namespace halint::helm::profile {
namespace {

using Index = std::map<ValuesPath, size_t>;

ValuesKeys::Map& map_at(std::vector<ValuesKeys::Map>& maps, Index& index, const ValuesPath& parent) {
  auto [it, fresh] = index.emplace(parent, maps.size());
  if (fresh) maps.push_back({parent, {}, {}});
  return maps[it->second];
}

void add_unique(std::vector<std::string_view>& v, std::string_view k) {
  for (auto x : v)
    if (x == k) return;
  v.push_back(k);
}

// A path the chart reads: its last key is read in its parent map, and every map on the
// way is read in the one above (`operator.PodDisruptionBudget` is a near miss of the
// `podDisruptionBudget` in `operator.podDisruptionBudget.enabled`).
void read(std::vector<ValuesKeys::Map>& maps, Index& index, const std::optional<ValuesPath>& p) {
  if (!p) return;
  ValuesPath parent;
  for (const auto& k : *p) {
    add_unique(map_at(maps, index, parent).read, k);
    parent.push_back(k);
  }
}

void known(std::vector<ValuesKeys::Map>& maps, Index& index, const ValuesPath& p) {
  if (p.empty()) return;
  ValuesPath parent(p.begin(), p.end() - 1);
  add_unique(map_at(maps, index, parent).known, p.back());
}

void condition_paths(std::vector<ValuesKeys::Map>& maps, Index& index, const Condition& c) {
  known(maps, index, c.path);
  for (const auto& s : c.sub) condition_paths(maps, index, s);
}

void field(std::vector<ValuesKeys::Map>& maps, Index& index, const FieldSpec& f) {
  read(maps, index, f.path);
  read(maps, index, f.fallback);
  read(maps, index, f.merge_from);
  read(maps, index, f.rolling_update);
}

void defaults(std::vector<ValuesKeys::Map>& maps, Index& index, const yaml::Node& n, ValuesPath& at, int depth) {
  if (!n.is_map() || depth > 20) return;
  for (size_t i = 0; i < n.size(); ++i) {
    const yaml::Node& k = n.key_at(i);
    if (!k.is_scalar()) continue;
    add_unique(map_at(maps, index, at).known, k.str());
    at.push_back(k.str());
    defaults(maps, index, n.value_at(i), at, depth + 1);
    at.pop_back();
  }
}

}  // namespace

void compute_keys(Variant& v) {
  std::vector<ValuesKeys::Map> maps;
  Index index;
  for (const auto& w : v.workloads) {
    read(maps, index, w.replicas.path);
    for (const FieldSpec* f : {&w.strategy, &w.affinity, &w.spread, &w.node_selector, &w.tolerations, &w.priority_class})
      field(maps, index, *f);
    for (const auto* p : {&w.pdb.enable, &w.pdb.min_available, &w.pdb.max_unavailable, &w.pdb.unhealthy_policy,
                          &w.hpa.enable, &w.hpa.min_replicas, &w.hpa.max_replicas})
      read(maps, index, *p);
    if (w.pdb.copy) {
      read(maps, index, w.pdb.copy);
      auto& m = map_at(maps, index, *w.pdb.copy);
      for (std::string_view sub : {"minAvailable", "maxUnavailable", "unhealthyPodEvictionPolicy"}) add_unique(m.read, sub);
      add_unique(m.known, "selector");
    }
    // Keys the chart tests for other reasons (enable flags, kinds) are not typos either.
    if (w.kind_path) known(maps, index, *w.kind_path);
    if (w.when) condition_paths(maps, index, *w.when);
    for (const auto& c : w.replicas.omit_when) condition_paths(maps, index, c);
  }
  ValuesPath at;
  defaults(maps, index, v.defaults, at, 0);
  v.keys = std::move(maps);
}

ValuesKeys ProfileModel::values_keys(const Release& release, const Values& values) const {
  const Variant* v = variant(release);
  if (!v) return {};
  return ValuesKeys{v->keys};
}

}  // namespace halint::helm::profile
