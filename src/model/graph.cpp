#include "model/graph.h"

#include <string>
#include <unordered_map>

namespace halint::model {

bool same_scope(const Object& a, const Object& b) { return a.render == b.render; }

Graph::Graph(const std::vector<Object>& objects) {
  for (const auto& o : objects) {
    if (auto w = as_workload(o)) workloads_.push_back(std::move(*w));
    else if (auto p = as_pdb(o)) pdbs_.push_back(std::move(*p));
    else if (auto h = as_hpa(o)) hpas_.push_back(std::move(*h));
  }
  pdbs_of_.resize(workloads_.size());
  hpas_of_.resize(workloads_.size());
  pdb_targets_.resize(pdbs_.size());
  hpa_targets_.resize(hpas_.size());
  // PDBs and HPAs only relate to workloads of their own scope and namespace: grouped by
  // those first, so that the pairs compared grow with the repository, not with its square.
  std::unordered_map<std::string, std::pair<std::vector<size_t>, std::vector<size_t>>> by_scope;
  auto scope_key = [](const Object& o) { return o.render + '\n' + o.effective_namespace(); };
  for (size_t p = 0; p < pdbs_.size(); ++p) by_scope[scope_key(*pdbs_[p].object)].first.push_back(p);
  for (size_t h = 0; h < hpas_.size(); ++h) by_scope[scope_key(*hpas_[h].object)].second.push_back(h);
  for (size_t w = 0; w < workloads_.size(); ++w) {
    const Workload& wl = workloads_[w];
    const Object& wo = *wl.object;
    auto it = by_scope.find(scope_key(wo));
    if (it == by_scope.end()) continue;
    for (size_t p : it->second.first) {
      const Pdb& pdb = pdbs_[p];
      // An empty selector in policy/v1 selects every pod of the namespace.
      if (!pdb.selector || pdb.selector->unknown || wl.pod_labels.empty()) continue;
      if (pdb.selector->matches(wl.pod_labels)) {
        pdbs_of_[w].push_back(p);
        pdb_targets_[p].push_back(w);
      }
    }
    for (size_t h : it->second.second) {
      const Hpa& hpa = hpas_[h];
      if (hpa.target_kind == wo.kind && hpa.target_name == wo.name) {
        hpas_of_[w].push_back(h);
        hpa_targets_[h].push_back(w);
      }
    }
  }
}

Replicas Graph::replicas(size_t w) const {
  const Workload& wl = workloads_[w];
  Replicas r;
  if (wl.kind == WorkloadKind::DaemonSet) return r;  // one per node: not a replica count
  if (!hpas_of_[w].empty()) {
    const Hpa& h = hpas_[hpas_of_[w].front()];
    if (!h.min_replicas.unknown) r.effective = h.min_replicas.value.value_or(1);
    if (!h.max_replicas.unknown && h.max_replicas.value) r.max = h.max_replicas.value;
    return r;
  }
  if (wl.replicas.unknown) return r;
  r.effective = wl.replicas.value.value_or(1);
  r.max = r.effective;
  return r;
}

}  // namespace halint::model
