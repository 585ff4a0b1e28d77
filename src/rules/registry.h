#pragma once
// Factories of every rule; registry.cpp lists them in catalog order.
#include <memory>

#include "rules/rule.h"

namespace halint::rules {

std::unique_ptr<Rule> make_ha001_yaml_syntax();
std::unique_ptr<Rule> make_ha002_duplicate_key();
std::unique_ptr<Rule> make_ha101_missing_topology_spread();
std::unique_ptr<Rule> make_ha303_pdb_selects_nothing();
std::unique_ptr<Rule> make_ha403_hpa_target_not_found();

}  // namespace halint::rules
