#include "rules/field_checks.h"

#include "model/workload.h"

namespace halint::rules {
namespace {

using yaml::Node;

bool present(const Node* n) { return n && !n->is_null(); }
bool unknown(const Node* n) { return n && n->is_substitution(); }
std::string text(const Node* n) { return n && n->is_scalar() ? n->str() : std::string(); }
std::string join(const std::string& path, std::string_view key) { return path.empty() ? std::string(key) : path + "." + std::string(key); }
std::string idx(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

// A strategic-merge-patch directive item ({$patch: replace}) is not an API object.
bool directive(const Node& map) {
  for (size_t i = 0; i < map.size(); ++i)
    if (map.key_at(i).str().starts_with("$")) return true;
  return false;
}

// A `key: value` entry's key node, for pointing at the field (falls back to the map).
const Node* key_of(const Node& map, std::string_view key) {
  const Node* k = map.find_key(key);
  return k ? k : &map;
}

// matchExpressions items of a label selector (In/NotIn need values, Exists/DoesNotExist
// take none) or of a node selector term (same, plus Gt/Lt take exactly one value).
void check_requirements(const Node* exprs, const std::string& path, bool node_selector,
                        std::vector<FieldProblem>& out) {
  if (!exprs || !exprs->is_seq()) return;
  for (size_t i = 0; i < exprs->size(); ++i) {
    const Node& r = exprs->at(i);
    if (!r.is_map() || directive(r)) continue;
    const Node* op = r.get("operator");
    const Node* values = r.get("values");
    if (!op || !op->is_scalar() || unknown(op) || (values && !values->is_seq() && !values->is_null())) continue;
    size_t count = values && values->is_seq() ? values->size() : 0;
    std::string o = op->str();
    std::string here = idx(path, i);
    if ((o == "In" || o == "NotIn") && count == 0)
      out.push_back({key_of(r, "operator"), join(here, "operator"),
                     "`values` must be non-empty when operator is " + o + " (the API server rejects it)"});
    else if ((o == "Exists" || o == "DoesNotExist") && count > 0)
      out.push_back({key_of(r, "values"), join(here, "values"),
                     "`values` must be empty when operator is " + o + " (the API server rejects it)"});
    else if (node_selector && (o == "Gt" || o == "Lt") && count != 1)
      out.push_back({key_of(r, "operator"), join(here, "values"),
                     "operator " + o + " takes exactly one value (the API server rejects it)"});
  }
}

void check_label_selector(const Node* sel, const std::string& path, std::vector<FieldProblem>& out) {
  if (sel && sel->is_map()) check_requirements(sel->get("matchExpressions"), join(path, "matchExpressions"), false, out);
}

void check_pod_affinity_term(const Node& term, const std::string& path, std::vector<FieldProblem>& out) {
  if (!term.is_map()) return;
  check_label_selector(term.get("labelSelector"), join(path, "labelSelector"), out);
  check_label_selector(term.get("namespaceSelector"), join(path, "namespaceSelector"), out);
  for (const char* k : {"matchLabelKeys", "mismatchLabelKeys"}) {
    const Node* keys = term.get(k);
    if (keys && keys->is_seq() && !keys->empty() && !present(term.get("labelSelector")))
      out.push_back({key_of(term, k), join(path, k),
                     std::string(k) + " without labelSelector: the API server rejects it"});
  }
}

void check_affinity(const Node& aff, const std::string& path, std::vector<FieldProblem>& out) {
  if (!aff.is_map()) return;
  if (const Node* na = aff.get("nodeAffinity"); na && na->is_map()) {
    std::string np = join(path, "nodeAffinity");
    auto terms = [&](const Node* list, const std::string& p) {
      if (!list || !list->is_seq()) return;
      for (size_t i = 0; i < list->size(); ++i) {
        const Node& t = list->at(i);
        if (!t.is_map()) continue;
        check_requirements(t.get("matchExpressions"), join(idx(p, i), "matchExpressions"), true, out);
        check_requirements(t.get("matchFields"), join(idx(p, i), "matchFields"), true, out);
      }
    };
    std::string rp = join(np, "requiredDuringSchedulingIgnoredDuringExecution");
    if (const Node* req = na->get("requiredDuringSchedulingIgnoredDuringExecution"); req && req->is_map())
      terms(req->get("nodeSelectorTerms"), join(rp, "nodeSelectorTerms"));
    std::string pp = join(np, "preferredDuringSchedulingIgnoredDuringExecution");
    if (const Node* pref = na->get("preferredDuringSchedulingIgnoredDuringExecution"); pref && pref->is_seq())
      for (size_t i = 0; i < pref->size(); ++i) {
        const Node* p = pref->at(i).get("preference");
        if (p && p->is_map()) {
          std::string here = join(idx(pp, i), "preference");
          check_requirements(p->get("matchExpressions"), join(here, "matchExpressions"), true, out);
          check_requirements(p->get("matchFields"), join(here, "matchFields"), true, out);
        }
      }
  }
  for (const char* kind : {"podAffinity", "podAntiAffinity"}) {
    const Node* pa = aff.get(kind);
    if (!pa || !pa->is_map()) continue;
    std::string base = join(path, kind);
    if (const Node* req = pa->get("requiredDuringSchedulingIgnoredDuringExecution"); req && req->is_seq())
      for (size_t i = 0; i < req->size(); ++i)
        check_pod_affinity_term(req->at(i), idx(join(base, "requiredDuringSchedulingIgnoredDuringExecution"), i), out);
    if (const Node* pref = pa->get("preferredDuringSchedulingIgnoredDuringExecution"); pref && pref->is_seq())
      for (size_t i = 0; i < pref->size(); ++i)
        if (const Node* t = pref->at(i).get("podAffinityTerm"))
          check_pod_affinity_term(
              *t, join(idx(join(base, "preferredDuringSchedulingIgnoredDuringExecution"), i), "podAffinityTerm"), out);
  }
}

void check_spread(const Node& c, const std::string& path, std::vector<FieldProblem>& out) {
  if (!c.is_map() || directive(c)) return;
  const Node* when = c.get("whenUnsatisfiable");
  if (present(c.get("minDomains")) && text(when) == "ScheduleAnyway")
    out.push_back({key_of(c, "minDomains"), join(path, "minDomains"),
                   "minDomains is only allowed with whenUnsatisfiable: DoNotSchedule (the API server rejects it)"});
  const Node* keys = c.get("matchLabelKeys");
  if (keys && keys->is_seq() && !keys->empty() && !present(c.get("labelSelector")))
    out.push_back({key_of(c, "matchLabelKeys"), join(path, "matchLabelKeys"),
                   "matchLabelKeys without labelSelector: the API server rejects it"});
  check_label_selector(c.get("labelSelector"), join(path, "labelSelector"), out);
}

void check_toleration(const Node& t, const std::string& path, std::vector<FieldProblem>& out) {
  if (!t.is_map() || directive(t)) return;
  const Node* effect = t.get("effect");
  const Node* op = t.get("operator");
  if (present(t.get("tolerationSeconds")) && !unknown(effect) && text(effect) != "NoExecute")
    out.push_back({key_of(t, "tolerationSeconds"), join(path, "tolerationSeconds"),
                   "tolerationSeconds only applies to effect NoExecute (the API server rejects it)"});
  if (unknown(op)) return;
  std::string o = text(op);
  if (o != "" && o != "Equal" && o != "Exists") return;  // a bad operator is the schema's finding
  const Node* value = t.get("value");
  if (o == "Exists" && value && value->is_scalar() && !value->str().empty() && !unknown(value))
    out.push_back({key_of(t, "value"), join(path, "value"),
                   "value must be empty when operator is Exists (the API server rejects it)"});
  const Node* key = t.get("key");
  if (!unknown(key) && text(key).empty() && o != "Exists")
    out.push_back({op ? t.find_key("operator") : &t, join(path, "operator"),
                   "operator must be Exists when key is empty (the API server rejects it)"});
}

// "N%" -> N, an integer -> itself; nullopt otherwise.
std::optional<int64_t> int_or_percent(const Node* n) { return model::scaled_value(n, 100, false); }
bool is_percent(const Node* n) { return n && n->is_string() && !n->str().empty() && n->str().back() == '%'; }

}  // namespace

void check_pod_scheduling(const Node& pod_spec, const std::string& path, std::vector<FieldProblem>& out) {
  if (!pod_spec.is_map()) return;
  if (const Node* a = pod_spec.get("affinity")) check_affinity(*a, join(path, "affinity"), out);
  if (const Node* tsc = pod_spec.get("topologySpreadConstraints"); tsc && tsc->is_seq())
    for (size_t i = 0; i < tsc->size(); ++i) check_spread(tsc->at(i), idx(join(path, "topologySpreadConstraints"), i), out);
  if (const Node* tol = pod_spec.get("tolerations"); tol && tol->is_seq())
    for (size_t i = 0; i < tol->size(); ++i) check_toleration(tol->at(i), idx(join(path, "tolerations"), i), out);
}

void check_deployment_strategy(const Node& s, const std::string& path, std::vector<FieldProblem>& out) {
  if (!s.is_map()) return;
  const Node* ru = s.get("rollingUpdate");
  if (text(s.get("type")) == "Recreate" && present(ru))
    out.push_back({key_of(s, "rollingUpdate"), join(path, "rollingUpdate"),
                   "rollingUpdate may not be set when the strategy type is Recreate (the API server rejects it)"});
  if (!ru || !ru->is_map()) return;
  const Node* surge = ru->get("maxSurge");
  const Node* unavail = ru->get("maxUnavailable");
  if (surge && unavail && int_or_percent(surge) == 0 && int_or_percent(unavail) == 0)
    out.push_back({key_of(*ru, "maxUnavailable"), join(path, "rollingUpdate.maxUnavailable"),
                   "maxSurge and maxUnavailable are both 0: a rollout could never progress (the API server rejects it)"});
  if (is_percent(unavail) && int_or_percent(unavail) > 100)
    out.push_back({unavail, join(path, "rollingUpdate.maxUnavailable"),
                   "maxUnavailable must not be greater than 100% (the API server rejects it)"});
}

void check_statefulset_update_strategy(const Node& s, const std::string& path, std::vector<FieldProblem>& out) {
  if (!s.is_map()) return;
  if (text(s.get("type")) == "OnDelete" && present(s.get("rollingUpdate")))
    out.push_back({key_of(s, "rollingUpdate"), join(path, "rollingUpdate"),
                   "rollingUpdate is only allowed with updateStrategy type RollingUpdate (the API server rejects it)"});
}

void check_pdb_spec(const Node& spec, const std::string& path, std::vector<FieldProblem>& out) {
  if (!spec.is_map()) return;
  if (present(spec.get("minAvailable")) && present(spec.get("maxUnavailable")))
    out.push_back({key_of(spec, "maxUnavailable"), join(path, "maxUnavailable"),
                   "minAvailable and maxUnavailable are both set: the API server accepts only one"});
  for (const char* k : {"minAvailable", "maxUnavailable"}) {
    const Node* v = spec.get(k);
    if (is_percent(v) && int_or_percent(v) > 100)
      out.push_back({v, join(path, k), std::string(k) + " must not be greater than 100% (the API server rejects it)"});
  }
  check_label_selector(spec.get("selector"), join(path, "selector"), out);
}

void check_hpa_spec(const Node& spec, const std::string& path, std::vector<FieldProblem>& out) {
  if (!spec.is_map()) return;
  auto min = spec.get("minReplicas") ? spec.get("minReplicas")->as_int() : std::nullopt;
  auto max = spec.get("maxReplicas") ? spec.get("maxReplicas")->as_int() : std::nullopt;
  if (min && max && *max < *min)
    out.push_back({key_of(spec, "maxReplicas"), join(path, "maxReplicas"),
                   "maxReplicas " + std::to_string(*max) + " is less than minReplicas " + std::to_string(*min) +
                       " (the API server rejects it)"});
}

}  // namespace halint::rules
