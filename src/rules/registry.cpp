#include "rules/registry.h"

namespace halint::rules {

std::vector<std::unique_ptr<Rule>> make_all_rules() {
  std::vector<std::unique_ptr<Rule>> all;
  all.push_back(make_ha001_yaml_syntax());
  all.push_back(make_ha002_duplicate_key());
  all.push_back(make_ha003_invalid_field());
  all.push_back(make_ha004_render_error());
  all.push_back(make_ha005_render_skipped());
  all.push_back(make_ha006_unresolved_substitution());
  all.push_back(make_ha101_missing_topology_spread());
  all.push_back(make_ha102_spread_selector_mismatch());
  all.push_back(make_ha103_strict_spread_blocks_scaling());
  all.push_back(make_ha104_anti_affinity_exceeds_nodes());
  all.push_back(make_ha105_single_replica_critical());
  all.push_back(make_ha201_node_selector_blocks_failover());
  all.push_back(make_ha202_failback_without_descheduler());
  all.push_back(make_ha203_unschedulable_after_node_failure());
  all.push_back(make_ha204_overcommit_after_node_failure());
  all.push_back(make_ha301_missing_pdb());
  all.push_back(make_ha302_pdb_blocks_eviction());
  all.push_back(make_ha303_pdb_selects_nothing());
  all.push_back(make_ha304_pdb_unhealthy_eviction_policy());
  all.push_back(make_ha305_overlapping_pdbs());
  all.push_back(make_ha401_rollout_blocked_by_anti_affinity());
  all.push_back(make_ha402_replicas_with_hpa());
  all.push_back(make_ha403_hpa_target_not_found());
  all.push_back(make_ha501_descheduler_policy_invalid());
  return all;
}

}  // namespace halint::rules
