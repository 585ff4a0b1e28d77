// Pod options as app-template resolves them (lib/pod/_getOption.tpl of each version) and
// the pod template they make.
#include <algorithm>

#include "helm/app_template/internal.h"

namespace halint::helm::app_template {
namespace {

// The pod spec fields halint's rules read, in the order the chart writes them.
const char* const kSchedulingKeys[] = {"affinity",          "hostNetwork",   "nodeSelector",
                                       "priorityClassName", "runtimeClassName", "schedulerName",
                                       "schedulingGates",   "tolerations",   "topologySpreadConstraints"};

bool is_bool(const yaml::Node* n) { return n && n->is_scalar() && n->scalar_type() == yaml::ScalarType::Bool; }

// Sprig's `merge $pod $default`: keys of the pod side win, maps recurse, lists are not merged.
yaml::Node merge_pod_over_default(const yaml::Node& pod, const yaml::Node& def) {
  yaml::Node out = pod;
  for (size_t i = 0; i < def.size(); ++i) {
    const yaml::Node& k = def.key_at(i);
    if (!k.is_scalar()) continue;
    yaml::Node* mine = out.get(k.str());
    if (!mine) out.set(k, def.value_at(i));
    else if (mine->is_map() && def.value_at(i).is_map()) *mine = merge_pod_over_default(*mine, def.value_at(i));
  }
  return out;
}

// The value of one pod option for a controller, or nullopt when the chart writes none.
std::optional<yaml::Node> option(const Build& b, const Controller& c, std::string_view key) {
  if (b.traits.single_layout) {
    const yaml::Node* v = b.values.root().get(key);
    if (is_bool(v) || non_empty(v)) return *v;
    return std::nullopt;
  }
  const yaml::Node* defaults = b.values.root().get("defaultPodOptions");
  const yaml::Node* d = defaults && defaults->is_map() ? defaults->get(key) : nullptr;
  const yaml::Node* pod = c.values.get("pod");
  const yaml::Node* p = pod && pod->is_map() ? pod->get(key) : nullptr;
  if (b.traits.pod_option_by_key) {
    // 2.x copies a default only where the controller's pod lacks the key.
    const yaml::Node* v = p ? p : d;
    if (is_bool(v) || truthy(v)) return *v;
    return std::nullopt;
  }
  std::optional<yaml::Node> v;
  if (is_bool(d) || non_empty(d)) v = *d;
  if (is_bool(p)) {
    v = *p;
  } else if (non_empty(p)) {
    std::string strategy = "overwrite";
    if (b.traits.pod_options_strategy)
      if (const yaml::Node* s = b.values.root().get("defaultPodOptionsStrategy"); s && s->is_scalar())
        strategy = s->str();
    if (strategy == "merge" && v && v->is_map() && p->is_map()) v = merge_pod_over_default(*p, *v);
    else v = *p;
  }
  if (v && !is_bool(&*v) && !truthy(&*v)) return std::nullopt;
  return v;
}

yaml::Node container(const Synth& s, const std::string& name, const yaml::Node* values) {
  yaml::Node c = s.map();
  s.set(c, "name", s.str(name));
  if (!values || !values->is_map()) return c;
  if (const yaml::Node* image = values->get("image"); image && image->is_map()) {
    std::string repo = scalar_text(image->get("repository"));
    std::string tag = scalar_text(image->get("tag"));
    if (!repo.empty()) s.set(c, "image", s.at(image->origin()).str(tag.empty() ? repo : repo + ":" + tag));
  }
  if (const yaml::Node* r = values->get("resources"); r && r->is_map() && !r->empty()) s.set(c, "resources", *r);
  return c;
}

}  // namespace

std::string scalar_text(const yaml::Node* n) { return n && n->is_scalar() && !n->is_null() ? n->str() : ""; }

yaml::Node pod_spec(const Build& b, const Controller& c, const Synth& s, bool& scheduling_unknown) {
  yaml::Node spec = s.map();
  for (const char* key : kSchedulingKeys) {
    auto v = option(b, c, key);
    if (!v) continue;
    std::string_view k = key;
    bool templated = b.traits.tpl_scheduling && (k == "affinity" || k == "topologySpreadConstraints");
    if (templated && has_template(*v)) {
      scheduling_unknown = true;
      s.set(spec, key, s.at(v->origin()).str(kTemplated));
      continue;
    }
    if (k == "hostNetwork" && !v->as_bool().value_or(false)) continue;  // written only when true
    s.set(spec, key, *v);
  }
  // Containers: their names and resources (what the capacity rules read).
  yaml::Node containers = s.seq();
  if (b.traits.single_layout) {
    containers.push_back(container(s, b.fullname, &b.values.root()));
  } else if (const yaml::Node* cs = c.values.get("containers"); cs && cs->is_map()) {
    std::vector<std::pair<std::string, const yaml::Node*>> list;
    for (size_t i = 0; i < cs->size(); ++i) {
      const yaml::Node& v = cs->value_at(i);
      if (!cs->key_at(i).is_scalar() || !v.is_map()) continue;
      if (const yaml::Node* en = v.get("enabled"); en && !truthy(en)) continue;
      std::string name = cs->key_at(i).str();
      if (std::string n = scalar_text(v.get("nameOverride")); !n.empty()) name = n;
      list.emplace_back(name, &v);
    }
    std::sort(list.begin(), list.end(), [](auto& x, auto& y) { return x.first < y.first; });
    for (auto& [name, v] : list) containers.push_back(container(s.at(v->origin()), name, v));
  }
  if (!containers.empty()) s.set(spec, "containers", std::move(containers));
  return spec;
}

static yaml::Node string_map_option(const Build& b, const Controller& c, const char* single_key, const char* option_key,
                                    const Synth& s) {
  if (b.traits.single_layout) {
    const yaml::Node* v = b.values.root().get(single_key);
    return v && v->is_map() ? *v : yaml::Node();
  }
  auto v = option(b, c, option_key);
  return v && v->is_map() ? *v : yaml::Node();
}

yaml::Node pod_labels(const Build& b, const Controller& c, const Synth& s) {
  yaml::Node labels = s.map();
  // Global labels first (only when propagated), then the selector labels, then the
  // pod's own labels: a user label wins a clash (and can break the selector).
  if (!b.traits.single_layout)
    if (const yaml::Node* g = b.values.at({"global", "propagateGlobalMetadataToPods"}); g && truthy(g))
      if (const yaml::Node* gl = b.values.at({"global", "labels"}); gl && gl->is_map())
        for (size_t i = 0; i < gl->size(); ++i) labels.set(gl->key_at(i), gl->value_at(i));
  yaml::Node sel = selector_labels(b, c, s);
  for (size_t i = 0; i < sel.size(); ++i) labels.set(sel.key_at(i), sel.value_at(i));
  yaml::Node own = string_map_option(b, c, "podLabels", "labels", s);
  if (own.is_map())
    for (size_t i = 0; i < own.size(); ++i) {
      yaml::Node v = own.value_at(i);
      if (b.traits.tpl_scheduling && has_template(v)) v = s.at(v.origin()).str(kTemplated);
      labels.set(own.key_at(i), std::move(v));
    }
  return labels;
}

yaml::Node pod_annotations(const Build& b, const Controller& c, const Synth& s) {
  return string_map_option(b, c, "podAnnotations", "annotations", s);
}

}  // namespace halint::helm::app_template
