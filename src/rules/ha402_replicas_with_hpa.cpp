// HA402 replicas-with-hpa: spec.replicas written on a workload that a HorizontalPodAutoscaler
// scales. The HPA owns the replica count; every apply (each Flux reconcile) resets it to the
// manifest's value, scaling a loaded workload back down until the HPA reacts again.
#include "rules/registry.h"

namespace halint::rules {
namespace {

class ReplicasWithHpa : public Rule {
 public:
  std::string_view code() const override { return "HA402"; }

  void check(const RuleContext& ctx, std::vector<Finding>& out) const override {
    const auto& g = ctx.graph;
    for (size_t i = 0; i < g.workloads().size(); ++i) {
      const model::Workload& w = g.workloads()[i];
      if (g.hpas_of(i).empty() || !w.replicas.node) continue;
      const yaml::Node* key = w.spec->find_key("replicas");
      if (!key) continue;
      // The value does not matter (even an unresolved ${VAR} is substituted to something
      // that the next reconcile writes): writing the field at all is the mistake.
      const model::Hpa& hpa = g.hpas()[g.hpas_of(i).front()];
      std::string range;
      if (hpa.min_replicas.value || hpa.max_replicas.value)
        range = " (" + (hpa.min_replicas.value ? std::to_string(*hpa.min_replicas.value) : std::string("1")) +
                "-" + (hpa.max_replicas.value ? std::to_string(*hpa.max_replicas.value) : std::string("?")) +
                " replicas)";
      std::string written = w.replicas.node->is_scalar() ? w.replicas.node->str() : "...";
      std::string msg = std::string(model::workload_kind_name(w.kind)) + " \"" + w.object->name +
                        "\" sets spec.replicas: " + written + " but HorizontalPodAutoscaler \"" +
                        hpa.object->name + "\" scales it" + range +
                        ": every reconcile resets the replica count to " + written +
                        ", undoing the autoscaler's decisions";
      Finding f = finding_for(code(), *w.object, key, std::move(msg));
      Fix fix;
      fix.description = "remove spec.replicas and leave the replica count to the HPA";
      fix.safe = true;
      fix.edits.push_back(Edit::delete_entry(*key));
      f.fix = std::move(fix);
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha402_replicas_with_hpa() { return std::make_unique<ReplicasWithHpa>(); }

}  // namespace halint::rules
