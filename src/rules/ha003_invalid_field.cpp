// HA003 invalid-field: scheduling fields the API server drops (unknown field, lenient
// validation) or rejects (wrong type, bad enum, out of range, forbidden combination).
// Either way the author's intent silently disappears or the whole reconcile fails.
// Shapes, types and enums come from schemas/scheduling/*.schema.json through the
// general validator; what a schema cannot say (field combinations) is in field_checks.
#include <array>
#include <optional>

#include "rules/field_checks.h"
#include "rules/registry.h"
#include "schema/validator.h"

namespace halint::rules {
namespace {

using yaml::Node;

// Field names of core/v1 PodSpec (v1.31) and of the workload specs: a key outside these
// lists that is within edit distance 2 of a scheduling field is that field misspelled.
constexpr std::array kPodSpecFields = {
    "activeDeadlineSeconds", "affinity", "automountServiceAccountToken", "containers", "dnsConfig",
    "dnsPolicy", "enableServiceLinks", "ephemeralContainers", "hostAliases", "hostIPC", "hostNetwork",
    "hostPID", "hostUsers", "hostname", "imagePullSecrets", "initContainers", "nodeName", "nodeSelector",
    "os", "overhead", "preemptionPolicy", "priority", "priorityClassName", "readinessGates",
    "resourceClaims", "resources", "restartPolicy", "runtimeClassName", "schedulerName", "schedulingGates",
    "securityContext", "serviceAccount", "serviceAccountName", "setHostnameAsFQDN",
    "shareProcessNamespace", "subdomain", "terminationGracePeriodSeconds", "tolerations",
    "topologySpreadConstraints", "volumes"};
constexpr std::array kPodSchedulingFields = {"affinity", "tolerations", "topologySpreadConstraints", "nodeSelector"};
constexpr std::array kDeploymentSpecFields = {"minReadySeconds", "paused", "progressDeadlineSeconds", "replicas",
                                              "revisionHistoryLimit", "selector", "strategy", "template"};
constexpr std::array kStatefulSetSpecFields = {
    "minReadySeconds", "ordinals", "persistentVolumeClaimRetentionPolicy", "podManagementPolicy", "replicas",
    "revisionHistoryLimit", "selector", "serviceName", "template", "updateStrategy", "volumeClaimTemplates"};

struct Schemas {
  std::optional<schema::Schema> affinity, tolerations, spread, node_selector, strategy, sts_strategy,
      pod_management, pdb, hpa;
};

std::optional<schema::Schema> load(std::string_view path) {
  auto r = schema::Schema::from_embedded(path);
  if (auto* s = std::get_if<schema::Schema>(&r)) return std::move(*s);
  return std::nullopt;  // a broken embedded schema fails the validator's own tests
}

// Strategic-merge-patch directives ($patch, $retainKeys, $setElementOrder/...) are not
// fields: a patch file evaluated as written may carry them.
bool has_directive(const Node* n) {
  if (!n || !n->is_map()) return false;
  for (size_t i = 0; i < n->size(); ++i)
    if (n->key_at(i).str().starts_with("$")) return true;
  return false;
}

class InvalidField : public Rule {
 public:
  InvalidField() {
    s_.affinity = load("scheduling/affinity.schema.json");
    s_.tolerations = load("scheduling/tolerations.schema.json");
    s_.spread = load("scheduling/topology-spread-constraints.schema.json");
    s_.node_selector = load("scheduling/node-selector.schema.json");
    s_.strategy = load("scheduling/deployment-strategy.schema.json");
    s_.sts_strategy = load("scheduling/statefulset-update-strategy.schema.json");
    s_.pod_management = load("scheduling/pod-management-policy.schema.json");
    s_.pdb = load("scheduling/pdb-spec.schema.json");
    s_.hpa = load("scheduling/hpa-v2-spec.schema.json");
  }

  std::string_view code() const override { return "HA003"; }

  void check(const RuleContext& ctx, std::vector<Finding>& out) const override {
    for (const auto& o : ctx.analysis.objects) check_object(o, out);
    // Near misses of the keys a modelled chart reads in its values (src/helm/values_typos.cpp).
    for (const auto& f : ctx.analysis.model_findings)
      if (f.rule == code()) out.push_back(f);
  }

 private:
  Schemas s_;

  struct Run {
    const model::Object& obj;
    std::vector<Finding>& out;
    bool complete;  // a full object, not a patch fragment: missing required fields count
    bool allow_zero_min_replicas = false;
  };

  static bool scales_to_zero(const Node& hpa_spec) {
    const Node* metrics = hpa_spec.get("metrics");
    if (!metrics || !metrics->is_seq()) return false;
    for (const auto& m : metrics->items()) {
      const Node* t = m.get("type");
      if (t && t->is_scalar() && (t->str() == "Object" || t->str() == "External")) return true;
    }
    return false;
  }

  void check_object(const model::Object& o, std::vector<Finding>& out) const {
    // By kind first (kept in the object): most objects have nothing to check, and their
    // trees are not read.
    if (!checked_kind(o.kind)) return;
    const Node& root = o.root();
    const Node* spec = root.get("spec");
    if (!spec || !spec->is_map()) return;
    std::string g = o.group();
    bool workload = (g == "apps" || g == "extensions") &&
                    (o.kind == "Deployment" || o.kind == "StatefulSet" || o.kind == "DaemonSet" || o.kind == "ReplicaSet");
    if (workload || (g == "batch" && o.kind == "Job")) {
      Run run{o, out, spec->get("selector") != nullptr || o.kind == "Job"};
      const Node* pod = spec->path({"template", "spec"});
      if (pod) {
        run.complete = run.complete && pod->get("containers");
        pod_spec(run, *pod, "spec.template.spec");
      }
      if (o.kind == "Deployment") {
        typos(run, *spec, "spec", kDeploymentSpecFields, std::array{"strategy"});
        if (const Node* st = spec->get("strategy")) {
          validate(run, s_.strategy, *st, "spec.strategy");
          fields(run, [&](auto& v) { check_deployment_strategy(*st, "spec.strategy", v); });
        }
      } else if (o.kind == "StatefulSet") {
        typos(run, *spec, "spec", kStatefulSetSpecFields, std::array{"updateStrategy", "podManagementPolicy"});
        if (const Node* st = spec->get("updateStrategy")) {
          validate(run, s_.sts_strategy, *st, "spec.updateStrategy");
          fields(run, [&](auto& v) { check_statefulset_update_strategy(*st, "spec.updateStrategy", v); });
        }
        if (const Node* pmp = spec->get("podManagementPolicy"); pmp && !pmp->is_null())
          validate(run, s_.pod_management, *pmp, "spec.podManagementPolicy");
      }
    } else if (g == "batch" && o.kind == "CronJob") {
      if (const Node* pod = spec->path({"jobTemplate", "spec", "template", "spec"}))
        pod_spec(Run{o, out, pod->get("containers") != nullptr}, *pod, "spec.jobTemplate.spec.template.spec");
    } else if (o.api_version == "v1" && o.kind == "Pod") {
      pod_spec(Run{o, out, spec->get("containers") != nullptr}, *spec, "spec");
    } else if (o.api_version == "policy/v1" && o.kind == "PodDisruptionBudget") {
      Run run{o, out, spec->get("selector") != nullptr};
      validate(run, s_.pdb, *spec, "spec");
      fields(run, [&](auto& v) { check_pdb_spec(*spec, "spec", v); });
    } else if (o.api_version == "autoscaling/v2" && o.kind == "HorizontalPodAutoscaler") {
      Run run{o, out, spec->get("scaleTargetRef") != nullptr};
      // minReplicas 0 is valid with the HPAScaleToZero feature gate, which the API server
      // allows only when an Object or External metric is configured: halint cannot see
      // the gate, so it accepts 0 exactly where a gated cluster would.
      run.allow_zero_min_replicas = scales_to_zero(*spec);
      validate(run, s_.hpa, *spec, "spec");
      fields(run, [&](auto& v) { check_hpa_spec(*spec, "spec", v); });
    }
  }

  static bool checked_kind(const std::string& k) {
    return k == "Deployment" || k == "StatefulSet" || k == "DaemonSet" || k == "ReplicaSet" || k == "Job" ||
           k == "CronJob" || k == "Pod" || k == "PodDisruptionBudget" || k == "HorizontalPodAutoscaler";
  }

  void pod_spec(const Run& run, const Node& pod, const std::string& path) const {
    if (!pod.is_map()) return;
    typos(run, pod, path, kPodSpecFields, kPodSchedulingFields);
    if (const Node* a = pod.get("affinity")) validate(run, s_.affinity, *a, path + ".affinity");
    if (const Node* t = pod.get("tolerations")) validate(run, s_.tolerations, *t, path + ".tolerations");
    if (const Node* t = pod.get("topologySpreadConstraints"))
      validate(run, s_.spread, *t, path + ".topologySpreadConstraints");
    if (const Node* n = pod.get("nodeSelector")) validate(run, s_.node_selector, *n, path + ".nodeSelector");
    fields(run, [&](auto& v) { check_pod_scheduling(pod, path, v); });
  }

  // Keys of `map` that are not valid fields but within edit distance 2 of a scheduling
  // field: misspellings the API server would drop (or refuse, with strict validation).
  template <size_t N, size_t M>
  void typos(const Run& run, const Node& map, const std::string& path, const std::array<const char*, N>& valid,
             const std::array<const char*, M>& targets) const {
    for (size_t i = 0; i < map.size(); ++i) {
      const Node& key = map.key_at(i);
      if (!key.is_scalar()) continue;
      const std::string& k = key.str();
      bool known = false;
      for (const char* v : valid) known = known || k == v;
      if (known) continue;
      std::string best;
      size_t best_d = 3;
      for (const char* t : targets)
        if (size_t d = schema::edit_distance(k, t); d < best_d) best_d = d, best = t;
      if (best.empty()) continue;
      schema::Violation v;
      v.node = &key;
      v.key = &key;
      v.path = path + "." + k;
      v.message = "unknown field \"" + k + "\"";
      v.suggestion = best;
      v.kind = schema::Violation::Kind::UnknownField;
      report(run, v);
    }
  }

  // A part of a modelled object the chart makes itself is valid by construction; what the
  // values wrote into it is checked (and reported at its values line).
  static bool chart_made(const Node& n, int depth = 0) {
    if (!n.has_flag(yaml::kSynthesized)) return false;
    if (depth > 64) return true;
    for (const auto& c : n.children())
      if (!chart_made(c, depth + 1)) return false;
    return true;
  }

  void validate(const Run& run, const std::optional<schema::Schema>& s, const Node& n, const std::string& path) const {
    if (!s) return;
    if (run.obj.helm && chart_made(n)) return;
    for (const auto& v : s->validate(n, path)) {
      if (v.kind == schema::Violation::Kind::UnknownField && v.key && v.key->str().starts_with("$")) continue;
      if (v.kind == schema::Violation::Kind::Required && (!run.complete || has_directive(v.node))) continue;
      if (v.kind == schema::Violation::Kind::Minimum && run.allow_zero_min_replicas && v.path == "spec.minReplicas" &&
          v.node && v.node->as_int() == 0)
        continue;
      report(run, v);
    }
  }

  template <class F>
  void fields(const Run& run, F&& checks) const {
    std::vector<FieldProblem> problems;
    checks(problems);
    for (const auto& p : problems) {
      schema::Violation v;
      v.node = p.node;
      v.path = p.path;
      v.message = p.message;
      report(run, v);
    }
  }

  void report(const Run& run, const schema::Violation& v) const {
    std::string msg = v.path + ": " + v.message;
    if (!v.suggestion.empty()) msg += " (did you mean \"" + v.suggestion + "\"?)";
    Finding f = finding_for(code(), run.obj, v.node, std::move(msg));
    if (!v.suggestion.empty() && v.node && v.node->origin().known()) {
      Fix fix;
      fix.safe = false;  // the corrected field starts to take effect: pods may land elsewhere
      if (v.kind == schema::Violation::Kind::UnknownField) {
        fix.description = "rename \"" + v.node->str() + "\" to \"" + v.suggestion + "\"";
        fix.edits.push_back(Edit::rename_key(*v.node, v.suggestion));
      } else {
        fix.description = "replace \"" + v.node->str() + "\" with \"" + v.suggestion + "\"";
        fix.edits.push_back(Edit::replace_value(*v.node, Node::string(v.suggestion)));
      }
      f.fix = std::move(fix);
    }
    run.out.push_back(std::move(f));
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha003_invalid_field() { return std::make_unique<InvalidField>(); }

}  // namespace halint::rules
