#pragma once
// Typed views over objects the rules reason about: workloads (Deployment, StatefulSet,
// DaemonSet, ReplicaSet), PodDisruptionBudgets and HorizontalPodAutoscalers.
#include <optional>
#include <string>

#include "model/object.h"
#include "model/selector.h"

namespace halint::model {

// An integer field that may be absent, a number, or unknown (an unresolved ${VAR} or a
// value of the wrong type): rules that need an unknown value stay silent.
struct Count {
  std::optional<int64_t> value;
  bool unknown = false;
  const yaml::Node* node = nullptr;  // where it is written (null when absent)
};
Count count_at(const yaml::Node* node);

enum class WorkloadKind { Deployment, StatefulSet, DaemonSet, ReplicaSet };

struct Workload {
  const Object* object = nullptr;
  WorkloadKind kind = WorkloadKind::Deployment;
  const yaml::Node* spec = nullptr;          // spec
  const yaml::Node* pod_template = nullptr;  // spec.template
  const yaml::Node* pod_spec = nullptr;      // spec.template.spec
  Labels pod_labels;                         // spec.template.metadata.labels
  bool pod_labels_unknown = false;
  std::optional<LabelSelector> selector;     // spec.selector
  Count replicas;                            // spec.replicas (absent: 1, DaemonSet: none)
  const yaml::Node* strategy = nullptr;      // Deployment strategy / StatefulSet updateStrategy
  std::string pod_management_policy;         // StatefulSet: OrderedReady (default) or Parallel
  bool has_volume_claim_templates = false;
};

std::optional<Workload> as_workload(const Object& o);
const char* workload_kind_name(WorkloadKind k);

struct Pdb {
  const Object* object = nullptr;
  std::optional<LabelSelector> selector;
  const yaml::Node* min_available = nullptr;
  const yaml::Node* max_unavailable = nullptr;
  const yaml::Node* unhealthy_pod_eviction_policy = nullptr;
};
std::optional<Pdb> as_pdb(const Object& o);

struct Hpa {
  const Object* object = nullptr;
  std::string target_kind;
  std::string target_name;
  std::string target_api_version;
  Count min_replicas;  // absent: 1
  Count max_replicas;
};
std::optional<Hpa> as_hpa(const Object& o);

// Resolves an int-or-percent value against a total. Percent rounds up when round_up,
// else down (maxSurge rounds up, maxUnavailable of a Deployment rounds down, PDB rounds up).
std::optional<int64_t> scaled_value(const yaml::Node* n, int64_t total, bool round_up);

}  // namespace halint::model
