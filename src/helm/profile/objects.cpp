// The objects a profile's workload becomes: the Deployment / StatefulSet / DaemonSet with
// the fields halint's rules read (replicas, strategy, selector, pod labels, scheduling),
// and the PodDisruptionBudget and HorizontalPodAutoscaler the chart renders for it.
// Values nodes are copied with their origins; what the chart makes itself is synthesized.
#include "helm/profile/build.h"

namespace halint::helm::profile {
namespace {

using yaml::Node;

Node value_of(const Build& b, const ValueSpec& v, const Names& n, const Synth& s) {
  if (v.override_path)
    if (const Node* o = b.get(*v.override_path); o && o->is_scalar() && !o->is_null() && !o->str().empty()) return *o;
  return s.str(expand(v.text, n));
}

void put_labels(const Build& b, Node& into, const Labels& labels, const Names& n, const Synth& s) {
  for (const auto& [k, v] : labels)
    if (!v.when || b.holds(*v.when)) s.set(into, k, value_of(b, v, n, s));
}

// ${...} templates inside a value the chart adds itself (an anti-affinity naming the release).
Node expand_tree(Node t, const Names& n, int depth = 0) {
  if (t.is_scalar() && t.is_string()) {
    std::string e = expand(t.str(), n);
    if (e != t.str()) t.set_str(std::move(e));
    return t;
  }
  if (depth > 50) return t;
  for (auto& c : t.children()) c = expand_tree(c, n, depth + 1);
  return t;
}

Node stamped(Node n, const Synth& s) {
  n.set_origin_deep(s.at());
  std::vector<Node*> stack{&n};
  while (!stack.empty()) {
    Node* cur = stack.back();
    stack.pop_back();
    cur->set_flag(yaml::kSynthesized);
    for (auto& c : cur->children()) stack.push_back(&c);
  }
  return n;
}

// `over` merged deep onto `under` (maps recurse, anything else replaces).
Node merge_deep(Node under, const Node& over) {
  if (!under.is_map() || !over.is_map()) return over;
  for (size_t i = 0; i < over.size(); ++i) {
    const std::string& k = over.key_at(i).str();
    if (Node* mine = under.get(k); mine && mine->is_map() && over.value_at(i).is_map())
      *mine = merge_deep(*mine, over.value_at(i));
    else
      under.set(over.key_at(i), over.value_at(i));
  }
  return under;
}

// `over` merged onto `under` (maps; over wins), as Helm's `merge` of two value maps.
Node merge_maps(Node under, const Node& over) {
  if (!under.is_map() || !over.is_map()) return over;
  for (size_t i = 0; i < over.size(); ++i) under.set(over.key_at(i), over.value_at(i));
  return under;
}

std::string spec_name(const Build& b, const ValueSpec& v, const Names& n) {
  if (v.override_path)
    if (const Node* o = b.get(*v.override_path); o && o->is_scalar() && !o->is_null() && !o->str().empty())
      return o->str();
  return expand(v.text, n);
}

std::string workload_name(const Build& b, const WorkloadSpec& w, const Names& n) { return spec_name(b, w.name, n); }

bool unknown_at(const Build& b, const std::optional<ValuesPath>& p) {
  return p && b.user.any_unknown() && b.user.unknown(*p);
}

// A pod spec field (or the strategy) as the chart writes it; nullopt: left out.
std::optional<Node> field(const Build& b, const FieldSpec& f, const Names& n, const Node& selector, const Synth& s) {
  if (!f.present()) return std::nullopt;
  if (unknown_at(b, f.path)) {
    const Node* at = b.get(*f.path);
    return s.at(at ? at->origin() : b.base).str(kUnknownValues);
  }
  const Node* v = f.path ? b.get(*f.path) : nullptr;
  if (!truthy(v) && f.fallback) v = b.get(*f.fallback);
  std::optional<Node> out;
  if (truthy(v) || (v && v->is_scalar() && v->scalar_type() == yaml::ScalarType::Bool)) out = *v;
  if (f.merge_from)
    if (const Node* m = b.get(*f.merge_from); m && m->is_map() && !m->empty())
      out = out ? merge_maps(*m, *out) : *m;
  if (f.has_fixed) {
    Node fixed = stamped(expand_tree(f.fixed, n), s);
    if (fixed.is_map()) out = out ? merge_maps(fixed, *out) : fixed;
    else if (!out) out = fixed;
  }
  if (out && f.templated && has_template(*out)) return s.at(out->origin()).str(kTemplated);
  if (f.patch_when && b.holds(*f.patch_when)) out = merge_deep(out ? *out : s.map(), stamped(f.patch, s));
  if (!out && f.when_empty && b.holds(*f.when_empty)) out = stamped(expand_tree(f.empty_value, n), s);
  if (out && f.fill_label_selector && out->is_seq()) {
    for (auto& item : out->items()) {
      if (!item.is_map() || item.get("labelSelector")) continue;
      Synth at = s.at(item.origin());
      Node ls = at.map();
      at.set(ls, "matchLabels", selector);
      at.set(item, "labelSelector", std::move(ls));
    }
  }
  if (f.rolling_update) {
    // The chart writes the type itself and copies only the rollingUpdate map.
    Node st = out && out->is_map() ? *out : s.map();
    if (!st.get("type")) s.set(st, "type", s.str("RollingUpdate"));
    if (const Node* ru = b.get(*f.rolling_update); ru && ru->is_map()) s.set(st, "rollingUpdate", *ru);
    out = std::move(st);
  }
  if (out && f.type_only) {
    if (!out->is_scalar()) return out;
    Node m = s.at(out->origin()).map();
    s.set(m, "type", *out);
    return m;
  }
  return out;
}

std::optional<Node> replicas(const Build& b, const WorkloadSpec& w, const std::string& kind, const Synth& s) {
  const ReplicasSpec& r = w.replicas;
  if (kind == "DaemonSet") return std::nullopt;
  for (const auto& c : r.omit_when)
    if (b.holds(c)) return std::nullopt;
  if (r.fixed) {
    if (*r.fixed == 1) return std::nullopt;  // the API's default: the chart writes none
    return s.integer(*r.fixed);
  }
  if (!r.path) return std::nullopt;
  const Node* v = b.get(*r.path);
  if (unknown_at(b, r.path)) return s.at(v ? v->origin() : b.base).str(kUnknownValues);
  if (!v || v->is_null()) return std::nullopt;
  if (r.templated && has_template(*v)) return s.at(v->origin()).str(kTemplated);
  if (r.clamp_max && !(r.clamp_unless && b.holds(*r.clamp_unless))) {
    auto n = v->as_int(true);
    if (n && *n > *r.clamp_max) return s.at(v->origin()).integer(*r.clamp_max);
  }
  return *v;
}

Node metadata(const Build& b, const std::string& name, const Names& n, const Node& labels, const Synth& s) {
  Node meta = s.map();
  s.set(meta, "name", s.str(name));
  s.set(meta, "namespace", s.str(n.namespace_));
  s.set(meta, "labels", labels);
  return meta;
}

std::optional<Node> pdb(const Build& b, const WorkloadSpec& w, const Names& n, const Node& selector, const Synth& s) {
  const PdbSpec& p = w.pdb;
  if (!p.present || !p.when || !b.holds(*p.when)) return std::nullopt;
  Node spec = s.map();
  if (p.copy) {
    const Node* m = b.get(*p.copy);
    Synth at = s.at(m ? m->origin() : b.base);
    spec = at.map();
    if (m && m->is_map())
      for (size_t i = 0; i < m->size(); ++i)
        if (m->key_at(i).str() != "enabled") spec.set(m->key_at(i), m->value_at(i));
  } else {
    const Node* min = p.min_available ? b.get(*p.min_available) : nullptr;
    const Node* max = p.max_unavailable ? b.get(*p.max_unavailable) : nullptr;
    auto written = [&](const Node* v) { return p.by_presence ? v && !v->is_null() : truthy(v); };
    bool wmin = written(min), wmax = written(max);
    if (wmin && wmax && p.only_one == "maxUnavailable") wmin = false;
    if (wmin && wmax && p.only_one == "minAvailable") wmax = false;
    if (wmin) s.set(spec, "minAvailable", *min);
    if (wmax) s.set(spec, "maxUnavailable", *max);
    if (!wmin && !wmax && p.when_neither.is_map())
      for (size_t i = 0; i < p.when_neither.size(); ++i)
        s.set(spec, p.when_neither.key_at(i).str(), stamped(p.when_neither.value_at(i), s));
    if (p.unhealthy_policy)
      if (const Node* u = b.get(*p.unhealthy_policy); truthy(u)) s.set(spec, "unhealthyPodEvictionPolicy", *u);
  }
  if (!spec.get("selector")) {
    Node sel = s.map();
    if (p.selector) {
      Node labels = s.map();
      put_labels(b, labels, *p.selector, n, s);
      s.set(sel, "matchLabels", std::move(labels));
    } else {
      s.set(sel, "matchLabels", selector);
    }
    s.set(spec, "selector", std::move(sel));
  }
  Node obj = s.map();
  s.set(obj, "apiVersion", s.str("policy/v1"));
  s.set(obj, "kind", s.str("PodDisruptionBudget"));
  std::string name = p.name.text.empty() ? workload_name(b, w, n) : spec_name(b, p.name, n);
  s.set(obj, "metadata", metadata(b, name, n, selector, s));
  s.set(obj, "spec", std::move(spec));
  return obj;
}

std::optional<Node> hpa(const Build& b, const WorkloadSpec& w, const std::string& kind, const std::string& target,
                        const Names& n, const Node& labels, const Synth& s) {
  const HpaSpec& h = w.hpa;
  if (!h.present || !h.when || !b.holds(*h.when)) return std::nullopt;
  const Node* max = b.get(*h.max_replicas);
  if (!max || max->is_null()) {
    b.note("the chart refuses an autoscaler without maxReplicas (" + path_text(*h.max_replicas) + "): " +
           "HorizontalPodAutoscaler of \"" + target + "\" not modelled");
    return std::nullopt;
  }
  Node spec = s.map();
  Node ref = s.map();
  s.set(ref, "apiVersion", s.str("apps/v1"));
  s.set(ref, "kind", s.str(kind));
  s.set(ref, "name", s.str(target));
  s.set(spec, "scaleTargetRef", std::move(ref));
  if (h.min_replicas)
    if (const Node* min = b.get(*h.min_replicas); min && !min->is_null()) s.set(spec, "minReplicas", *min);
  s.set(spec, "maxReplicas", *max);
  Node obj = s.map();
  s.set(obj, "apiVersion", s.str("autoscaling/v2"));
  s.set(obj, "kind", s.str("HorizontalPodAutoscaler"));
  std::string name = h.name.empty() ? target : expand(h.name, n);
  s.set(obj, "metadata", metadata(b, name, n, labels, s));
  s.set(obj, "spec", std::move(spec));
  return obj;
}

}  // namespace

yaml::Node selector_labels(const Build& b, const WorkloadSpec& w, const Names& n, const Synth& s) {
  Node sel = s.map();
  put_labels(b, sel, w.selector, n, s);
  return sel;
}

// Where the chart's own parts of a workload point: the values section the workload
// reads (`webhook:` for cert-manager's webhook) when the release writes it, else the
// release's values. Findings about the workload as a whole land there.
static Origin anchor(const Build& b, const WorkloadSpec& w) {
  const std::optional<ValuesPath>* candidates[] = {&w.replicas.path, &w.strategy.path, &w.affinity.path,
                                                   &w.node_selector.path};
  for (const auto* c : candidates) {
    if (!*c || (*c)->size() < 2) continue;
    const yaml::Node* cur = &b.user.root();
    Origin found;
    for (size_t i = 0; i + 1 < (*c)->size(); ++i) {
      const yaml::Node* key = cur->is_map() ? cur->find_key((**c)[i]) : nullptr;
      if (!key || !key->origin().known() || key->has_flag(yaml::kFromAlias)) break;
      found = key->origin();
      cur = cur->get((**c)[i]);
    }
    if (found.known()) return found;
  }
  return b.base;
}

void build_workload(Build& b, const WorkloadSpec& w) {
  if (w.when && !b.holds(*w.when)) return;
  Synth s(anchor(b, w));
  Names n = b.names(w);
  std::string name = workload_name(b, w, n);
  std::string kind = w.kind;
  if (w.kind_path) {
    const Node* k = b.get(*w.kind_path);
    if (k && k->is_scalar() && !k->is_null()) kind = k->str();
    if (kind == "CronJob" || kind == "Job") return;  // no replicas, no disruption budget: nothing HA rules read
    if (kind != "Deployment" && kind != "StatefulSet" && kind != "DaemonSet") {
      b.note("the profile of chart \"" + b.release.chart.name + "\" does not model kind \"" + kind + "\" (" +
                 path_text(*w.kind_path) + "): workload \"" + name + "\" not analysed",
             k ? k->origin() : Origin{});
      return;
    }
  }
  for (const auto& r : w.refuses)
    if (b.holds(r.when)) {
      b.note("the chart refuses these values (" + r.message + "): workload \"" + name + "\" not modelled");
      return;
    }
  Node selector = selector_labels(b, w, n, s);
  Node pod_labels = selector;
  put_labels(b, pod_labels, w.pod_labels, n, s);
  for (const auto& from : w.pod_labels_from)
    if (const Node* m = b.get(from); m && m->is_map())
      for (size_t i = 0; i < m->size(); ++i) {
        Node v = m->value_at(i);
        if (has_template(v)) v = s.at(v.origin()).str(kTemplated);
        pod_labels.set(m->key_at(i), std::move(v));
      }

  Node spec = s.map();
  if (auto r = replicas(b, w, kind, s)) s.set(spec, "replicas", std::move(*r));
  if (auto st = field(b, w.strategy, n, selector, s)) s.set(spec, kind == "Deployment" ? "strategy" : "updateStrategy", std::move(*st));
  Node sel = s.map();
  s.set(sel, "matchLabels", selector);
  s.set(spec, "selector", std::move(sel));
  Node tmpl = s.map();
  Node tmeta = s.map();
  s.set(tmeta, "labels", pod_labels);
  s.set(tmpl, "metadata", std::move(tmeta));
  Node pod = s.map();
  const std::pair<const char*, const FieldSpec*> fields[] = {{"affinity", &w.affinity},
                                                             {"nodeSelector", &w.node_selector},
                                                             {"priorityClassName", &w.priority_class},
                                                             {"tolerations", &w.tolerations},
                                                             {"topologySpreadConstraints", &w.spread}};
  for (const auto& [key, f] : fields)
    if (auto v = field(b, *f, n, selector, s)) s.set(pod, key, std::move(*v));
  s.set(tmpl, "spec", std::move(pod));
  s.set(spec, "template", std::move(tmpl));

  Node obj = s.map();
  s.set(obj, "apiVersion", s.str("apps/v1"));
  s.set(obj, "kind", s.str(kind));
  s.set(obj, "metadata", metadata(b, name, n, selector, s));
  s.set(obj, "spec", std::move(spec));
  ObjectRole role{w.critical_when && !b.holds(*w.critical_when) ? std::string() : w.critical, w.singleton};
  auto add = [&](Node o, ObjectRole r) {
    b.out.objects.push_back(std::move(o));
    b.out.owners.push_back({w.id});
    b.out.roles.resize(b.out.objects.size() - 1);
    b.out.roles.push_back(std::move(r));
  };
  add(std::move(obj), role);
  if (kind != "DaemonSet")
    if (auto p = pdb(b, w, n, selector, s)) add(std::move(*p), {});
  if (kind != "DaemonSet")
    if (auto h = hpa(b, w, kind, name, n, selector, s)) add(std::move(*h), {});
}

}  // namespace halint::helm::profile
