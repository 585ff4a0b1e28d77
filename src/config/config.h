#pragma once
// The settings of .halint.yaml (SPEC §5), after validation.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/finding.h"

namespace halint::config {

struct Taint {
  std::string key, value, effect;
};

struct ClusterNode {
  std::string name;
  std::map<std::string, std::string> labels;
  std::vector<Taint> taints;
  std::map<std::string, std::string> allocatable;
};

struct Config {
  std::string source;                 // the file it was read from; empty: defaults
  std::optional<std::string> fail_on;  // error | warning | info | never
  std::string kubernetes_version = "1.31";
  std::vector<std::string> exclude;   // globs relative to the repository root
  // Rule code -> severity override; "off" disables the rule.
  std::map<std::string, std::string> rule_levels;
  std::string nodes_from;
  std::vector<ClusterNode> nodes;
  std::string fix_rollout = "maxSurgeZero";
  std::string fix_pdb_max_unavailable = "1";
};

}  // namespace halint::config
