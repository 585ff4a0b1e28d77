// The workload objects app-template renders per controller type (classes/_deployment.tpl,
// _statefulset.tpl, _daemonset.tpl, _cronjob.tpl, _job.tpl of each version).
#include "helm/app_template/internal.h"

namespace halint::helm::app_template {
namespace {

// An int-or-string rollout value as written (kept with its origin).
const yaml::Node* present(const yaml::Node* map, const char* key) {
  if (!map || !map->is_map()) return nullptr;
  const yaml::Node* v = map->get(key);
  return v && !v->is_null() ? v : nullptr;
}

const yaml::Node* truthy_at(const yaml::Node* map, const char* key) {
  const yaml::Node* v = present(map, key);
  return truthy(v) ? v : nullptr;
}

// rollingUpdate {maxUnavailable, maxSurge} for a Deployment or (5.1+) a DaemonSet.
yaml::Node rolling_update(const Build& b, const Controller& c, const Synth& s) {
  const yaml::Node* ru = c.values.get("rollingUpdate");
  const yaml::Node* unavailable = nullptr;
  const yaml::Node* surge = nullptr;
  if (b.traits.rolling_update_by_presence) {
    unavailable = present(ru, "maxUnavailable");
    if (!unavailable) unavailable = present(ru, "unavailable");
    surge = present(ru, "maxSurge");
    if (!surge) surge = present(ru, "surge");
  } else {
    unavailable = truthy_at(ru, "unavailable");
    surge = truthy_at(ru, "surge");
  }
  yaml::Node out;
  if (!unavailable && !surge) return out;
  out = s.at(ru->origin()).map();
  if (unavailable) s.set(out, "maxUnavailable", *unavailable);
  if (surge) s.set(out, "maxSurge", *surge);
  return out;
}

std::string strategy_text(const Controller& c) { return scalar_text(c.values.get("strategy")); }

Origin strategy_origin(const Controller& c) {
  const yaml::Node* st = c.values.get("strategy");
  return st && st->origin().known() ? st->origin() : c.at;
}

yaml::Node metadata(const Build& b, const Controller& c, const Synth& s) {
  yaml::Node meta = s.map();
  s.set(meta, "name", s.str(c.name));
  s.set(meta, "namespace", s.str(b.release.target_namespace));
  s.set(meta, "labels", object_labels(b, &c, s));
  if (const yaml::Node* a = c.values.get("annotations"); a && a->is_map() && !a->empty()) s.set(meta, "annotations", *a);
  return meta;
}

yaml::Node pod_template(const Build& b, const Controller& c, const Synth& s, bool& unknown) {
  yaml::Node tmpl = s.map();
  yaml::Node meta = s.map();
  yaml::Node ann = pod_annotations(b, c, s);
  if (ann.is_map() && !ann.empty()) s.set(meta, "annotations", std::move(ann));
  s.set(meta, "labels", pod_labels(b, c, s));
  s.set(tmpl, "metadata", std::move(meta));
  s.set(tmpl, "spec", pod_spec(b, c, s, unknown));
  return tmpl;
}

yaml::Node selector(const Build& b, const Controller& c, const Synth& s) {
  yaml::Node sel = s.map();
  s.set(sel, "matchLabels", selector_labels(b, c, s));
  return sel;
}

// spec.replicas as the version writes it: absent key -> 1, null -> left out, an HPA the
// chart makes -> left out; an unknown source may set it -> unknown.
void replicas(const Build& b, const Controller& c, const Synth& s, yaml::Node& spec, bool hpa_managed, bool unknown,
              bool default_one) {
  if (hpa_managed) return;
  const yaml::Node* r = c.values.get("replicas");
  if (unknown) {
    s.set(spec, "replicas", s.at(r ? r->origin() : c.at).str(kUnknownValues));
    return;
  }
  if (!r) {
    if (default_one) s.set(spec, "replicas", s.integer(1));
    return;
  }
  if (r->is_null()) return;
  if (b.traits.tpl_scheduling && has_template(*r)) {
    s.set(spec, "replicas", s.at(r->origin()).str(kTemplated));
    return;
  }
  s.set(spec, "replicas", *r);
}

}  // namespace

yaml::Node selector_labels(const Build& b, const Controller& c, const Synth& s) {
  yaml::Node labels = s.map();
  if (!b.traits.controller_label.empty()) s.set(labels, b.traits.controller_label, s.str(c.id));
  s.set(labels, "app.kubernetes.io/name", s.str(b.name));
  s.set(labels, "app.kubernetes.io/instance", s.str(b.release.release_name));
  return labels;
}

yaml::Node object_labels(const Build& b, const Controller* c, const Synth& s) {
  yaml::Node labels = s.map();
  s.set(labels, "app.kubernetes.io/instance", s.str(b.release.release_name));
  s.set(labels, "app.kubernetes.io/managed-by", s.str("Helm"));
  s.set(labels, "app.kubernetes.io/name", s.str(b.name));
  s.set(labels, "helm.sh/chart", s.str("app-template-" + b.version.text()));
  if (const yaml::Node* g = b.values.at({"global", "labels"}); g && g->is_map())
    for (size_t i = 0; i < g->size(); ++i) labels.set(g->key_at(i), g->value_at(i));
  if (c) {
    if (const yaml::Node* l = c->values.get("labels"); l && l->is_map())
      for (size_t i = 0; i < l->size(); ++i) labels.set(l->key_at(i), l->value_at(i));
    if (!b.traits.controller_label.empty()) s.set(labels, b.traits.controller_label, s.str(c->id));
  }
  return labels;
}

yaml::Node deployment_strategy(const Build& b, const Controller& c, const Synth& s, bool& refused) {
  std::string type = strategy_text(c);
  if (type.empty()) type = "Recreate";
  Synth st = s.at(strategy_origin(c));
  yaml::Node out = st.map();
  if (type != "Recreate" && type != "RollingUpdate") {
    refused = true;
    return out;
  }
  if (const yaml::Node* v = c.values.get("strategy"); v && v->is_scalar() && !v->is_null()) s.set(out, "type", *v);
  else s.set(out, "type", st.str(type));
  if (type == "RollingUpdate") {
    yaml::Node ru = rolling_update(b, c, s);
    if (ru.is_map()) s.set(out, "rollingUpdate", std::move(ru));
  }
  return out;
}

std::optional<yaml::Node> workload(const Build& b, const Controller& c, bool hpa_managed) {
  Synth s(c.at);
  bool unknown = b.values.unknown(c.path) || (!b.traits.single_layout && b.values.unknown({"defaultPodOptions"}));
  yaml::Node obj = s.map();
  const char* kind = c.type == "statefulset" ? "StatefulSet"
                     : c.type == "daemonset" ? "DaemonSet"
                     : c.type == "cronjob"   ? "CronJob"
                     : c.type == "job"       ? "Job"
                                             : "Deployment";
  bool batch = c.type == "cronjob" || c.type == "job";
  s.set(obj, "apiVersion", s.str(batch ? "batch/v1" : "apps/v1"));
  s.set(obj, "kind", s.str(kind));
  s.set(obj, "metadata", metadata(b, c, s));
  yaml::Node spec = s.map();
  bool scheduling_unknown = false;
  yaml::Node tmpl = pod_template(b, c, s, scheduling_unknown);
  unknown = unknown || scheduling_unknown;

  if (c.type == "deployment") {
    s.set(spec, "revisionHistoryLimit", s.integer(3));
    // 2.x: only the default `main` controller has replicas in the library's values; any
    // other leaves the field out (the API default, 1).
    replicas(b, c, s, spec, hpa_managed, unknown, !b.traits.default_main_controller);
    bool refused = false;
    yaml::Node strategy = deployment_strategy(b, c, s, refused);
    if (refused) {
      b.note("the chart refuses strategy \"" + strategy_text(c) + "\" for a Deployment (Recreate or RollingUpdate): " +
                 "controller \"" + c.id + "\" not modelled",
             strategy_origin(c));
      return std::nullopt;
    }
    s.set(spec, "strategy", std::move(strategy));
    s.set(spec, "selector", selector(b, c, s));
    s.set(spec, "template", std::move(tmpl));
  } else if (c.type == "statefulset") {
    s.set(spec, "revisionHistoryLimit", s.integer(3));
    replicas(b, c, s, spec, hpa_managed, unknown, false);
    const yaml::Node* sts = b.traits.single_layout ? &c.values : c.values.get("statefulset");
    const yaml::Node* pmp = present(sts, "podManagementPolicy");
    s.set(spec, "podManagementPolicy", pmp ? *pmp : s.str("OrderedReady"));
    s.set(spec, "serviceName", s.str(b.fullname));
    std::string type = strategy_text(c);
    if (type.empty()) type = "RollingUpdate";
    if (type != "RollingUpdate" && type != "OnDelete") {
      b.note("the chart refuses strategy \"" + type + "\" for a StatefulSet (RollingUpdate or OnDelete): controller \"" +
                 c.id + "\" not modelled",
             strategy_origin(c));
      return std::nullopt;
    }
    Synth st = s.at(strategy_origin(c));
    yaml::Node us = st.map();
    s.set(us, "type", st.str(type));
    if (type == "RollingUpdate") {
      const yaml::Node* ru = c.values.get("rollingUpdate");
      yaml::Node r = st.map();
      if (b.traits.rolling_update_by_presence) {
        if (const yaml::Node* p = present(ru, "partition")) s.set(r, "partition", *p);
        if (const yaml::Node* m = present(ru, "maxUnavailable")) s.set(r, "maxUnavailable", *m);
      } else if (const yaml::Node* p = truthy_at(ru, "partition")) {
        s.set(r, "partition", *p);
      }
      if (!r.empty()) s.set(us, "rollingUpdate", std::move(r));
    }
    s.set(spec, "updateStrategy", std::move(us));
    s.set(spec, "selector", selector(b, c, s));
    s.set(spec, "template", std::move(tmpl));
    const yaml::Node* vcts = b.traits.single_layout ? b.values.root().get("volumeClaimTemplates")
                                                    : present(sts, "volumeClaimTemplates");
    if (vcts && vcts->is_seq() && !vcts->empty()) {
      yaml::Node list = s.seq();
      for (const auto& v : vcts->items()) {
        if (!v.is_map()) continue;
        Synth vs = s.at(v.origin());
        yaml::Node pvc = vs.map();
        yaml::Node meta = vs.map();
        if (const yaml::Node* n = v.get("name")) s.set(meta, "name", *n);
        s.set(pvc, "metadata", std::move(meta));
        yaml::Node pspec = vs.map();
        if (const yaml::Node* am = v.get("accessMode")) {
          yaml::Node modes = vs.seq();
          modes.push_back(*am);
          s.set(pspec, "accessModes", std::move(modes));
        }
        if (const yaml::Node* size = v.get("size")) {
          yaml::Node res = vs.map();
          yaml::Node req = vs.map();
          s.set(req, "storage", *size);
          s.set(res, "requests", std::move(req));
          s.set(pspec, "resources", std::move(res));
        }
        s.set(pvc, "spec", std::move(pspec));
        list.push_back(std::move(pvc));
      }
      s.set(spec, "volumeClaimTemplates", std::move(list));
    }
  } else if (c.type == "daemonset") {
    s.set(spec, "revisionHistoryLimit", s.integer(3));
    if (b.traits.daemonset_strategy && !strategy_text(c).empty()) {
      std::string type = strategy_text(c);
      Synth st = s.at(strategy_origin(c));
      yaml::Node us = st.map();
      s.set(us, "type", *c.values.get("strategy"));
      if (type == "RollingUpdate") {
        yaml::Node ru = rolling_update(b, c, s);
        if (ru.is_map()) s.set(us, "rollingUpdate", std::move(ru));
      }
      s.set(spec, "updateStrategy", std::move(us));
    }
    s.set(spec, "selector", selector(b, c, s));
    s.set(spec, "template", std::move(tmpl));
  } else {
    // CronJob / Job: restartPolicy Never unless the pod options say otherwise.
    yaml::Node* pspec = tmpl.get("spec");
    if (pspec && !pspec->get("restartPolicy")) s.set(*pspec, "restartPolicy", s.str("Never"));
    yaml::Node job = s.map();
    s.set(job, "template", std::move(tmpl));
    if (c.type == "job") {
      spec = std::move(job);
    } else {
      const yaml::Node* cj = c.values.get("cronjob");
      const yaml::Node* schedule = present(cj, "schedule");
      s.set(spec, "schedule", schedule ? *schedule : s.str("*/20 * * * *"));
      s.set(spec, "jobTemplate", [&] {
        yaml::Node jt = s.map();
        s.set(jt, "spec", std::move(job));
        return jt;
      }());
    }
  }
  s.set(obj, "spec", std::move(spec));
  return obj;
}

}  // namespace halint::helm::app_template
