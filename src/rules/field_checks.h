#pragma once
// Cross-field rules of the Kubernetes API validation that a JSON Schema cannot say (or
// that our schemas leave to code): HA003 runs them next to the schema checks. Each
// reports the node to point at and a message; values holding ${VAR} are never judged.
#include <string>
#include <vector>

#include "yaml/node.h"

namespace halint::rules {

struct FieldProblem {
  const yaml::Node* node = nullptr;
  std::string path;
  std::string message;
};

// spec.template.spec (or a Pod's spec): topologySpreadConstraints, tolerations, and the
// label / node selector requirements inside affinity and spread constraints.
void check_pod_scheduling(const yaml::Node& pod_spec, const std::string& path, std::vector<FieldProblem>& out);
// Deployment spec.strategy; StatefulSet spec.updateStrategy.
void check_deployment_strategy(const yaml::Node& strategy, const std::string& path, std::vector<FieldProblem>& out);
void check_statefulset_update_strategy(const yaml::Node& strategy, const std::string& path,
                                       std::vector<FieldProblem>& out);
// PodDisruptionBudget spec; HorizontalPodAutoscaler (autoscaling/v2) spec.
void check_pdb_spec(const yaml::Node& spec, const std::string& path, std::vector<FieldProblem>& out);
void check_hpa_spec(const yaml::Node& spec, const std::string& path, std::vector<FieldProblem>& out);

}  // namespace halint::rules
