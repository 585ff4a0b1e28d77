// HA304 pdb-unhealthy-eviction-policy: without `unhealthyPodEvictionPolicy` a PDB uses
// IfHealthyBudget: a crash-looping (running but not ready) pod counts against the budget
// and cannot be evicted while the budget is exhausted, so one broken pod blocks drains.
// AlwaysAllow lets such pods be evicted (they serve nothing anyway).
#include <cstdio>

#include "rules/registry.h"

namespace halint::rules {
namespace {

// The field is beta and on by default since Kubernetes 1.27 (GA in 1.31).
bool supported(const std::string& version) {
  int major = 0, minor = 0;
  if (std::sscanf(version.c_str(), "%d.%d", &major, &minor) != 2) return true;
  return major > 1 || (major == 1 && minor >= 27);
}

class PdbUnhealthyEvictionPolicy : public Rule {
 public:
  std::string_view code() const override { return "HA304"; }

  void check(const RuleContext& ctx, std::vector<Finding>& out) const override {
    if (!supported(ctx.settings.kubernetes_version)) return;
    for (const auto& pdb : ctx.graph.pdbs()) {
      if (pdb.unhealthy_pod_eviction_policy) continue;  // any explicit choice is the author's
      if (pdb.object->api_version != "policy/v1") continue;  // v1beta1 predates the field
      const yaml::Node& root = pdb.object->root();
      const yaml::Node* spec = root.get("spec");
      if (!spec || !spec->is_map()) continue;
      Finding f = finding_for(code(), *pdb.object, root.find_key("spec"),
                              "PodDisruptionBudget \"" + pdb.object->name +
                                  "\" has no unhealthyPodEvictionPolicy: a crash-looping pod counts against the "
                                  "budget and can block every drain");
      Fix fix;
      fix.safe = true;
      fix.description = "set unhealthyPodEvictionPolicy: AlwaysAllow";
      fix.edits.push_back(
          Edit::insert_entry(*spec, "unhealthyPodEvictionPolicy", yaml::Node::string("AlwaysAllow")));
      f.fix = std::move(fix);
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha304_pdb_unhealthy_eviction_policy() {
  return std::make_unique<PdbUnhealthyEvictionPolicy>();
}

}  // namespace halint::rules
