#pragma once
// HA003 in the values of a modelled chart: a key within edit distance 2 of a replicas,
// scheduling or PDB key the chart reads, at the same place, which the chart silently
// ignores (`operator.PodDisruptionBudget` for cilium's `operator.podDisruptionBudget`).
#include <vector>

#include "core/finding.h"
#include "helm/chart_model.h"
#include "helm/release.h"

namespace halint::helm {

// Findings for the release's values (real values lines only: keys written in a file).
// `release.via` names the release in each finding.
std::vector<Finding> values_typos(const Release& release, const ValuesKeys& keys);

}  // namespace halint::helm
