// HA401 rollout-blocked-by-anti-affinity: a Deployment that surges (RollingUpdate with
// maxSurge >= 1, the default) while its pods require one pod per node. The surge pod
// needs a node with no replica on it; with as many replicas as nodes (or one node down)
// there is none, it stays Pending, and the rollout never progresses. With the cluster's
// nodes declared halint counts them: an error when replicas >= eligible nodes, nothing
// when a spare node exists; without them, a warning (one node down is enough).
#include "rules/placement.h"
#include "rules/registry.h"
#include "rules/scheduling.h"

namespace halint::rules {
namespace {

class RolloutBlockedByAntiAffinity : public Rule {
 public:
  std::string_view code() const override { return "HA401"; }

  void check(const RuleContext& ctx, std::vector<Finding>& out) const override {
    const auto& g = ctx.graph;
    for (size_t i = 0; i < g.workloads().size(); ++i) {
      const model::Workload& w = g.workloads()[i];
      // StatefulSet and DaemonSet rolling updates replace a pod in place (delete, then
      // create): only a Deployment surges.
      if (w.kind != model::WorkloadKind::Deployment || !w.pod_spec) continue;
      auto r = g.replicas(i);
      if (!r.effective || *r.effective < 1) continue;

      const yaml::Node* strategy = w.strategy;
      if (strategy && !strategy->is_null() && !strategy->is_map()) continue;  // ${VAR} or malformed
      if (strategy && strategy->is_map())
        if (const auto* t = strategy->get("type"); t && !t->is_null() && (!t->is_scalar() || t->str() != "RollingUpdate"))
          continue;  // Recreate (or unknown): no surge pod
      const yaml::Node* surge_node = strategy ? strategy->path({"rollingUpdate", "maxSurge"}) : nullptr;
      std::optional<int64_t> surge;
      std::string surge_text;
      if (!surge_node || surge_node->is_null()) {
        // The default 25% rounds up: at least 1 for any replica count.
        surge = model::scaled_value(default_surge(), *r.effective, /*round_up=*/true);
        surge_text = "the default maxSurge of 25% (" + std::to_string(*surge) + ")";
        surge_node = nullptr;
      } else {
        surge = model::scaled_value(surge_node, *r.effective, /*round_up=*/true);
        surge_text = "maxSurge " + surge_node->str();
        if (surge && surge_node->str() != std::to_string(*surge)) surge_text += " (" + std::to_string(*surge) + ")";
      }
      if (!surge || *surge < 1) continue;

      const AntiAffinityTerm* term = nullptr;
      auto terms = anti_affinity_terms(w.pod_spec);
      for (const auto& t : terms)
        if (t.required && is_hostname_key(t.topology_key) && selects_own_known(t, w)) {
          term = &t;
          break;
        }
      if (!term) continue;

      // With topology the verdict is the count of eligible nodes against max replicas; when
      // either is unknown (a ${VAR}) the rule stays silent (SPEC §3).
      std::optional<std::vector<size_t>> eligible;
      if (ctx.settings.has_topology) {
        if (r.max) eligible = eligible_nodes(w.pod_spec, ctx.settings.nodes);
        if (!eligible) continue;
        if (static_cast<size_t>(*r.max) < eligible->size()) continue;  // a spare node takes the surge pod
      }

      // What happens to the Pending surge pod depends on maxUnavailable (default 25%,
      // rounding down): at 0 no old pod may stop first and the rollout hangs for good;
      // otherwise it crawls by stopping old pods, and stalls once a node is down.
      const yaml::Node* mu_node = strategy ? strategy->path({"rollingUpdate", "maxUnavailable"}) : nullptr;
      if (mu_node && mu_node->is_null()) mu_node = nullptr;
      auto unavailable = model::scaled_value(mu_node ? mu_node : default_surge(), *r.effective, /*round_up=*/false);
      std::string mu_text = mu_node ? "maxUnavailable " + mu_node->str() : std::string("the default maxUnavailable of 25%");
      std::string msg = "Deployment \"" + w.object->name + "\" rolls out with " + surge_text +
                        " but its pods require kubernetes.io/hostname anti-affinity against each other: ";
      if (eligible) {
        size_t e = eligible->size();
        msg += "its " + std::to_string(*r.max) + (*r.max == 1 ? " replica" : " replicas") +
               (g.hpas_of(i).empty() ? "" : " (HPA maxReplicas)") + " occupy " +
               (e == 0 ? std::string("no eligible node (none of the declared nodes is eligible)")
                       : std::string(static_cast<size_t>(*r.max) == e ? "every one" : "more than") + " of the " +
                             std::to_string(e) + " eligible " + (e == 1 ? "node" : "nodes") + " (" +
                             node_names(ctx.settings.nodes, *eligible) + ")") +
               ", so the surge pod has nowhere to go and stays Pending";
      } else {
        std::string n = std::to_string(*r.effective) + (*r.effective == 1 ? " replica occupies" : " replicas occupy");
        msg += "once its " + n +
               " every eligible node (one node down is enough), the surge pod has nowhere to go and stays Pending";
      }
      if (unavailable && *unavailable == 0)
        msg += ", and " + mu_text + (mu_node && mu_node->str() == "0" ? "" : " (0)") +
               " lets no old pod stop first: the rollout never finishes";
      else
        msg += ": the rollout can only proceed by stopping old pods first, and stalls while a node is down";
      const yaml::Node* at = surge_node ? strategy->path({"rollingUpdate"})->find_key("maxSurge")
                                        : w.pod_spec->path({"affinity", "podAntiAffinity"})
                                              ->find_key("requiredDuringSchedulingIgnoredDuringExecution");
      Finding f = finding_for(code(), *w.object, at, std::move(msg));
      // Without the cluster's nodes halint cannot tell whether a spare node exists today;
      // the deadlock is one node failure away, which is a warning, not a certainty. With
      // them, it is certain: the catalog's error.
      if (!eligible) f.severity_override = Severity::Warning;
      if (auto fix = make_fix(ctx.settings.rollout_fix, w, *r.effective)) f.fix = std::move(fix);
      else f.help = "set strategy.rollingUpdate to {maxSurge: 0, maxUnavailable: 1}, or strategy.type: Recreate";
      out.push_back(std::move(f));
    }
  }

 private:
  static const yaml::Node* default_surge() {
    static const yaml::Node n = yaml::Node::string("25%");
    return &n;
  }

  // Unlike HA101, an unknown selector gives no benefit of the doubt: this rule reports
  // a deadlock, so it needs to know the term really targets the workload's own pods.
  static bool selects_own_known(const AntiAffinityTerm& t, const model::Workload& w) {
    if (!t.selector || t.selector->empty() || t.selector->unknown || w.pod_labels_unknown) return false;
    return t.selector->matches(w.pod_labels);
  }

  static yaml::Node int_node(int64_t v) { return yaml::Node::integer(v); }

  static std::optional<Fix> make_fix(const std::string& mode, const model::Workload& w, int64_t replicas) {
    Fix fix;
    fix.safe = true;
    const yaml::Node* strategy = w.strategy;
    const yaml::Node* strategy_key = w.spec->find_key("strategy");
    auto insert = [&](const yaml::Node& map, std::string key, yaml::Node value, std::string after = {}) {
      fix.edits.push_back(Edit::insert_entry(map, std::move(key), std::move(value), std::move(after)));
    };
    auto replace = [&](const yaml::Node& node, yaml::Node value) {
      fix.edits.push_back(Edit::replace_value(node, std::move(value)));
    };

    if (mode == "recreate") {
      fix.description = "set strategy.type: Recreate (old pods stop before new ones start)";
      yaml::Node full = yaml::Node::map();
      full.set("type", yaml::Node::string("Recreate"));
      if (!strategy_key) {
        insert(*w.spec, "strategy", std::move(full), w.spec->get("replicas") ? "replicas" : "");
      } else if (!strategy || strategy->is_null()) {
        replace(*strategy, std::move(full));
      } else {
        if (const yaml::Node* t = strategy->get("type")) replace(*t, yaml::Node::string("Recreate"));
        else insert(*strategy, "type", yaml::Node::string("Recreate"));
        // The API server rejects rollingUpdate parameters with type Recreate.
        if (const yaml::Node* ru = strategy->find_key("rollingUpdate")) fix.edits.push_back(Edit::delete_entry(*ru));
      }
      return fix;
    }

    fix.description = "set strategy.rollingUpdate to maxSurge: 0, maxUnavailable: 1 (replace one pod at a time on its own node)";
    auto rolling = [] {
      yaml::Node ru = yaml::Node::map();
      ru.set("maxSurge", int_node(0));
      ru.set("maxUnavailable", int_node(1));
      return ru;
    };
    if (!strategy_key || !strategy || strategy->is_null()) {
      yaml::Node full = yaml::Node::map();
      full.set("type", yaml::Node::string("RollingUpdate"));
      full.set("rollingUpdate", rolling());
      if (!strategy_key) insert(*w.spec, "strategy", std::move(full), w.spec->get("replicas") ? "replicas" : "");
      else replace(*strategy, std::move(full));
      return fix;
    }
    const yaml::Node* ru = strategy->get("rollingUpdate");
    if (!strategy->find_key("rollingUpdate")) {
      insert(*strategy, "rollingUpdate", rolling());
      return fix;
    }
    if (ru->is_null()) {
      replace(*ru, rolling());
      return fix;
    }
    if (!ru->is_map()) return std::nullopt;
    if (const yaml::Node* s = ru->get("maxSurge")) replace(*s, int_node(0));
    else insert(*ru, "maxSurge", int_node(0));
    // With maxSurge 0, maxUnavailable must allow one pod down (the API server rejects
    // both at 0); keep a written value that already does.
    const yaml::Node* mu = ru->get("maxUnavailable");
    auto current = model::scaled_value(mu, replicas, /*round_up=*/false);
    if (!mu) insert(*ru, "maxUnavailable", int_node(1), ru->get("maxSurge") ? "maxSurge" : "");
    else if (!current || *current < 1) replace(*mu, int_node(1));
    return fix;
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha401_rollout_blocked_by_anti_affinity() {
  return std::make_unique<RolloutBlockedByAntiAffinity>();
}

}  // namespace halint::rules
