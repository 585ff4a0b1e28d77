// HA103 strict-spread-blocks-scaling: a StatefulSet pod with a volumeClaimTemplates
// volume is pinned to where its volume lives. With a DoNotSchedule spread (the default
// when whenUnsatisfiable is omitted) and Parallel pod management, several pods are
// created at once (scale-up, recovery) and each is filtered against the others' skew
// while its domain is fixed: some end up Pending with no node allowed to take them.
#include "rules/registry.h"

namespace halint::rules {
namespace {

class StrictSpreadBlocksScaling : public Rule {
 public:
  std::string_view code() const override { return "HA103"; }

  void check(const RuleContext& ctx, std::vector<Finding>& out) const override {
    const auto& g = ctx.graph;
    for (size_t i = 0; i < g.workloads().size(); ++i) {
      const model::Workload& w = g.workloads()[i];
      if (w.kind != model::WorkloadKind::StatefulSet || !w.pod_spec || !w.has_volume_claim_templates) continue;
      if (w.pod_management_policy != "Parallel") continue;
      bool scaled = !g.hpas_of(i).empty();
      bool several = w.replicas.value && *w.replicas.value >= 2;
      if (!scaled && !several) continue;
      const auto* tscs = w.pod_spec->get("topologySpreadConstraints");
      if (!tscs || !tscs->is_seq()) continue;
      for (const auto& c : tscs->items()) {
        if (!c.is_map()) continue;
        const auto* when = c.get("whenUnsatisfiable");
        if (when && (!when->is_scalar() || when->str() != "DoNotSchedule")) continue;  // ScheduleAnyway, ${VAR}
        std::string key = c.get("topologyKey") ? c.get("topologyKey")->str() : "";
        Finding f = finding_for(
            code(), *w.object, when ? c.find_key("whenUnsatisfiable") : &c,
            "StatefulSet \"" + w.object->name + "\" (Parallel, volumeClaimTemplates, " +
                (scaled ? std::string("scaled by an HPA") : std::to_string(*w.replicas.value) + " replicas") +
                ") has a DoNotSchedule spread on " + (key.empty() ? std::string("its topology key") : key) +
                (when ? "" : " (whenUnsatisfiable omitted)") +
                ": a pod whose volume sits in a full domain stays Pending");
        Fix fix;
        fix.safe = true;
        fix.description = "set whenUnsatisfiable: ScheduleAnyway";
        yaml::Node anyway = yaml::Node::string("ScheduleAnyway");
        fix.edits.push_back(when ? Edit::replace_value(*when, std::move(anyway))
                                 : Edit::insert_entry(c, "whenUnsatisfiable", std::move(anyway),
                                                      c.get("topologyKey") ? "topologyKey" : ""));
        f.fix = std::move(fix);
        out.push_back(std::move(f));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha103_strict_spread_blocks_scaling() {
  return std::make_unique<StrictSpreadBlocksScaling>();
}

}  // namespace halint::rules
