#pragma once
// A chart profile (charts/<chart>.yaml, or a user's file named in .halint.yaml `charts:`),
// compiled from YAML once: how a third-party chart is recognised, and per version range
// which values paths drive each workload's replicas, strategy, scheduling fields, PDB and
// HPA, with the chart's defaults. The format is documented in docs/chart-profiles.md and
// checked by schemas/chart-profile.schema.json.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "helm/chart_model.h"
#include "helm/profile/semver.h"
#include "helm/values.h"
#include "yaml/node.h"

namespace halint::helm::profile {

// A test on the values (defaults merged in), as a chart template's `if` makes it.
struct Condition {
  enum class Op { Always, Never, Truthy, Equals, Gt, All, Any, Not } op = Op::Always;
  ValuesPath path;
  yaml::Node value;   // Equals
  int64_t number = 0; // Gt
  std::vector<Condition> sub;
};

// A label value: a string with ${release} ${namespace} ${name} ${fullname} ${chart}, or
// the value at `override` when that is set and not empty.
struct ValueSpec {
  std::string text;
  std::optional<ValuesPath> override_path;
  std::shared_ptr<const Condition> when;  // the label is written only when this holds
};
using Labels = std::vector<std::pair<std::string, ValueSpec>>;

// Where a pod spec field (or the strategy) comes from.
struct FieldSpec {
  std::optional<ValuesPath> path;        // the values path the chart copies (absent: fixed or none)
  std::optional<ValuesPath> rolling_update;  // strategy: only `rollingUpdate` comes from the values (type fixed)
  std::optional<ValuesPath> fallback;    // used when `path` is empty (a `global.*` default)
  std::optional<ValuesPath> merge_from;  // a map merged under path's map (cert-manager's global.nodeSelector)
  yaml::Node fixed;                      // what the chart always writes (a map: merged under the values)
  bool has_fixed = false;
  bool templated = false;                // passed through `tpl`: a `{{` makes it unknown
  bool fill_label_selector = false;      // constraints without labelSelector get the workload's selector
  bool type_only = false;                // strategy: the values hold only the type string
  std::optional<Condition> patch_when;   // the chart forces `patch` (merged deep) onto the field when this holds
  yaml::Node patch;                      // (cilium: maxUnavailable 100% for a single operator replica)
  std::optional<Condition> when_empty;   // the chart adds `empty_value` when the field is empty and this holds
  yaml::Node empty_value;                // strings may hold ${...} templates
  bool present() const { return path || has_fixed || when_empty || rolling_update; }
};

struct ReplicasSpec {
  std::optional<ValuesPath> path;
  std::optional<int64_t> fixed;           // the chart hard-codes it (no values key)
  std::vector<Condition> omit_when;       // the chart leaves spec.replicas out
  std::optional<int64_t> clamp_max;       // ... and clamps it to this
  std::optional<Condition> clamp_unless;  // ... unless this holds
  bool templated = false;
};

struct PdbSpec {
  bool present = false;
  std::optional<Condition> when;          // rendered when this holds
  std::optional<ValuesPath> enable;       // the flag a fix sets to true
  ValueSpec name;                         // template (or override); empty: the workload's name
  std::optional<ValuesPath> min_available, max_unavailable;
  std::optional<ValuesPath> unhealthy_policy;  // unhealthyPodEvictionPolicy, written when set
  bool by_presence = false;               // budgets written when present (hasKey), else when truthy
  std::string only_one;                   // when both are set, the chart writes only this one
  yaml::Node when_neither;                // a map of budgets written when neither is
  std::optional<ValuesPath> copy;         // the map copied into the spec (minus `enabled`)
  std::optional<Labels> selector;         // default: the workload's selector
};

struct HpaSpec {
  bool present = false;
  std::optional<Condition> when;
  std::optional<ValuesPath> enable;
  std::string name;
  std::optional<ValuesPath> min_replicas, max_replicas;
};

struct Naming {
  std::string chart;                      // .Chart.Name
  ValuesPath name_override{"nameOverride"};
  ValuesPath fullname_override{"fullnameOverride"};
  std::optional<ValuesPath> namespace_override;
  size_t truncate = 63;                   // ${fullname} length (kube-prometheus-stack: 26)
};

struct Refusal {
  Condition when;
  std::string message;
};

struct WorkloadSpec {
  std::string id;
  std::string kind;                       // Deployment | StatefulSet | DaemonSet (or from kind_path)
  std::optional<ValuesPath> kind_path;
  std::optional<Condition> when;          // the chart renders it
  ValueSpec name;                         // template (or a values override: coredns's deployment.name)
  std::optional<Naming> naming;           // a subchart's own naming
  Labels selector;
  Labels pod_labels;                      // beyond the selector
  std::vector<ValuesPath> pod_labels_from;  // maps merged into the pod labels
  ReplicasSpec replicas;
  FieldSpec strategy, affinity, spread, node_selector, tolerations, priority_class;
  PdbSpec pdb;
  HpaSpec hpa;
  std::vector<Refusal> refuses;
  std::string critical;                   // why the cluster depends on it (HA105)
  std::optional<Condition> critical_when; // ... only when this holds (a webhook's failurePolicy)
  std::string singleton;                  // why it runs one replica by design
};

// One version range of a profile: the base, or the base with an override applied.
struct Variant {
  VersionRange versions;
  std::string label;                      // the range as written, for messages
  Naming naming;
  yaml::Node defaults;                    // the chart's values.yaml, HA-relevant keys only
  std::vector<WorkloadSpec> workloads;
  // The keys the chart reads, map by map (HA003), computed once the profile is complete:
  // the views point into this variant's paths and defaults.
  std::vector<ValuesKeys::Map> keys;
};

// Fills v.keys (keys.cpp).
void compute_keys(Variant& v);

struct Profile {
  std::string name;                       // identity: a user profile with this name replaces the shipped one
  std::vector<std::string> charts;        // chart names it recognises
  std::vector<std::string> sources;       // URL globs (scheme and trailing "/" ignored); empty: any
  std::string source_file;                // where it was read ("charts/traefik.yaml", a user path)
  bool shipped = false;
  VersionRange versions;                  // everything the profile covers
  std::vector<Variant> overrides;         // first match wins
  Variant base;
  std::vector<std::string> verified;      // tags whose sources were read

  // The variant for a pinned version (nullptr: not covered).
  const Variant* variant_for(const SemVer& v) const;
  // True when the chart's name and source are this profile's.
  bool recognises(const std::string& chart, const std::string& source_url) const;
  bool source_specific() const { return !sources.empty(); }
};

// Loads one profile file's text. Errors are "path:line:col: message" lines.
// `validate` checks the text against schemas/chart-profile.schema.json first (user
// files; the shipped ones are validated by the tests).
struct LoadResult {
  std::shared_ptr<const Profile> profile;
  std::vector<std::string> errors;
};
LoadResult load_profile(std::string_view text, const std::string& shown_path, bool validate);

// Normalised URL for source matching: scheme and trailing slashes removed.
std::string normalise_url(std::string_view url);

}  // namespace halint::helm::profile
