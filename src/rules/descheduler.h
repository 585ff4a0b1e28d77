#pragma once
// DeschedulerPolicy documents wherever a repository writes them: as a standalone object,
// as a YAML string inside a ConfigMap (what the descheduler mounts as its policy file),
// or as the `deschedulerPolicy` values of the descheduler Helm chart. Shared by HA202
// (is there a failback policy?) and HA501 (is the policy valid?).
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/analysis.h"
#include "model/object.h"

namespace halint::rules {

struct DeschedulerPolicy {
  enum class Source { Object, ConfigMap, HelmRelease };
  Source source = Source::Object;
  const model::Object* object = nullptr;     // the object that holds it
  std::shared_ptr<const yaml::Node> owned;   // the parsed ConfigMap string (keeps `root` alive)
  const yaml::Node* root = nullptr;          // the policy map (profiles, strategies, ...)
  std::string api_version;                   // "descheduler/v1alpha2"; empty: not stated (chart default)
  bool precise = true;                       // origins are exact bytes (edits allowed)
};

std::vector<DeschedulerPolicy> find_descheduler_policies(const Analysis& analysis);

// The extension point a known plugin belongs to ("deschedule", "balance", "filter"), or
// nullopt for a plugin the descheduler does not ship.
std::optional<std::string_view> plugin_extension_point(std::string_view plugin);

// True when the policy enables RemovePodsViolatingNodeAffinity (under `deschedule`, or as
// an enabled v1alpha1 strategy) with nodeAffinityType including
// preferredDuringSchedulingIgnoredDuringExecution: the failback HA202 looks for.
bool enables_preferred_failback(const DeschedulerPolicy& p);

}  // namespace halint::rules
