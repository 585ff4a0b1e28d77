#pragma once
// What the parts of the profile engine share while modelling one release.
#include "helm/profile/profile.h"
#include "helm/chart_model.h"
#include "helm/synth.h"

namespace halint::helm::profile {

// A value the model cannot know (as app-template's model marks them): rules treat
// "${...}" strings as unknown and stay silent.
inline constexpr const char* kTemplated = "${helm-template}";
inline constexpr const char* kUnknownValues = "${unknown-values}";

// Helm's coalesce of the release's values over the chart's defaults: user maps merge
// into default maps, a user null removes the default, anything else replaces. Default
// nodes are marked kSynthesized and point at `at` (the release's values).
yaml::Node coalesce(const yaml::Node& user, const yaml::Node& defaults, Origin at);

struct Names {
  std::string release, name, fullname, chart, namespace_;
};

struct Build {
  const Release& release;
  const Values& user;      // as the HelmRelease gives them (what is unknown)
  const Variant& variant;
  yaml::Node values;       // coalesced with the chart's defaults
  Origin base;             // the release's values (spec.values, else the HelmRelease)
  ModelOutput& out;

  const yaml::Node* get(const ValuesPath& p) const;
  bool holds(const Condition& c) const;
  Names names(const WorkloadSpec& w) const;
  void note(std::string message, Origin at = {}) const;
};

std::string expand(const std::string& text, const Names& n);

// The objects of one workload (the workload first, then its PDB and HPA), appended to
// b.out with their owners and roles.
void build_workload(Build& b, const WorkloadSpec& w);

// The selector labels of a workload for these values (matchLabels).
yaml::Node selector_labels(const Build& b, const WorkloadSpec& w, const Names& n, const Synth& s);

}  // namespace halint::helm::profile
