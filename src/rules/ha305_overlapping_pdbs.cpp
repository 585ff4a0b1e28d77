// HA305 overlapping-pdbs: the eviction API refuses to evict a pod that more than one
// PodDisruptionBudget selects ("This pod has more than one PodDisruptionBudget"), so
// every drain of a node running such a pod fails, whatever the budgets allow.
#include "rules/registry.h"

namespace halint::rules {
namespace {

class OverlappingPdbs : public Rule {
 public:
  std::string_view code() const override { return "HA305"; }

  void check(const RuleContext& ctx, std::vector<Finding>& out) const override {
    const auto& g = ctx.graph;
    for (size_t i = 0; i < g.workloads().size(); ++i) {
      const auto& pdbs = g.pdbs_of(i);
      if (pdbs.size() < 2) continue;
      const model::Workload& w = g.workloads()[i];
      std::string names;
      for (size_t k = 0; k < pdbs.size(); ++k) {
        if (k) names += k + 1 == pdbs.size() ? " and " : ", ";
        names += "\"" + g.pdbs()[pdbs[k]].object->name + "\"";
      }
      // Point at the pod labels: they are what every one of these PDBs selects.
      const yaml::Node* at = nullptr;
      if (w.pod_template)
        if (const auto* meta = w.pod_template->get("metadata")) at = meta->find_key("labels");
      Finding f = finding_for(code(), *w.object, at,
                              "the pods of " + std::string(model::workload_kind_name(w.kind)) + " \"" +
                                  w.object->name + "\" are selected by " + std::to_string(pdbs.size()) +
                                  " PodDisruptionBudgets (" + names +
                                  "): the eviction API refuses to evict them, so every drain fails");
      f.help = "keep one PodDisruptionBudget per set of pods: narrow or remove the others";
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha305_overlapping_pdbs() { return std::make_unique<OverlappingPdbs>(); }

}  // namespace halint::rules
