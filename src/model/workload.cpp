#include "model/workload.h"

#include <cmath>

namespace halint::model {

Count count_at(const yaml::Node* node) {
  Count c;
  c.node = node;
  if (!node || node->is_null()) return c;
  if (auto v = node->as_int()) {
    c.value = v;
  } else {
    c.unknown = true;  // ${VAR}, a string, a float: no verdict
  }
  return c;
}

const char* workload_kind_name(WorkloadKind k) {
  switch (k) {
    case WorkloadKind::Deployment: return "Deployment";
    case WorkloadKind::StatefulSet: return "StatefulSet";
    case WorkloadKind::DaemonSet: return "DaemonSet";
    case WorkloadKind::ReplicaSet: return "ReplicaSet";
  }
  return "";
}

std::optional<Workload> as_workload(const Object& o) {
  Workload w;
  if (o.kind == "Deployment") w.kind = WorkloadKind::Deployment;
  else if (o.kind == "StatefulSet") w.kind = WorkloadKind::StatefulSet;
  else if (o.kind == "DaemonSet") w.kind = WorkloadKind::DaemonSet;
  else if (o.kind == "ReplicaSet") w.kind = WorkloadKind::ReplicaSet;
  else return std::nullopt;
  if (o.group() != "apps" && o.group() != "extensions") return std::nullopt;
  w.object = &o;
  w.spec = o.root().get("spec");
  if (!w.spec || !w.spec->is_map()) return std::nullopt;
  w.pod_template = w.spec->get("template");
  if (w.pod_template && w.pod_template->is_map()) {
    w.pod_spec = w.pod_template->get("spec");
    w.pod_labels = labels_of(w.pod_template->path({"metadata", "labels"}), &w.pod_labels_unknown);
  }
  w.selector = parse_selector(w.spec->get("selector"));
  if (w.kind != WorkloadKind::DaemonSet) w.replicas = count_at(w.spec->get("replicas"));
  if (w.kind == WorkloadKind::Deployment) w.strategy = w.spec->get("strategy");
  if (w.kind == WorkloadKind::StatefulSet || w.kind == WorkloadKind::DaemonSet)
    w.strategy = w.spec->get("updateStrategy");
  if (w.kind == WorkloadKind::StatefulSet) {
    const auto* p = w.spec->get("podManagementPolicy");
    w.pod_management_policy = p && p->is_scalar() && !p->is_null() ? p->str() : "OrderedReady";
    const auto* v = w.spec->get("volumeClaimTemplates");
    w.has_volume_claim_templates = v && v->is_seq() && !v->empty();
  }
  return w;
}

std::optional<Pdb> as_pdb(const Object& o) {
  if (o.kind != "PodDisruptionBudget" || o.group() != "policy") return std::nullopt;
  Pdb p;
  p.object = &o;
  const yaml::Node* spec = o.root().get("spec");
  if (!spec || !spec->is_map()) return p;
  p.selector = parse_selector(spec->get("selector"));
  p.min_available = spec->get("minAvailable");
  p.max_unavailable = spec->get("maxUnavailable");
  p.unhealthy_pod_eviction_policy = spec->get("unhealthyPodEvictionPolicy");
  return p;
}

std::optional<Hpa> as_hpa(const Object& o) {
  if (o.kind != "HorizontalPodAutoscaler" || o.group() != "autoscaling") return std::nullopt;
  Hpa h;
  h.object = &o;
  const yaml::Node* spec = o.root().get("spec");
  if (!spec || !spec->is_map()) return h;
  if (const auto* ref = spec->get("scaleTargetRef")) {
    if (const auto* k = ref->get("kind")) h.target_kind = k->str();
    if (const auto* n = ref->get("name")) h.target_name = n->str();
    if (const auto* a = ref->get("apiVersion")) h.target_api_version = a->str();
  }
  h.min_replicas = count_at(spec->get("minReplicas"));
  h.max_replicas = count_at(spec->get("maxReplicas"));
  return h;
}

std::optional<int64_t> scaled_value(const yaml::Node* n, int64_t total, bool round_up) {
  if (!n || n->is_null()) return std::nullopt;
  if (auto v = n->as_int()) return v;
  if (!n->is_string()) return std::nullopt;
  const std::string& s = n->str();
  if (s.size() < 2 || s.back() != '%') return std::nullopt;
  int64_t pct = 0;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    pct = pct * 10 + (s[i] - '0');
    if (pct > 1'000'000) return std::nullopt;
  }
  int64_t num = pct * total;
  return round_up ? (num + 99) / 100 : num / 100;
}

}  // namespace halint::model
