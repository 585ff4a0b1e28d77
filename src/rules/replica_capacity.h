#pragma once
// How many replicas of a workload fit on a set of nodes under the hard constraints that
// relate its pods to each other: required pod anti-affinity against its own pods, and
// topology spread constraints with whenUnsatisfiable DoNotSchedule (the default). The
// nodes themselves (selectors, affinity, taints) are placement.h's job: the set passed in
// is already the eligible one.
//
// The spread model is deliberately coarse (SPEC §3, HA203): a DoNotSchedule constraint
// only stops placement when no node of the set carries its topology key, or when the set
// spans fewer domains than minDomains (the global minimum is then 0, so each domain holds
// at most maxSkew pods). Otherwise the replicas can always be spread evenly.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "model/workload.h"

namespace halint::rules {

struct SelfConstraints {
  struct AntiAffinity {
    const yaml::Node* term = nullptr;  // the PodAffinityTerm
    std::string topology_key;
  };
  struct Spread {
    const yaml::Node* constraint = nullptr;
    std::string topology_key;
    int64_t max_skew = 1;
    int64_t min_domains = 1;
  };
  std::vector<AntiAffinity> anti_affinity;  // required, selecting the workload's own pods
  std::vector<Spread> spreads;              // DoNotSchedule, selecting the workload's own pods
};

// nullopt when one of them is unknown: a ${VAR} in a key, selector, maxSkew, minDomains
// or whenUnsatisfiable, or pod labels that cannot be read. Terms and constraints that do
// not select the workload's own pods are left out (they constrain other workloads).
std::optional<SelfConstraints> self_constraints(const model::Workload& w);

struct Capacity {
  std::optional<int64_t> replicas;    // how many fit; nullopt: no limit
  const yaml::Node* binding = nullptr;  // the term or constraint that sets the limit (null: no node at all)
  std::string reason;                 // why, for messages: "one pod per kubernetes.io/hostname"
};

// The replicas that fit on `on` (indices into `nodes`).
Capacity capacity_on(const SelfConstraints& c, const std::vector<config::ClusterNode>& nodes,
                     const std::vector<size_t>& on);

}  // namespace halint::rules
