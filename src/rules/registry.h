#pragma once
// Factories of every rule; registry.cpp lists them in catalog order.
#include <memory>

#include "rules/rule.h"

namespace halint::rules {

std::unique_ptr<Rule> make_ha001_yaml_syntax();
std::unique_ptr<Rule> make_ha002_duplicate_key();
std::unique_ptr<Rule> make_ha003_invalid_field();
std::unique_ptr<Rule> make_ha004_render_error();
std::unique_ptr<Rule> make_ha005_render_skipped();
std::unique_ptr<Rule> make_ha006_unresolved_substitution();
std::unique_ptr<Rule> make_ha101_missing_topology_spread();
std::unique_ptr<Rule> make_ha102_spread_selector_mismatch();
std::unique_ptr<Rule> make_ha103_strict_spread_blocks_scaling();
std::unique_ptr<Rule> make_ha104_anti_affinity_exceeds_nodes();
std::unique_ptr<Rule> make_ha105_single_replica_critical();
std::unique_ptr<Rule> make_ha201_node_selector_blocks_failover();
std::unique_ptr<Rule> make_ha202_failback_without_descheduler();
std::unique_ptr<Rule> make_ha203_unschedulable_after_node_failure();
std::unique_ptr<Rule> make_ha204_overcommit_after_node_failure();
std::unique_ptr<Rule> make_ha301_missing_pdb();
std::unique_ptr<Rule> make_ha302_pdb_blocks_eviction();
std::unique_ptr<Rule> make_ha303_pdb_selects_nothing();
std::unique_ptr<Rule> make_ha304_pdb_unhealthy_eviction_policy();
std::unique_ptr<Rule> make_ha305_overlapping_pdbs();
std::unique_ptr<Rule> make_ha401_rollout_blocked_by_anti_affinity();
std::unique_ptr<Rule> make_ha402_replicas_with_hpa();
std::unique_ptr<Rule> make_ha403_hpa_target_not_found();
std::unique_ptr<Rule> make_ha501_descheduler_policy_invalid();

}  // namespace halint::rules
