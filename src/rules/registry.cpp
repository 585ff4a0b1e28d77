#include "rules/registry.h"

namespace halint::rules {

std::vector<std::unique_ptr<Rule>> make_all_rules() {
  std::vector<std::unique_ptr<Rule>> all;
  all.push_back(make_ha001_yaml_syntax());
  all.push_back(make_ha002_duplicate_key());
  all.push_back(make_ha004_render_error());
  all.push_back(make_ha005_render_skipped());
  all.push_back(make_ha006_unresolved_substitution());
  all.push_back(make_ha101_missing_topology_spread());
  return all;
}

}  // namespace halint::rules
