// HA501 descheduler-policy-invalid: a DeschedulerPolicy the descheduler refuses (plugin
// under the wrong extension point, unknown plugin, v1alpha1 `strategies` under v1alpha2,
// bad nodeAffinityType), so the failback or rebalancing it was deployed for never runs.
//
// The policy may be a string inside a ConfigMap: its nodes then carry origins in the
// ConfigMap's file (see yaml/embedded.h), so findings point at the real line and the fix
// edits the bytes inside the block scalar. Edits used by the fix:
//   - when the plugin is all its wrong extension point holds and the right point is
//     absent: one RenameKey of the point's key (`balance` -> `deschedule`);
//   - otherwise DeleteEntry whose target is the origin of a SEQUENCE ITEM (not a map
//     key) removes that item (its `- name` line; when the item is the only content of
//     its extension point, the point's key is deleted instead, a plain DeleteEntry),
//     plus AppendItem to the right point's `enabled` list, or InsertEntry of
//     `enabled: [..]` / `<point>: {enabled: [..]}` when it is missing.
// Fixes are only offered when the origins are exact (literal block scalars, objects,
// HelmRelease values).
#include <algorithm>
#include <set>

#include "rules/descheduler.h"
#include "rules/registry.h"

namespace halint::rules {
namespace {

constexpr std::string_view kRequired = "requiredDuringSchedulingIgnoredDuringExecution";
constexpr std::string_view kPreferred = "preferredDuringSchedulingIgnoredDuringExecution";

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Whether a known plugin may be enabled under extension point `point` (as written; the
// descheduler's JSON decoding of the policy matches field names case-insensitively).
bool allowed_under(std::string_view right, std::string_view point) {
  std::string p = lower(point);
  if (right == "filter") return p == "filter" || p == "preevictionfilter" || p == "evict";
  return p == right;
}

class DeschedulerPolicyInvalid : public Rule {
 public:
  std::string_view code() const override { return "HA501"; }

  void check(const RuleContext& ctx, std::vector<Finding>& out) const override {
    for (const auto& p : find_descheduler_policies(ctx.analysis)) check_policy(p, out);
  }

 private:
  void report(const DeschedulerPolicy& p, const yaml::Node& at, std::string msg, std::vector<Finding>& out,
              std::optional<Fix> fix = std::nullopt, std::string help = {}) const {
    Finding f = finding_for(code(), *p.object, &at, std::move(msg));
    f.fix = std::move(fix);
    f.help = std::move(help);
    out.push_back(std::move(f));
  }

  void check_policy(const DeschedulerPolicy& p, std::vector<Finding>& out) const {
    const yaml::Node& root = *p.root;
    if (!root.is_map()) return;
    if (const auto* k = root.find_key("strategies"); k && p.api_version == "descheduler/v1alpha2")
      report(p, *k,
             "`strategies` is the v1alpha1 policy shape; a descheduler/v1alpha2 policy enables plugins under "
             "`profiles[].plugins`, so these strategies never run",
             out, std::nullopt, "rewrite the strategies as a profile with pluginConfig and plugins");
    if (const auto* strategies = root.get("strategies"); strategies && strategies->is_map())
      if (const auto* nat = strategies->path({"RemovePodsViolatingNodeAffinity", "params", "nodeAffinityType"}))
        check_node_affinity_type(p, *nat, out);

    const auto* profiles = root.get("profiles");
    if (!profiles || !profiles->is_seq()) return;
    for (const auto& prof : profiles->items())
      if (prof.is_map()) check_profile(p, prof, out);
  }

  void check_profile(const DeschedulerPolicy& p, const yaml::Node& prof, std::vector<Finding>& out) const {
    std::set<std::string> enabled;
    const auto* plugins = prof.get("plugins");
    if (plugins && plugins->is_map()) {
      for (size_t i = 0; i < plugins->size(); ++i) {
        const yaml::Node& point_key = plugins->key_at(i);
        const yaml::Node& point = plugins->value_at(i);
        const auto* list = point.get("enabled");
        if (!list || !list->is_seq()) continue;
        for (const auto& item : list->items()) {
          if (!item.is_scalar() || item.is_substitution()) continue;
          const std::string& name = item.str();
          enabled.insert(name);
          auto right = plugin_extension_point(name);
          if (!right) {
            report(p, item, "unknown descheduler plugin \"" + name + "\": the descheduler refuses a policy "
                            "that enables a plugin it does not ship", out, std::nullopt,
                   "check the plugin name against the descheduler's plugin list");
            continue;
          }
          if (allowed_under(*right, point_key.str())) continue;
          std::string msg = name + " is a " + std::string(*right == "filter" ? "filter/preEvictionFilter" : *right) +
                            " plugin but is enabled under `" + point_key.str() +
                            "`: the descheduler refuses to start with this policy";
          std::optional<Fix> fix;
          if (p.precise && (*right == "deschedule" || *right == "balance"))
            fix = move_fix(*plugins, i, item, name, std::string(*right));
          std::string help = fix ? std::string() : "enable it under `" + std::string(*right) + "`";
          report(p, item, std::move(msg), out, std::move(fix), std::move(help));
        }
      }
    }

    const auto* configs = prof.get("pluginConfig");
    if (!configs || !configs->is_seq()) return;
    for (const auto& c : configs->items()) {
      const auto* n = c.get("name");
      if (!n || !n->is_scalar() || n->is_substitution()) continue;
      const std::string& name = n->str();
      if (!plugin_extension_point(name)) {
        report(p, *n, "pluginConfig for unknown descheduler plugin \"" + name + "\"", out, std::nullopt,
               "check the plugin name against the descheduler's plugin list");
        continue;
      }
      // DefaultEvictor is enabled by default (filter and preEvictionFilter).
      if (name != "DefaultEvictor" && !enabled.count(name))
        report(p, *n, "pluginConfig for " + name + ", which this profile never enables: its arguments have no effect",
               out, std::nullopt, "enable the plugin under `" + std::string(*plugin_extension_point(name)) +
                                      "` or remove its pluginConfig");
      if (name == "RemovePodsViolatingNodeAffinity")
        if (const auto* nat = c.path({"args", "nodeAffinityType"})) check_node_affinity_type(p, *nat, out);
    }
  }

  void check_node_affinity_type(const DeschedulerPolicy& p, const yaml::Node& nat, std::vector<Finding>& out) const {
    if (!nat.is_seq()) {
      if (!nat.is_substitution())
        report(p, nat, "nodeAffinityType must be a list of node affinity types", out, std::nullopt,
               "write `nodeAffinityType: [" + std::string(kPreferred) + "]`");
      return;
    }
    for (const auto& v : nat.items()) {
      if (!v.is_scalar() || v.is_substitution()) continue;
      if (v.str() == kRequired || v.str() == kPreferred) continue;
      report(p, v, "nodeAffinityType \"" + v.str() + "\" is neither " + std::string(kRequired) + " nor " +
                       std::string(kPreferred),
             out, std::nullopt, "use one of the two node affinity types");
    }
  }

  // Moves `name` from plugins[wrong_index].enabled to plugins[right].enabled.
  static Fix move_fix(const yaml::Node& plugins, size_t wrong_index, const yaml::Node& item, const std::string& name,
                      const std::string& right) {
    Fix fix;
    fix.safe = true;
    fix.description = "enable " + name + " under `" + right + "` instead of `" + plugins.key_at(wrong_index).str() + "`";
    const yaml::Node& wrong = plugins.value_at(wrong_index);
    const yaml::Node* wrong_list = wrong.get("enabled");
    bool only_plugin = wrong.size() == 1 && wrong_list->size() == 1;
    const yaml::Node* point = plugins.get(right);
    if (only_plugin && !point) {
      // `balance: {enabled: [X]}` and no `deschedule`: renaming the key is the whole move,
      // one edit that leaves every other byte of the policy as it was.
      fix.edits.push_back(Edit::rename_key(plugins.key_at(wrong_index), right));
      return fix;
    }
    // The only plugin of its extension point: remove the point rather than leave `enabled: []`.
    fix.edits.push_back(Edit::delete_entry(only_plugin ? plugins.key_at(wrong_index).origin() : item.origin()));

    // The moved name keeps the quotes it was written with (`- "RemovePods..."`).
    auto plugin_name = [&] {
      yaml::Node n = yaml::Node::string(name);
      if (item.style() == yaml::Style::SingleQuoted || item.style() == yaml::Style::DoubleQuoted)
        n.set_style(item.style());
      return n;
    };
    auto one_item = [&] {
      yaml::Node seq = yaml::Node::seq();
      seq.push_back(plugin_name());
      return seq;
    };
    if (point && point->is_map()) {
      if (const auto* list = point->get("enabled"); list && list->is_seq())
        fix.edits.push_back(Edit::append_item(*list, plugin_name()));
      else if (!list)
        fix.edits.push_back(Edit::insert_entry(*point, "enabled", one_item()));
      else  // `enabled:` left empty
        fix.edits.push_back(Edit::replace_value(*list, one_item()));
    } else {
      yaml::Node m = yaml::Node::map();
      m.set("enabled", one_item());
      if (point)  // `deschedule:` with no value
        fix.edits.push_back(Edit::replace_value(*point, std::move(m)));
      else
        fix.edits.push_back(Edit::insert_entry(plugins, right, std::move(m)));
    }
    return fix;
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha501_descheduler_policy_invalid() { return std::make_unique<DeschedulerPolicyInvalid>(); }

}  // namespace halint::rules
