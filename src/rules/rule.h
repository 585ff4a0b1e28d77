#pragma once
// The rule interface. A rule reads the analysis (never files), and reports findings with
// optional fixes (never prints). Severity comes from the catalog and the config.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/analysis.h"
#include "core/finding.h"
#include "model/graph.h"
#include "config/config.h"

namespace halint::rules {

// Settings from .halint.yaml that change what rules report or how they fix.
struct RuleSettings {
  std::string kubernetes_version = "1.31";
  std::string rollout_fix = "maxSurgeZero";  // or "recreate"
  std::string pdb_max_unavailable = "1";     // the value new PDBs get
  bool has_topology = false;                 // cluster nodes declared in the config
  // The declared nodes (config `cluster:`), for the (topology) rules; empty: undeclared.
  std::vector<config::ClusterNode> nodes;
};

struct RuleContext {
  const Analysis& analysis;
  const model::Graph& graph;
  const RuleSettings& settings;
};

class Rule {
 public:
  virtual ~Rule() = default;
  virtual std::string_view code() const = 0;
  virtual void check(const RuleContext& ctx, std::vector<Finding>& out) const = 0;
};

// All rules, in catalog order.
std::vector<std::unique_ptr<Rule>> make_all_rules();

// Helpers shared by rules.
Finding finding_for(std::string_view code, const model::Object& obj, const yaml::Node* at, std::string message);

}  // namespace halint::rules
