// HA101 missing-topology-spread: a workload that can run 2+ replicas with nothing that
// spreads them across nodes or zones. The scheduler may stack every replica on one node;
// that node's failure (or drain) takes the whole workload down.
#include "rules/registry.h"
#include "rules/scheduling.h"

namespace halint::rules {
namespace {

class MissingTopologySpread : public Rule {
 public:
  std::string_view code() const override { return "HA101"; }

  void check(const RuleContext& ctx, std::vector<Finding>& out) const override {
    const auto& g = ctx.graph;
    for (size_t i = 0; i < g.workloads().size(); ++i) {
      const model::Workload& w = g.workloads()[i];
      if (w.kind == model::WorkloadKind::DaemonSet || !w.pod_spec) continue;
      auto r = g.replicas(i);
      if (!r.max || *r.max < 2) continue;
      if (spreads(w)) continue;
      std::string msg = std::string(model::workload_kind_name(w.kind)) + " \"" + w.object->name + "\" can run " +
                        std::to_string(*r.max) +
                        " replicas but has no topologySpreadConstraints and no pod anti-affinity on a "
                        "hostname or zone key: the scheduler may put every replica on one node";
      Finding f = finding_for(code(), *w.object, pod_spec_anchor(w), std::move(msg));
      if (auto labels = selector_match_labels(w); labels && w.pod_spec->is_map()) {
        Fix fix;
        fix.description = "add topologySpreadConstraints (maxSkew 1, kubernetes.io/hostname, ScheduleAnyway)";
        fix.safe = true;
        fix.edits.push_back(Edit::insert_entry(*w.pod_spec, "topologySpreadConstraints",
                                               spread_constraint(std::move(*labels))));
        f.fix = std::move(fix);
      } else {
        f.help = "add topologySpreadConstraints whose labelSelector matches the pod template labels";
      }
      out.push_back(std::move(f));
    }
  }

 private:
  static bool spreads(const model::Workload& w) {
    // Any spread constraint counts here, whatever its selector (a wrong one is HA102).
    if (const auto* tsc = w.pod_spec->get("topologySpreadConstraints"); tsc && tsc->is_seq() && !tsc->empty())
      return true;
    for (const auto& t : anti_affinity_terms(w.pod_spec))
      if (is_spread_key(t.topology_key) && selects_own_pods(t.selector, w)) return true;
    return false;
  }

  static yaml::Node spread_constraint(yaml::Node match_labels) {
    yaml::Node c = yaml::Node::map();
    c.set("maxSkew", yaml::Node::integer(1));
    c.set("topologyKey", yaml::Node::string("kubernetes.io/hostname"));
    c.set("whenUnsatisfiable", yaml::Node::string("ScheduleAnyway"));
    yaml::Node sel = yaml::Node::map();
    sel.set("matchLabels", std::move(match_labels));
    c.set("labelSelector", std::move(sel));
    yaml::Node list = yaml::Node::seq();
    list.push_back(std::move(c));
    return list;
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha101_missing_topology_spread() { return std::make_unique<MissingTopologySpread>(); }

}  // namespace halint::rules
