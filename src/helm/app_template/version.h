#pragma once
// The app-template versions halint models and what differs between them. Every fact is
// read from the chart's templates (bjw-s-labs/helm-charts, charts/library/common);
// ../shared/notes/app-template.md cites the files and tags.
#include <optional>
#include <string>

namespace halint::helm::app_template {

struct Version {
  int major = 0, minor = 0, patch = 0;
  bool operator<(const Version& o) const {
    return major != o.major ? major < o.major : minor != o.minor ? minor < o.minor : patch < o.patch;
  }
  std::string text() const;
};

// "5.1.0", "v5.1.0": the version; ranges ("5.x", ">=4.0.0") and garbage: nullopt.
std::optional<Version> parse_version(const std::string& s);

// The newest version the model knows.
inline constexpr Version kNewest{5, 1, 0};

// The version the model renders for a pinned or ranged version string: exact pins map to
// themselves; a range maps to the newest known version it plausibly allows (its major's
// newest, or the newest overall); `assumed` says the model had to choose.
struct ModelledVersion {
  Version version;
  bool assumed = false;
  std::string why;  // for the HA005 note when assumed
};
ModelledVersion choose_version(const std::string& requested);

struct Traits {
  // 0.x and 1.x: one workload from `controller:`, pod options as top-level keys.
  bool single_layout = false;
  // 0.x prints `replicas:` even when the value is null (1.x+ leave it out).
  bool prints_null_replicas = false;
  // 2.x: the library's values hold a default `main` controller (enabled, deployment,
  // replicas 1); `main` gets the bare fullname and any other id `<fullname>-<id>`.
  bool default_main_controller = false;
  // 3.x+: `-<id>` appended only when more than one controller is enabled.
  bool suffix_by_count = false;
  // 4.x+: forceRename / prefix / suffix; 4.1.1+: global.alwaysAppendIdentifierToResourceName.
  bool rename_keys = false;
  bool always_append_flag = false;
  // The selector label naming the controller: none (<2), component (2.x, 3.x), controller (4.x+).
  std::string controller_label;
  // 2.x: a default pod option applies when the controller's `pod` lacks the key (an empty
  // value there wins); 3.x+: an empty pod-level value is ignored and the default stays.
  bool pod_option_by_key = false;
  // 4.x+: defaultPodOptionsStrategy (overwrite | merge).
  bool pod_options_strategy = false;
  // 5.1.0+: rollingUpdate maxSurge/maxUnavailable keys (and the shorthand) by key presence,
  // so 0 is rendered; before, only `surge`/`unavailable` and only when truthy.
  bool rolling_update_by_presence = false;
  // 5.1.0+: a DaemonSet's updateStrategy is written when `strategy` is set.
  bool daemonset_strategy = false;
  // 5.x: controllers.<id>.podDisruptionBudget / horizontalPodAutoscaler.
  bool pdb_and_hpa = false;
  // 5.x: rawResources.<id>.manifest (4.x used a `spec:` layout).
  bool raw_resources_manifest = false;
  bool raw_resources_spec = false;
  // 2.x+: cronjob and job controller types.
  bool batch_types = false;
  // 2.x+: affinity, topologySpreadConstraints and pod labels go through `tpl`.
  bool tpl_scheduling = false;
};

Traits traits_for(const Version& v);

}  // namespace halint::helm::app_template
