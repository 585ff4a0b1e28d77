#include "rules/registry.h"

namespace halint::rules {

std::vector<std::unique_ptr<Rule>> make_all_rules() {
  std::vector<std::unique_ptr<Rule>> all;
  all.push_back(make_ha001_yaml_syntax());
  all.push_back(make_ha002_duplicate_key());
  all.push_back(make_ha101_missing_topology_spread());
  all.push_back(make_ha303_pdb_selects_nothing());
  all.push_back(make_ha403_hpa_target_not_found());
  return all;
}

}  // namespace halint::rules
