#pragma once
// The settings of .halint.yaml (SPEC §5), after validation.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/finding.h"

namespace halint::helm::profile {
class ProfileSet;
}

namespace halint::config {

struct Taint {
  std::string key, value, effect;
};

struct ClusterNode {
  std::string name;
  std::map<std::string, std::string> labels;  // kubernetes.io/hostname added when absent
  std::vector<Taint> taints;
  std::map<std::string, std::string> allocatable;  // quantities as written ("4", "16Gi", "110")
};

struct Config {
  std::string source;                  // the file it was read from; empty: defaults
  std::string base_dir;                // absolute directory of `source`: exclude globs are relative to it
                                       // (to the repository root when the file is outside it)
  std::optional<std::string> fail_on;  // error | warning | info | never
  std::string kubernetes_version = "1.31";
  std::vector<std::string> exclude;    // globs relative to base_dir (see above)
  // Rule code -> severity override ("info" | "warning" | "error"); "off" disables the rule.
  // Names in the file are normalised to codes.
  std::map<std::string, std::string> rule_levels;
  std::string nodes_from;              // absolute path of the nodes file ("" if none)
  std::vector<ClusterNode> nodes;      // from nodesFrom, then the inline nodes (same name: inline wins)
  std::string fix_rollout = "maxSurgeZero";      // maxSurgeZero | recreate
  std::string fix_pdb_max_unavailable = "1";     // an integer or "NN%", as written
  // flux.sourceRoots: "OCIRepository/<namespace>/<name>" (or Bucket/...) -> the absolute
  // directory of the repository that source's artifact is pushed from.
  std::map<std::string, std::string> flux_source_roots;
  // `charts:` (absolute paths of profile files or directories) and the profiles read from
  // them, validated when the config is loaded (src/helm/profile/).
  std::vector<std::string> charts;
  std::shared_ptr<const helm::profile::ProfileSet> chart_profiles;
};

}  // namespace halint::config
