// The values keys app-template reads for replicas, scheduling, PDBs and HPAs (HA003 looks
// for near misses of them), per layout: `controllers.<id>` with `pod` options and
// `defaultPodOptions` (1.x+), the single `controller:` with top-level pod options (0.x).
// Facts: ../shared/notes/app-template.md.
#include "helm/app_template/internal.h"
#include "helm/app_template/model.h"

namespace halint::helm::app_template {
namespace {

const char* const kPodOptions[] = {"affinity",          "hostNetwork",      "nodeSelector",  "priorityClassName",
                                   "runtimeClassName",  "schedulerName",    "schedulingGates", "tolerations",
                                   "topologySpreadConstraints"};
// Other pod option keys (not HA, but never typos of one).
const char* const kOtherPodOptions[] = {"annotations", "labels", "securityContext", "dnsConfig", "dnsPolicy",
                                        "enableServiceLinks", "hostAliases", "hostIPC", "hostPID", "hostUsers",
                                        "hostname", "imagePullSecrets", "automountServiceAccountToken",
                                        "restartPolicy", "shareProcessNamespace", "terminationGracePeriodSeconds",
                                        "resourceClaims", "priority", "preemptionPolicy"};
const char* const kControllerKeys[] = {"enabled", "type", "annotations", "labels", "containers", "initContainers",
                                       "cronjob", "job", "statefulset", "serviceAccount", "nameOverride",
                                       "forceRename", "prefix", "suffix", "revisionHistoryLimit",
                                       "defaultContainerOptions", "defaultContainerOptionsStrategy",
                                       "applyDefaultContainerOptionsToInitContainers"};

ValuesPath plus(ValuesPath p, const char* k) {
  p.push_back(k);
  return p;
}

void pod_options(ValuesKeys& k, const ValuesPath& at) {
  for (const char* o : kPodOptions) k.read.push_back(plus(at, o));
  for (const char* o : kOtherPodOptions) k.known.push_back(plus(at, o));
}

}  // namespace

ValuesKeys AppTemplateModel::values_keys(const Release& release, const Values& values) const {
  ValuesKeys k;
  Traits t = traits_for(choose_version(release.chart.version).version);
  if (t.single_layout) {
    // 0.x / 1.x: pod options are top-level keys, next to everything else the chart reads;
    // only the pod options themselves are compared.
    pod_options(k, {});
    k.read.push_back({"controller"});
    for (const char* c : {"replicas", "strategy", "rollingUpdate"}) k.read.push_back({"controller", c});
    for (const char* c : {"enabled", "type", "annotations", "labels", "revisionHistoryLimit"})
      k.known.push_back({"controller", c});
    return k;
  }
  k.read.push_back({"defaultPodOptions"});
  k.read.push_back({"controllers"});
  pod_options(k, {"defaultPodOptions"});
  const yaml::Node* cs = values.root().get("controllers");
  if (!cs || !cs->is_map()) return k;
  for (size_t i = 0; i < cs->size(); ++i) {
    if (!cs->key_at(i).is_scalar() || !cs->value_at(i).is_map()) continue;
    ValuesPath c{"controllers", cs->key_at(i).str()};
    for (const char* key : {"replicas", "strategy", "rollingUpdate", "pod"}) k.read.push_back(plus(c, key));
    if (t.pdb_and_hpa) {
      k.read.push_back(plus(c, "podDisruptionBudget"));
      k.read.push_back(plus(c, "horizontalPodAutoscaler"));
      for (const char* b : {"minAvailable", "maxUnavailable"}) k.read.push_back(plus(plus(c, "podDisruptionBudget"), b));
      for (const char* b : {"minReplicas", "maxReplicas"}) k.read.push_back(plus(plus(c, "horizontalPodAutoscaler"), b));
      k.known.push_back(plus(plus(c, "podDisruptionBudget"), "annotations"));
      for (const char* b : {"metrics", "behavior"}) k.known.push_back(plus(plus(c, "horizontalPodAutoscaler"), b));
    }
    for (const char* key : {"unavailable", "surge", "maxUnavailable", "maxSurge", "partition"})
      k.read.push_back(plus(plus(c, "rollingUpdate"), key));
    for (const char* key : kControllerKeys) k.known.push_back(plus(c, key));
    pod_options(k, plus(c, "pod"));
  }
  return k;
}

}  // namespace halint::helm::app_template
