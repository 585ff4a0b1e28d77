#include "rules/descheduler.h"

#include "yaml/embedded.h"

namespace halint::rules {
namespace {

std::string scalar_text(const yaml::Node* n) { return n && n->is_scalar() ? n->str() : std::string(); }

bool is_descheduler_release(const model::Object& o) {
  if (o.kind != "HelmRelease") return false;
  const yaml::Node& r = o.root();
  // Flux names the chart in spec.chart.spec.chart, or refers to an OCIRepository /
  // HelmChart by name (spec.chartRef); the release name is the last hint.
  if (scalar_text(r.path({"spec", "chart", "spec", "chart"})).find("descheduler") != std::string::npos) return true;
  if (scalar_text(r.path({"spec", "chartRef", "name"})).find("descheduler") != std::string::npos) return true;
  return o.name.find("descheduler") != std::string::npos;
}

void shift_origins(yaml::Node& n, uint32_t by, FileId file, size_t depth = 0) {
  if (depth > 1100) return;
  Origin o = n.origin();
  n.set_origin(Origin{file, Span{o.span.begin + by, o.span.end + by}});
  for (auto& k : n.children()) shift_origins(k, by, file, depth + 1);
}

// The documents of a policy string with origins in the outer file. A literal block
// scalar maps exactly (yaml/embedded.h); a string written verbatim (a generator reading a
// whole file) maps by a shift; anything else (folded, quoted) gets the string's own
// origin on every node: right line for a finding, never a target for an edit.
std::vector<yaml::Document> parse_policy_string(const yaml::Node& v, std::string_view file_text, bool& precise) {
  const Origin& where = v.origin();
  if (where.known()) {
    if (auto r = yaml::parse_embedded(file_text, v, where.file)) {
      precise = true;
      return std::move(r->documents);
    }
    if (where.span.end <= file_text.size() &&
        file_text.substr(where.span.begin, where.span.end - where.span.begin) == v.str()) {
      auto r = yaml::parse(v.str(), where.file);
      for (auto& d : r.documents) shift_origins(d.root, where.span.begin, where.file);
      precise = true;
      return std::move(r.documents);
    }
  }
  auto r = yaml::parse(v.str(), where.file);
  for (auto& d : r.documents) d.root.set_origin_deep(where);
  precise = false;
  return std::move(r.documents);
}

// True when `n` is still as parsed from a file whose bytes cannot spell a policy: its
// strings (dashboards, scripts) need not be read again.
bool cannot_hold_policy(const Analysis& a, const yaml::Node& n) {
  return n.has_flag(yaml::kVerbatim) && n.origin().file < a.files.size() &&
         !a.files[n.origin().file].facts.descheduler;
}

void from_config_map(const Analysis& a, const model::Object& o, std::vector<DeschedulerPolicy>& out) {
  const yaml::Node* data = o.root().get("data");
  if (!data || !data->is_map() || cannot_hold_policy(a, *data)) return;
  for (size_t i = 0; i < data->size(); ++i) {
    const yaml::Node& v = data->value_at(i);
    if (cannot_hold_policy(a, v)) continue;
    // Cheap filter first: most ConfigMaps hold no policy and need no second parse.
    if (!v.is_string() || v.str().find("DeschedulerPolicy") == std::string::npos) continue;
    const Origin& where = v.origin();
    std::string_view text = where.known() && where.file < a.files.size() ? std::string_view(a.files[where.file].text)
                                                                         : std::string_view();
    bool precise = false;
    for (auto& d : parse_policy_string(v, text, precise)) {
      if (!d.root.is_map() || scalar_text(d.root.get("kind")) != "DeschedulerPolicy") continue;
      DeschedulerPolicy p;
      p.source = DeschedulerPolicy::Source::ConfigMap;
      p.object = &o;
      auto owned = std::make_shared<yaml::Node>(std::move(d.root));
      p.root = owned.get();
      p.owned = std::move(owned);
      p.api_version = scalar_text(p.root->get("apiVersion"));
      p.precise = precise;
      out.push_back(std::move(p));
    }
  }
}

}  // namespace

std::vector<DeschedulerPolicy> find_descheduler_policies(const Analysis& a) {
  std::vector<DeschedulerPolicy> out;
  for (const auto& o : a.objects) {
    if (o.kind == "DeschedulerPolicy" && o.api_version.starts_with("descheduler/")) {
      DeschedulerPolicy p;
      p.object = &o;
      p.root = &o.root();
      p.api_version = o.api_version;
      out.push_back(std::move(p));
    } else if (o.kind == "ConfigMap" && o.api_version == "v1") {
      from_config_map(a, o, out);
    } else if (is_descheduler_release(o)) {
      const yaml::Node* values = o.root().path({"spec", "values"});
      const yaml::Node* policy = values ? values->get("deschedulerPolicy") : nullptr;
      if (!policy || !policy->is_map()) continue;
      DeschedulerPolicy p;
      p.source = DeschedulerPolicy::Source::HelmRelease;
      p.object = &o;
      p.root = policy;
      // The chart writes apiVersion from this value; its default changed across chart
      // versions (v1alpha1 before 0.29), so an absent value is "unknown".
      p.api_version = scalar_text(values->get("deschedulerPolicyAPIVersion"));
      out.push_back(std::move(p));
    }
  }
  return out;
}

std::optional<std::string_view> plugin_extension_point(std::string_view plugin) {
  // From the descheduler's plugin registry (pkg/framework/plugins/*): each plugin
  // implements exactly one of these extension points.
  static constexpr std::pair<std::string_view, std::string_view> kPlugins[] = {
      {"RemovePodsViolatingNodeAffinity", "deschedule"},
      {"RemovePodsViolatingInterPodAntiAffinity", "deschedule"},
      {"RemovePodsViolatingNodeTaints", "deschedule"},
      {"RemovePodsHavingTooManyRestarts", "deschedule"},
      {"PodLifeTime", "deschedule"},
      {"RemoveFailedPods", "deschedule"},
      {"RemovePodsViolatingTopologySpreadConstraint", "balance"},
      {"RemoveDuplicates", "balance"},
      {"LowNodeUtilization", "balance"},
      {"HighNodeUtilization", "balance"},
      {"DefaultEvictor", "filter"},  // also preEvictionFilter
  };
  for (const auto& [name, point] : kPlugins)
    if (name == plugin) return point;
  return std::nullopt;
}

static bool seq_contains(const yaml::Node* seq, std::string_view s) {
  if (!seq || !seq->is_seq()) return false;
  for (const auto& i : seq->items())
    if (i.is_scalar() && i.str() == s) return true;
  return false;
}

bool enables_preferred_failback(const DeschedulerPolicy& p) {
  constexpr std::string_view kPlugin = "RemovePodsViolatingNodeAffinity";
  constexpr std::string_view kPreferred = "preferredDuringSchedulingIgnoredDuringExecution";
  if (!p.root || !p.root->is_map()) return false;
  if (const auto* profiles = p.root->get("profiles"); profiles && profiles->is_seq()) {
    for (const auto& prof : profiles->items()) {
      if (!seq_contains(prof.path({"plugins", "deschedule", "enabled"}), kPlugin)) continue;
      const auto* configs = prof.get("pluginConfig");
      if (!configs || !configs->is_seq()) continue;  // default nodeAffinityType: required only
      for (const auto& c : configs->items())
        if (scalar_text(c.get("name")) == kPlugin && seq_contains(c.path({"args", "nodeAffinityType"}), kPreferred))
          return true;
    }
  }
  // The v1alpha1 shape, still read by older descheduler releases.
  if (const auto* s = p.root->path({"strategies", kPlugin}); s && s->is_map()) {
    const auto* enabled = s->get("enabled");
    if (!enabled || enabled->as_bool() != true) return false;  // v1alpha1 strategies are opt-in
    return seq_contains(s->path({"params", "nodeAffinityType"}), kPreferred);
  }
  return false;
}

}  // namespace halint::rules
