#pragma once
// Facts about a pod spec's scheduling fields shared by several rules.
#include <optional>
#include <string>
#include <vector>

#include "model/workload.h"

namespace halint::rules {

// kubernetes.io/hostname, topology.kubernetes.io/zone|region (and the deprecated
// failure-domain.beta.kubernetes.io keys).
bool is_spread_key(std::string_view key);
bool is_hostname_key(std::string_view key);

struct AntiAffinityTerm {
  const yaml::Node* term = nullptr;  // the PodAffinityTerm
  bool required = false;
  std::string topology_key;
  std::optional<model::LabelSelector> selector;
};
std::vector<AntiAffinityTerm> anti_affinity_terms(const yaml::Node* pod_spec);

// True when the term's selector selects the workload's own pods.
bool selects_own_pods(const std::optional<model::LabelSelector>& sel, const model::Workload& w);

// spec.selector.matchLabels as a map node (a copy, for fixes), or nullopt when the
// selector is absent, empty or unresolved.
std::optional<yaml::Node> selector_match_labels(const model::Workload& w);

// The key node of spec.template.spec (where pod-level findings point), else the best
// node available.
const yaml::Node* pod_spec_anchor(const model::Workload& w);

}  // namespace halint::rules
