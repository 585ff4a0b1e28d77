// HA004 render-error, HA005 render-skipped, HA006 unresolved-substitution: the renderer
// finds these while building kustomizations and Flux Kustomizations (it is the only
// stage that sees references and substitutions), and the HelmRelease stage finds what it
// could not model; these rules pass their findings on, so
// they are selected, ignored, configured and suppressed like every other rule.
#include "rules/registry.h"

namespace halint::rules {
namespace {

class RenderFinding : public Rule {
 public:
  explicit RenderFinding(std::string_view code) : code_(code) {}
  std::string_view code() const override { return code_; }
  void check(const RuleContext& ctx, std::vector<Finding>& out) const override {
    for (const auto* list : {&ctx.analysis.render_findings, &ctx.analysis.model_findings})
      for (const auto& f : *list)
        if (f.rule == code_) out.push_back(f);
  }

 private:
  std::string_view code_;
};

}  // namespace

std::unique_ptr<Rule> make_ha004_render_error() { return std::make_unique<RenderFinding>("HA004"); }
std::unique_ptr<Rule> make_ha005_render_skipped() { return std::make_unique<RenderFinding>("HA005"); }
std::unique_ptr<Rule> make_ha006_unresolved_substitution() { return std::make_unique<RenderFinding>("HA006"); }

}  // namespace halint::rules
