#pragma once
// What the parts of the app-template model share while building one release.
#include <string>
#include <vector>

#include "helm/app_template/version.h"
#include "helm/chart_model.h"
#include "helm/synth.h"

namespace halint::helm::app_template {

// Marks a value the model cannot know (a `{{ }}` template in a field that goes through
// tpl, a field an unreadable values source may set). Rules treat "${...}" strings as
// unknown and stay silent, as for an unresolved Flux substitution.
inline constexpr const char* kTemplated = "${helm-template}";
inline constexpr const char* kUnknownValues = "${unknown-values}";

struct Build {
  const Release& release;
  const Values& values;
  Version version;
  Traits traits;
  Origin base;  // where the release's values are (spec.values, else the HelmRelease)
  std::string name;
  std::string fullname;
  ModelOutput& out;

  void note(std::string message, Origin at) const;
};

// One enabled controller: its id, its values (a map) and where its entry is.
struct Controller {
  std::string id;
  yaml::Node values;   // the controller's values (library defaults merged in for 2.x `main`)
  ValuesPath path;     // {"controllers", id} or {"controller"}
  Origin at;           // the controller's key in the values (findings about it point here)
  std::string type;    // deployment | statefulset | daemonset | cronjob | job
  std::string name;    // the workload's name
};

std::string scalar_text(const yaml::Node* n);

// Pod template spec (pod options, containers) for a controller.
yaml::Node pod_spec(const Build& b, const Controller& c, const Synth& s, bool& scheduling_unknown);
// The pod options' labels / annotations maps (null node when none).
yaml::Node pod_labels(const Build& b, const Controller& c, const Synth& s);
yaml::Node pod_annotations(const Build& b, const Controller& c, const Synth& s);

// The selector labels of a controller's workload (name, instance, controller id).
yaml::Node selector_labels(const Build& b, const Controller& c, const Synth& s);
// metadata.labels of a chart object.
yaml::Node object_labels(const Build& b, const Controller* c, const Synth& s);

// The workload object of a controller (nullopt when the chart would refuse it; a note says why).
std::optional<yaml::Node> workload(const Build& b, const Controller& c, bool hpa_managed);

// Strategy keys as the version renders them.
yaml::Node deployment_strategy(const Build& b, const Controller& c, const Synth& s, bool& refused);

}  // namespace halint::helm::app_template
