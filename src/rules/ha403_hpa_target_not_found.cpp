// HA403 hpa-target-not-found: an HPA whose scaleTargetRef names no object of its render
// and namespace scales nothing. Silent where a HelmRelease in the namespace may create the
// target, or where part of the render was skipped.
#include "rules/registry.h"
#include "rules/visibility.h"

namespace halint::rules {
namespace {

class HpaTargetNotFound : public Rule {
 public:
  std::string_view code() const override { return "HA403"; }

  void check(const RuleContext& ctx, std::vector<Finding>& out) const override {
    const auto& g = ctx.graph;
    Visibility vis(ctx.analysis);
    for (size_t h = 0; h < g.hpas().size(); ++h) {
      const model::Hpa& hpa = g.hpas()[h];
      if (!g.workloads_of_hpa(h).empty()) continue;
      if (hpa.target_kind.empty() || hpa.target_name.empty()) continue;
      if (hpa.target_name.find("${") != std::string::npos || hpa.target_kind.find("${") != std::string::npos)
        continue;
      const model::Object& o = *hpa.object;
      std::string ns = o.effective_namespace();
      if (vis.helm_release_in(ns)) continue;
      if (!vis.complete(o.render, ns)) continue;
      bool found = false;
      for (const auto& t : ctx.analysis.objects)
        if (model::same_scope(t, o) && t.effective_namespace() == ns && t.kind == hpa.target_kind &&
            t.name == hpa.target_name)
          found = true;
      if (found) continue;
      const yaml::Node* at = o.root().path({"spec", "scaleTargetRef", "name"});
      out.push_back(finding_for(code(), o, at,
                                "HorizontalPodAutoscaler \"" + o.name + "\" targets " + hpa.target_kind + " \"" +
                                    hpa.target_name + "\", which does not exist in its namespace: it scales nothing"));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha403_hpa_target_not_found() { return std::make_unique<HpaTargetNotFound>(); }

}  // namespace halint::rules
