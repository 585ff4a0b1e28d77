#include "helm/app_template/model.h"

#include <algorithm>
#include <cctype>

#include "helm/app_template/internal.h"

namespace halint::helm::app_template {

void Build::note(std::string message, Origin at) const {
  Finding f;
  f.rule = "HA005";
  f.severity = Severity::Info;
  f.message = std::move(message);
  f.location = at.known() ? at : base;
  f.resource = release.object->ref();
  if (!release.object->render.empty()) f.via.push_back(release.object->render);
  out.notes.push_back(std::move(f));
}

namespace {

std::string trunc63(std::string s) {
  if (s.size() > 63) s.resize(63);
  while (!s.empty() && s.back() == '-') s.pop_back();
  return s;
}

std::string lower(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

// lib/chart/_names.tpl: app-template fills global.nameOverride with the release name, so
// the name is that override (or the release name); fullname follows Helm's convention.
void names(Build& b) {
  const Values& v = b.values;
  std::string name = scalar_text(v.at({"global", "nameOverride"}));
  if (name.empty()) name = b.release.release_name;
  b.name = trunc63(name);
  std::string full = scalar_text(v.at({"global", "fullnameOverride"}));
  if (full.empty()) full = scalar_text(v.at({"fullnameOverride"}));
  if (full.empty())
    full = b.release.release_name.find(b.name) != std::string::npos ? b.release.release_name
                                                                      : b.release.release_name + "-" + b.name;
  b.fullname = trunc63(full);
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The name of a controller's (or raw resource's) objects, per version.
std::string object_name(const Build& b, const std::string& id, const yaml::Node& entry, size_t enabled_count) {
  const Traits& t = b.traits;
  std::string n = b.fullname;
  if (t.single_layout) return n;
  if (t.default_main_controller) {  // 2.x
    if (std::string o = scalar_text(entry.get("nameOverride")); !o.empty()) return n + "-" + o;
    return id == "main" ? n : n + "-" + id;
  }
  if (!t.rename_keys) {  // 3.x
    if (std::string o = scalar_text(entry.get("nameOverride")); !o.empty()) return o == n ? n : n + "-" + o;
    if (enabled_count > 1 && n != id) n += "-" + id;
    return n;
  }
  if (std::string force = scalar_text(entry.get("forceRename")); !force.empty()) return lower(force);
  if (std::string prefix = scalar_text(entry.get("prefix")); !prefix.empty() && prefix != n) n = prefix + "-" + n;
  bool always = t.always_append_flag && truthy(b.values.at({"global", "alwaysAppendIdentifierToResourceName"}));
  if ((enabled_count > 1 || always) && !ends_with(n, "-" + id) && n != id) n += "-" + id;
  if (std::string suffix = scalar_text(entry.get("suffix")); !suffix.empty() && !ends_with(n, "-" + suffix))
    n += "-" + suffix;
  return lower(n);
}

bool enabled(const yaml::Node& entry) {
  const yaml::Node* e = entry.get("enabled");
  return !e || truthy(e);
}

// 2.x's library values: a `main` controller exists unless the values disable it.
yaml::Node default_main(Origin at) {
  yaml::Node m = yaml::Node::map(at);
  m.set("enabled", yaml::Node::boolean(true, at));
  m.set("type", yaml::Node::string("deployment", at));
  m.set("replicas", yaml::Node::integer(1, at));
  m.set("revisionHistoryLimit", yaml::Node::integer(3, at));
  for (auto& c : m.children()) c.set_flag(yaml::kSynthesized);
  m.set_flag(yaml::kSynthesized);
  return m;
}

std::vector<Controller> controllers(Build& b) {
  std::vector<Controller> out;
  const Values& v = b.values;
  const char* allowed_single[] = {"deployment", "statefulset", "daemonset"};
  const char* allowed[] = {"deployment", "statefulset", "daemonset", "cronjob", "job"};
  auto type_ok = [&](const std::string& t) {
    if (b.traits.single_layout) return std::find(std::begin(allowed_single), std::end(allowed_single), t) != std::end(allowed_single);
    return std::find(std::begin(allowed), std::end(allowed), t) != std::end(allowed);
  };
  if (b.traits.single_layout) {
    const yaml::Node* c = v.root().get("controller");
    Controller ctl;
    ctl.id = "main";
    ctl.path = {"controller"};
    ctl.values = c && c->is_map() ? *c : yaml::Node::map(b.base);
    const yaml::Node* key = v.root().find_key("controller");
    ctl.at = key && key->origin().known() ? key->origin() : b.base;
    if (!enabled(ctl.values)) return out;
    ctl.type = scalar_text(ctl.values.get("type"));
    if (ctl.type.empty()) ctl.type = "deployment";
    if (!type_ok(ctl.type)) {
      b.note("the chart refuses controller type \"" + ctl.type + "\": not modelled", ctl.values.get("type")->origin());
      return out;
    }
    ctl.name = b.fullname;
    out.push_back(std::move(ctl));
    return out;
  }
  const yaml::Node* cs = v.root().get("controllers");
  yaml::Node all = yaml::Node::map(b.base);
  if (b.traits.default_main_controller) {
    all.set("main", default_main(b.base));
    if (cs && cs->is_map()) merge_values(all, *cs);
  } else if (cs && cs->is_map()) {
    all = *cs;
  }
  for (size_t i = 0; i < all.size(); ++i) {
    const yaml::Node& key = all.key_at(i);
    const yaml::Node& entry = all.value_at(i);
    if (!key.is_scalar() || !entry.is_map() || !enabled(entry)) continue;
    Controller ctl;
    ctl.id = key.str();
    ctl.path = {"controllers", ctl.id};
    ctl.values = entry;
    // The controller's key (an alias used as a key points at its anchor: then the entry's map).
    ctl.at = key.origin().known() && !key.has_flag(yaml::kSynthesized) && !key.has_flag(yaml::kFromAlias)
                 ? key.origin()
             : entry.origin().known() ? entry.origin()
                                      : b.base;
    ctl.type = scalar_text(entry.get("type"));
    if (ctl.type.empty()) ctl.type = "deployment";
    if (!type_ok(ctl.type)) {
      b.note("the chart refuses controller type \"" + ctl.type + "\" (controller \"" + ctl.id + "\"): not modelled",
             entry.get("type")->origin());
      continue;
    }
    out.push_back(std::move(ctl));
  }
  std::sort(out.begin(), out.end(), [](const Controller& x, const Controller& y) { return x.id < y.id; });
  for (auto& c : out) c.name = object_name(b, c.id, c.values, out.size());
  return out;
}

yaml::Node pdb(const Build& b, const Controller& c, const yaml::Node& values) {
  Synth s(values.origin().known() ? values.origin() : c.at);
  yaml::Node obj = s.map();
  s.set(obj, "apiVersion", s.str("policy/v1"));
  s.set(obj, "kind", s.str("PodDisruptionBudget"));
  yaml::Node meta = s.map();
  s.set(meta, "name", s.str(c.name));
  s.set(meta, "namespace", s.str(b.release.target_namespace));
  s.set(meta, "labels", object_labels(b, &c, s));
  if (const yaml::Node* a = values.get("annotations"); a && a->is_map() && !a->empty()) s.set(meta, "annotations", *a);
  s.set(obj, "metadata", std::move(meta));
  yaml::Node spec = s.map();
  // Each budget is written only when truthy: an integer 0 vanishes, "0%" stays.
  if (const yaml::Node* m = values.get("minAvailable"); truthy(m)) s.set(spec, "minAvailable", *m);
  if (const yaml::Node* m = values.get("maxUnavailable"); truthy(m)) s.set(spec, "maxUnavailable", *m);
  yaml::Node sel = s.map();
  s.set(sel, "matchLabels", selector_labels(b, c, s));
  s.set(spec, "selector", std::move(sel));
  s.set(obj, "spec", std::move(spec));
  return obj;
}

std::optional<yaml::Node> hpa(const Build& b, const Controller& c, const yaml::Node& values, const char* api,
                              const yaml::Node* user_replicas) {
  Synth s(values.origin().known() ? values.origin() : c.at);
  if (c.type != "deployment" && c.type != "statefulset") {
    b.note("the chart refuses a horizontalPodAutoscaler on a " + c.type + " (controller \"" + c.id + "\")",
           values.origin());
    return std::nullopt;
  }
  const yaml::Node* max = values.get("maxReplicas");
  if (!max || max->is_null()) {
    b.note("the chart refuses a horizontalPodAutoscaler without maxReplicas (controller \"" + c.id + "\")",
           values.origin());
    return std::nullopt;
  }
  yaml::Node obj = s.map();
  s.set(obj, "apiVersion", s.str(api));
  s.set(obj, "kind", s.str("HorizontalPodAutoscaler"));
  yaml::Node meta = s.map();
  s.set(meta, "name", s.str(c.name));
  s.set(meta, "namespace", s.str(b.release.target_namespace));
  s.set(meta, "labels", object_labels(b, &c, s));
  s.set(obj, "metadata", std::move(meta));
  yaml::Node spec = s.map();
  yaml::Node ref = s.map();
  s.set(ref, "apiVersion", s.str("apps/v1"));
  s.set(ref, "kind", s.str(c.type == "statefulset" ? "StatefulSet" : "Deployment"));
  s.set(ref, "name", s.str(c.name));
  s.set(spec, "scaleTargetRef", std::move(ref));
  if (const yaml::Node* min = values.get("minReplicas"); min && !min->is_null()) s.set(spec, "minReplicas", *min);
  else if (!values.get("minReplicas") && user_replicas && !user_replicas->is_null())
    s.set(spec, "minReplicas", *user_replicas);  // the controller's replicas become the minimum
  s.set(spec, "maxReplicas", *max);
  for (const char* k : {"metrics", "behavior"})
    if (const yaml::Node* m = values.get(k); m && !m->is_null()) s.set(spec, k, *m);
  s.set(obj, "spec", std::move(spec));
  return obj;
}

void raw_resources(Build& b) {
  const yaml::Node* raws = b.values.root().get("rawResources");
  if (!raws || !raws->is_map()) return;
  std::vector<std::pair<std::string, const yaml::Node*>> list;
  for (size_t i = 0; i < raws->size(); ++i)
    if (raws->key_at(i).is_scalar() && raws->value_at(i).is_map() && enabled(raws->value_at(i)))
      list.emplace_back(raws->key_at(i).str(), &raws->value_at(i));
  std::sort(list.begin(), list.end(), [](auto& x, auto& y) { return x.first < y.first; });
  for (auto& [id, entry] : list) {
    const yaml::Node* key = raws->find_key(id);
    Synth s(key ? key->origin() : b.base);
    const yaml::Node* manifest = b.traits.raw_resources_manifest ? entry->get("manifest") : entry;
    if (!manifest || !manifest->is_map()) continue;
    const yaml::Node* api = manifest->get("apiVersion");
    const yaml::Node* kind = manifest->get("kind");
    if (!api || !kind || !api->is_scalar() || !kind->is_scalar()) continue;
    yaml::Node obj = s.map();
    s.set(obj, "apiVersion", *api);
    s.set(obj, "kind", *kind);
    yaml::Node meta = s.map();
    std::string name = object_name(b, id, *entry, list.size());
    s.set(meta, "name", s.str(name));
    const yaml::Node* m = b.traits.raw_resources_manifest ? manifest->get("metadata") : entry;
    if (const yaml::Node* ns = m && m->is_map() ? m->get("namespace") : nullptr; ns && ns->is_scalar()) s.set(meta, "namespace", *ns);
    else s.set(meta, "namespace", s.str(b.release.target_namespace));
    yaml::Node labels = object_labels(b, nullptr, s);
    if (const yaml::Node* l = m && m->is_map() ? m->get("labels") : nullptr; l && l->is_map())
      for (size_t i = 0; i < l->size(); ++i) labels.set(l->key_at(i), l->value_at(i));
    s.set(meta, "labels", std::move(labels));
    if (const yaml::Node* a = m && m->is_map() ? m->get("annotations") : nullptr; a && a->is_map() && !a->empty())
      s.set(meta, "annotations", *a);
    s.set(obj, "metadata", std::move(meta));
    if (b.traits.raw_resources_manifest) {
      for (size_t i = 0; i < manifest->size(); ++i) {
        const yaml::Node& k = manifest->key_at(i);
        if (!k.is_scalar() || k.str() == "apiVersion" || k.str() == "kind" || k.str() == "metadata") continue;
        obj.set(k, manifest->value_at(i));
      }
    } else if (const yaml::Node* spec = entry->get("spec")) {
      s.set(obj, "spec", *spec);
    }
    b.out.objects.push_back(std::move(obj));
    b.out.owners.push_back({"rawResources", id});
  }
}

}  // namespace

bool AppTemplateModel::matches(const ChartId& chart) const {
  // The name is what identifies it in practice: bjw-s's repositories, their OCI mirrors
  // (ghcr.io/home-operations/charts-mirror, ...) and HelmRepository URLs all keep it.
  return chart.name == "app-template";
}

ModelOutput AppTemplateModel::model(const Release& release, const Values& values) const {
  ModelOutput out;
  ModelledVersion mv = choose_version(release.chart.version);
  Build b{release, values, mv.version, traits_for(mv.version), {}, {}, {}, out};
  b.base = values.root().origin().known() ? values.root().origin()
           : release.values_anchor.known() ? release.values_anchor
                                           : release.object->root().origin();
  out.version = mv.version.text();
  if (mv.assumed) b.note(mv.why, release.chart.at);
  names(b);
  bool pdb_hpa = b.traits.pdb_and_hpa;
  for (const Controller& c : controllers(b)) {
    const yaml::Node* hpa_values = nullptr;
    if (pdb_hpa)
      if (const yaml::Node* h = c.values.get("horizontalPodAutoscaler"); h && h->is_map() && !h->empty()) hpa_values = h;
    std::optional<yaml::Node> hpa_obj;
    if (hpa_values) hpa_obj = hpa(b, c, *hpa_values, "autoscaling/v2", c.values.get("replicas"));
    auto w = workload(b, c, hpa_obj.has_value());
    if (!w) continue;
    out.objects.push_back(std::move(*w));
    out.owners.push_back(c.path);
    if (pdb_hpa)
      if (const yaml::Node* p = c.values.get("podDisruptionBudget"); p && p->is_map() && !p->empty()) {
        out.objects.push_back(pdb(b, c, *p));
        out.owners.push_back(c.path);
      }
    if (hpa_obj) {
      out.objects.push_back(std::move(*hpa_obj));
      out.owners.push_back(c.path);
    }
    if (b.traits.single_layout)
      if (const yaml::Node* a = values.root().get("autoscaling"); a && a->is_map() && truthy(a->get("enabled"))) {
        // 0.x/1.x: autoscaling/v2beta1, min 1 and max 3 by default; replicas stay written.
        yaml::Node hv = *a;
        Synth s(a->origin());
        if (!hv.get("minReplicas")) s.set(hv, "minReplicas", s.integer(1));
        if (!hv.get("maxReplicas")) s.set(hv, "maxReplicas", s.integer(3));
        if (auto h = hpa(b, c, hv, "autoscaling/v2beta1", nullptr)) {
          out.objects.push_back(std::move(*h));
          out.owners.push_back({"autoscaling"});
        }
      }
  }
  if (b.traits.raw_resources_manifest || b.traits.raw_resources_spec) raw_resources(b);
  return out;
}

}  // namespace halint::helm::app_template
