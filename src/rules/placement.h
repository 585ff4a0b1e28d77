#pragma once
// Which declared nodes a workload's pods may be scheduled on under the *hard* node
// constraints, as the scheduler (and, for nodeName, the kubelet) decides it:
//   - nodeName (the kubelet admits the pod there whatever NoSchedule taints say; NoExecute
//     still evicts it);
//   - nodeSelector (every label equal);
//   - required node affinity: nodeSelectorTerms ORed, matchExpressions and matchFields
//     of a term ANDed; In, NotIn, Exists, DoesNotExist, Gt, Lt; matchFields on
//     metadata.name (In, NotIn);
//   - taints with effect NoSchedule or NoExecute that no toleration tolerates.
// Preferences (preferred affinity, PreferNoSchedule taints) never exclude a node.
//
// A constraint written with an unresolved ${VAR}, or in a shape the API server would not
// accept, makes the answer unknown: the (topology) rules then stay silent (SPEC §3).
// Pod (anti-)affinity and topology spread depend on where the other pods run; the rules
// reason about them on top of this answer.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "yaml/node.h"

namespace halint::rules {

struct NodeRequirement {
  enum class Op { In, NotIn, Exists, DoesNotExist, Gt, Lt };
  bool field = false;  // matchFields (key metadata.name) rather than matchExpressions
  std::string key;
  Op op = Op::In;
  std::vector<std::string> values;
  int64_t bound = 0;  // Gt / Lt
};

struct Toleration {
  std::string key, op, value, effect;  // op "" means Equal
};

// The hard node constraints of one pod spec.
struct NodeConstraints {
  std::optional<std::string> node_name;
  std::vector<std::pair<std::string, std::string>> node_selector;
  // Required node affinity; nullopt when the pod has none. Terms are ORed.
  std::optional<std::vector<std::vector<NodeRequirement>>> required_terms;
  std::vector<Toleration> tolerations;
};

// Reads the constraints of a pod spec; nullopt when any of them is unknown (a ${VAR}, a
// value of the wrong type, an operator the API does not define).
std::optional<NodeConstraints> node_constraints(const yaml::Node* pod_spec);

// Whether a node satisfies the constraints; nullopt when it cannot be told (the node
// lacks a label every kubelet sets, such as kubernetes.io/arch, and the pod asks for it).
std::optional<bool> admits(const NodeConstraints& c, const config::ClusterNode& node);

// True when the toleration tolerates the taint (the API's ToleratesTaint).
bool tolerates(const Toleration& t, const config::Taint& taint);

// Indices into `nodes` of the nodes the pods may run on, in declared order; nullopt when
// unknown.
std::optional<std::vector<size_t>> eligible_nodes(const yaml::Node* pod_spec,
                                                  const std::vector<config::ClusterNode>& nodes);
std::optional<std::vector<size_t>> eligible_nodes(const NodeConstraints& c,
                                                  const std::vector<config::ClusterNode>& nodes);

// "w1, w2" (at most `max` names, then "and N more").
std::string node_names(const std::vector<config::ClusterNode>& nodes, const std::vector<size_t>& which,
                       size_t max = 8);

}  // namespace halint::rules
