// HA303 pdb-selects-nothing: a PodDisruptionBudget whose selector matches no pod template
// of its namespace protects nothing, while the repository looks covered. Only reported
// where every pod-producing object of the namespace is visible in the render.
#include "rules/registry.h"
#include "rules/visibility.h"

namespace halint::rules {
namespace {

class PdbSelectsNothing : public Rule {
 public:
  std::string_view code() const override { return "HA303"; }

  void check(const RuleContext& ctx, std::vector<Finding>& out) const override {
    const auto& g = ctx.graph;
    Visibility vis(ctx.analysis);
    for (size_t p = 0; p < g.pdbs().size(); ++p) {
      const model::Pdb& pdb = g.pdbs()[p];
      if (!g.workloads_of_pdb(p).empty()) continue;
      if (!pdb.selector || pdb.selector->unknown || pdb.selector->empty()) continue;
      const model::Object& o = *pdb.object;
      if (!vis.complete(o.render, o.effective_namespace())) continue;
      if (selects_other_pods(ctx, pdb)) continue;
      const yaml::Node* at = o.root().path({"spec", "selector"});
      out.push_back(finding_for(code(), o, at,
                                "PodDisruptionBudget \"" + o.name +
                                    "\" selects no pod template in its namespace: it protects nothing"));
    }
  }

 private:
  // Pods written directly, or by Jobs/CronJobs, also count.
  static bool selects_other_pods(const RuleContext& ctx, const model::Pdb& pdb) {
    const model::Object& po = *pdb.object;
    for (const auto& o : ctx.analysis.objects) {
      if (!model::same_scope(o, po) || o.effective_namespace() != po.effective_namespace()) continue;
      const yaml::Node* labels = nullptr;
      if (o.kind == "Pod") labels = o.root().path({"metadata", "labels"});
      else if (o.kind == "Job") labels = o.root().path({"spec", "template", "metadata", "labels"});
      else if (o.kind == "CronJob") labels = o.root().path({"spec", "jobTemplate", "spec", "template", "metadata", "labels"});
      else if (o.kind == "ReplicationController") labels = o.root().path({"spec", "template", "metadata", "labels"});
      else continue;
      bool unknown = false;
      auto l = model::labels_of(labels, &unknown);
      if (unknown || pdb.selector->matches(l)) return true;
    }
    return false;
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha303_pdb_selects_nothing() { return std::make_unique<PdbSelectsNothing>(); }

}  // namespace halint::rules
