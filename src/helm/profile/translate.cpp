// Where a rule's change to a modelled object goes in the values, per the profile: the
// replicas, strategy and pod spec fields at the values paths the chart copies, a PDB by
// its enable flag and budgets (or as a manifest beside the release when the chart has
// none). The fix adapter models the release again with the edited values and keeps the
// fix only when the chart then renders what the rule meant, so a mapping the chart would
// not honour costs the fix, never a wrong edit.
#include <algorithm>
#include <set>

#include "helm/profile/build.h"
#include "helm/profile/model.h"

namespace halint::helm::profile {
namespace {

using yaml::Node;

ObjectPath touched(const ObjectEdit& e) {
  ObjectPath p = e.path;
  if (e.op == Edit::Op::InsertEntry) p.push_back({e.key});
  return p;
}

// A value written by a fix: a fresh node (no origin, not synthesized), styled by the engine.
Node plain(Node n, int depth = 0) {
  n.set_origin({});
  n.set_flag(yaml::kSynthesized, false);
  if (depth < 100)
    for (auto& c : n.children()) c = plain(c, depth + 1);
  return n;
}

Node null_value() { return Node::scalar("null"); }

// `want` as values that, coalesced over the chart's `defaults`, give `want`: a default
// key the rule's value lacks is written as null (Helm then drops it).
Node with_nulls(Node want, const Node* defaults) {
  if (!defaults || !defaults->is_map() || !want.is_map()) return want;
  for (size_t i = 0; i < defaults->size(); ++i) {
    const std::string& k = defaults->key_at(i).str();
    Node* mine = want.get(k);
    if (!mine) want.set(k, null_value());
    else if (mine->is_map()) *mine = with_nulls(*mine, &defaults->value_at(i));
  }
  return want;
}

const Node* at_path(const Node& root, const ValuesPath& p) {
  const Node* cur = &root;
  for (const auto& k : p) {
    if (!cur->is_map()) return nullptr;
    cur = cur->get(k);
    if (!cur) return nullptr;
  }
  return cur;
}

ValuesPath plus(ValuesPath p, const std::string& k) {
  p.push_back(k);
  return p;
}

ValuesEdit set(ValuesPath p, Node v) { return {ValuesEdit::Op::Set, std::move(p), std::move(v)}; }

// Budgets of a PDB spec (`want`) into the values the profile's PDB reads; false when the
// chart cannot write them so.
bool pdb_edits(const PdbSpec& p, const Node& want, const Node& coalesced, std::vector<ValuesEdit>& out) {
  if (p.copy) {
    // The map is copied into the spec: each key of the wanted spec goes there.
    const Node* current = at_path(coalesced, *p.copy);
    for (size_t i = 0; i < want.size(); ++i) {
      const std::string& k = want.key_at(i).str();
      if (k == "selector") continue;
      out.push_back(set(plus(*p.copy, k), plain(want.value_at(i))));
    }
    if (current && current->is_map())
      for (size_t i = 0; i < current->size(); ++i) {
        const std::string& k = current->key_at(i).str();
        if (k != "enabled" && k != "selector" && !want.get(k)) out.push_back(set(plus(*p.copy, k), null_value()));
      }
  } else {
    for (size_t i = 0; i < want.size(); ++i) {
      const std::string& k = want.key_at(i).str();
      if (k != "selector" && k != "minAvailable" && k != "maxUnavailable" &&
          !(k == "unhealthyPodEvictionPolicy" && p.unhealthy_policy))
        return false;
    }
    const std::pair<const char*, const std::optional<ValuesPath>*> budgets[] = {
        {"minAvailable", &p.min_available},
        {"maxUnavailable", &p.max_unavailable},
        {"unhealthyPodEvictionPolicy", &p.unhealthy_policy}};
    for (const auto& [k, path] : budgets) {
      const Node* v = want.get(k);
      if (v && (!*path || (!p.by_presence && !truthy(v)))) return false;
      if (!*path) continue;
      const Node* current = at_path(coalesced, **path);
      if (v && current && current->is_scalar() && v->is_scalar() && current->str() == v->str()) continue;  // as is
      if (v) out.push_back(set(**path, plain(*v)));
      else if (current && !current->is_null()) out.push_back(set(**path, null_value()));
    }
  }
  if (p.enable)
    if (const Node* on = at_path(coalesced, *p.enable); !truthy(on)) out.push_back(set(*p.enable, Node::boolean(true)));
  return true;
}

// Sets that create the same missing map in the values become one Set of that map (two
// edits inserting the same new key would collide in the file).
std::vector<ValuesEdit> combine_sets(const Values& values, std::vector<ValuesEdit> edits) {
  auto missing_at = [&](const ValuesPath& p) {
    const Node* cur = &values.root();
    for (size_t d = 0; d < p.size(); ++d) {
      if (!cur->is_map()) return d;
      cur = cur->get(p[d]);
      if (!cur) return d;
    }
    return p.size();
  };
  std::vector<ValuesEdit> out;
  std::vector<bool> used(edits.size(), false);
  for (size_t i = 0; i < edits.size(); ++i) {
    if (used[i]) continue;
    ValuesEdit& e = edits[i];
    size_t d = e.op == ValuesEdit::Op::Set ? missing_at(e.path) : e.path.size();
    if (d + 1 >= e.path.size()) {
      out.push_back(std::move(e));
      continue;
    }
    // Everything under path[0..d] that is set by this fix, as one map.
    ValuesPath head(e.path.begin(), e.path.begin() + static_cast<std::ptrdiff_t>(d + 1));
    Node map = Node::map();
    for (size_t j = i; j < edits.size(); ++j) {
      ValuesEdit& o = edits[j];
      if (used[j] || o.op != ValuesEdit::Op::Set || o.path.size() <= head.size() ||
          !std::equal(head.begin(), head.end(), o.path.begin()))
        continue;
      used[j] = true;
      ValuesPath rest(o.path.begin() + static_cast<std::ptrdiff_t>(head.size()), o.path.end());
      set_at_path(map, rest, o.value);
    }
    out.push_back(set(head, std::move(map)));
  }
  return out;
}

}  // namespace

std::optional<std::vector<ValuesEdit>> ProfileModel::translate(const Release& release, const Values& values,
                                                               const ModelOutput& output, size_t object,
                                                               const std::vector<ObjectEdit>& edits,
                                                               Node& intended) const {
  if (object >= output.objects.size() || object >= output.owners.size() || output.owners[object].empty())
    return std::nullopt;
  const Variant* v = variant(release);
  if (!v) return std::nullopt;
  const WorkloadSpec* w = nullptr;
  for (const auto& spec : v->workloads)
    if (spec.id == output.owners[object][0]) w = &spec;
  if (!w) return std::nullopt;
  const Node& obj = output.objects[object];
  const Node* kind_node = obj.get("kind");
  std::string kind = kind_node && kind_node->is_scalar() ? kind_node->str() : "";
  bool workload = kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet";
  Node coalesced = coalesce(values.root(), v->defaults, {});

  std::vector<ValuesEdit> out;
  std::set<std::string> done;
  for (const ObjectEdit& e : edits) {
    ObjectPath p = touched(e);
    if (e.op == Edit::Op::AppendDocument && e.path.empty()) {
      const Node* k = e.value.get("kind");
      const Node* spec = e.value.get("spec");
      bool is_pdb = k && k->is_scalar() && k->str() == "PodDisruptionBudget" && spec && spec->is_map();
      std::vector<ValuesEdit> budget;
      // Budgets set in the values: the re-modelled release tells whether the chart then renders it.
      bool settable = w->pdb.enable || w->pdb.copy || w->pdb.min_available || w->pdb.max_unavailable;
      if (is_pdb && workload && w->pdb.present && settable &&
          pdb_edits(w->pdb, *spec, coalesced, budget)) {
        out.insert(out.end(), budget.begin(), budget.end());
      } else {
        out.push_back({ValuesEdit::Op::Document, {}, e.value});
      }
      continue;
    }
    if (kind == "PodDisruptionBudget" && starts_with(p, {"spec"})) {
      if (!done.insert("pdb").second) continue;
      const Node* spec = intended.get("spec");
      if (!spec || !spec->is_map() || !pdb_edits(w->pdb, *spec, coalesced, out)) return std::nullopt;
      continue;
    }
    if (!workload) return std::nullopt;
    if (starts_with(p, {"spec", "replicas"})) {
      if (!done.insert("replicas").second) continue;
      const Node* r = intended.path({"spec", "replicas"});
      if (!w->replicas.path || !r) return std::nullopt;
      out.push_back(set(*w->replicas.path, plain(*r)));
      continue;
    }
    if (starts_with(p, {"spec", "strategy"}) || starts_with(p, {"spec", "updateStrategy"})) {
      if (!done.insert("strategy").second) continue;
      const std::string& key = p[1].key;
      const Node* st = intended.path({"spec", key});
      if (!st || !st->is_map()) return std::nullopt;
      if (w->strategy.rolling_update) {
        // Only rollingUpdate is the values' (the type is the chart's).
        const Node* type = st->get("type");
        const Node* ru = st->get("rollingUpdate");
        const Node* rendered = obj.path({"spec", key, "type"});
        if (!type || !rendered || type->str() != rendered->str() || !ru) return std::nullopt;
        out.push_back(set(*w->strategy.rolling_update,
                          with_nulls(plain(*ru), at_path(v->defaults, *w->strategy.rolling_update))));
        continue;
      }
      if (!w->strategy.path) return std::nullopt;
      if (w->strategy.type_only) {
        const Node* type = st->get("type");
        if (st->size() != 1 || !type) return std::nullopt;
        out.push_back(set(*w->strategy.path, plain(*type)));
      } else {
        out.push_back(set(*w->strategy.path, with_nulls(plain(*st), at_path(v->defaults, *w->strategy.path))));
      }
      continue;
    }
    if (starts_with(p, {"spec", "template", "spec"}) && p.size() >= 4 && !p[3].is_index()) {
      const std::string& k = p[3].key;
      const FieldSpec* f = k == "affinity"                    ? &w->affinity
                           : k == "topologySpreadConstraints" ? &w->spread
                           : k == "nodeSelector"              ? &w->node_selector
                           : k == "tolerations"               ? &w->tolerations
                           : k == "priorityClassName"         ? &w->priority_class
                                                              : nullptr;
      if (!f || !f->path) return std::nullopt;
      if (!done.insert(k).second) continue;
      const Node* want = intended.path({"spec", "template", "spec", k});
      if (!want) out.push_back(set(*f->path, null_value()));
      else out.push_back(set(*f->path, with_nulls(plain(*want), at_path(v->defaults, *f->path))));
      continue;
    }
    return std::nullopt;
  }
  return combine_sets(values, std::move(out));
}

}  // namespace halint::helm::profile
