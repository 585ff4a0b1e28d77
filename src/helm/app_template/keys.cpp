// The values keys app-template reads for replicas, scheduling, PDBs and HPAs, map by map
// (HA003 looks for near misses of them), per layout: `controllers.<id>` with `pod`
// options and `defaultPodOptions` (2.x+), the single `controller:` with top-level pod
// options (0.x, 1.x). Facts: ../shared/notes/app-template.md.
#include "helm/app_template/internal.h"
#include "helm/app_template/model.h"

namespace halint::helm::app_template {
namespace {

using Views = std::vector<std::string_view>;

const Views& pod_options() {
  static const Views v{"affinity",         "hostNetwork",   "nodeSelector",   "priorityClassName", "runtimeClassName",
                       "schedulerName",    "schedulingGates", "tolerations",  "topologySpreadConstraints"};
  return v;
}
// Other pod option keys (not HA, but never typos of one).
const Views& other_pod_options() {
  static const Views v{"annotations", "labels", "securityContext", "dnsConfig", "dnsPolicy", "enableServiceLinks",
                       "hostAliases", "hostIPC", "hostPID", "hostUsers", "hostname", "imagePullSecrets",
                       "automountServiceAccountToken", "restartPolicy", "shareProcessNamespace",
                       "terminationGracePeriodSeconds", "resourceClaims", "priority", "preemptionPolicy"};
  return v;
}
const Views& controller_keys() {
  static const Views v{"enabled", "type", "annotations", "labels", "containers", "initContainers", "cronjob", "job",
                       "statefulset", "serviceAccount", "nameOverride", "forceRename", "prefix", "suffix",
                       "revisionHistoryLimit", "defaultContainerOptions", "defaultContainerOptionsStrategy",
                       "applyDefaultContainerOptionsToInitContainers"};
  return v;
}

ValuesPath plus(const ValuesPath& p, const char* k) {
  ValuesPath out = p;
  out.push_back(k);
  return out;
}

}  // namespace

ValuesKeys AppTemplateModel::values_keys(const Release& release, const Values& values) const {
  ValuesKeys k;
  Traits t = traits_for(choose_version(release.chart.version).version);
  if (t.single_layout) {
    // 0.x / 1.x: pod options are top-level keys, next to everything else the chart reads;
    // only the pod options themselves are compared.
    ValuesKeys::Map root{{}, pod_options(), other_pod_options()};
    root.read.push_back("controller");
    k.maps.push_back(std::move(root));
    k.maps.push_back({{"controller"}, {"replicas", "strategy", "rollingUpdate"},
                      {"enabled", "type", "annotations", "labels", "revisionHistoryLimit"}});
    k.maps.push_back({{"controller", "rollingUpdate"}, {"unavailable", "surge"}, {}});
    return k;
  }
  k.maps.push_back({{}, {"defaultPodOptions", "controllers"}, {"defaultPodOptionsStrategy"}});
  k.maps.push_back({{"defaultPodOptions"}, pod_options(), other_pod_options()});
  const yaml::Node* cs = values.root().get("controllers");
  if (!cs || !cs->is_map()) return k;
  for (size_t i = 0; i < cs->size(); ++i) {
    if (!cs->key_at(i).is_scalar() || !cs->value_at(i).is_map()) continue;
    ValuesPath c{"controllers", cs->key_at(i).str()};
    ValuesKeys::Map ctl{c, {"replicas", "strategy", "rollingUpdate", "pod"}, controller_keys()};
    if (t.pdb_and_hpa) {
      ctl.read.push_back("podDisruptionBudget");
      ctl.read.push_back("horizontalPodAutoscaler");
      k.maps.push_back({plus(c, "podDisruptionBudget"), {"minAvailable", "maxUnavailable"}, {"annotations", "labels"}});
      k.maps.push_back({plus(c, "horizontalPodAutoscaler"), {"minReplicas", "maxReplicas"}, {"metrics", "behavior"}});
    }
    k.maps.push_back(std::move(ctl));
    k.maps.push_back({plus(c, "rollingUpdate"), {"unavailable", "surge", "maxUnavailable", "maxSurge", "partition"}, {}});
    k.maps.push_back({plus(c, "pod"), pod_options(), other_pod_options()});
  }
  return k;
}

}  // namespace halint::helm::app_template
