// The fix engine as the reporters see it: a finding's fix as verified byte edits, for SARIF
// `fixes`. Kept in cli/ so the reporters never depend on the fix engine.
#include <variant>

#include "cli/commands.h"
#include "fix/apply.h"
#include "fix/plan.h"

namespace halint::cli {

report::FixPlanner fix_planner() {
  return [](const Finding& f, const Analysis& a) -> std::vector<report::TextEdit> {
    if (!f.fix) return {};
    fix::PlanResult planned = fix::plan_fix(a.files, *f.fix);
    const auto* plan = std::get_if<fix::FixPlan>(&planned);
    if (!plan) return {};
    std::vector<report::TextEdit> edits;
    for (const auto& fe : plan->files) {
      // A fix that creates a file (a PDB in an overlay) has no artifact to change in
      // SARIF terms: offer nothing rather than half of the fix.
      if (fe.file == kNoFile || fe.file >= a.files.size()) return {};
      // Only what `halint fix` itself would accept: the edited file parses back to the
      // intended tree.
      if (fix::verify(a.files[fe.file], fix::apply_bytes(a.files[fe.file].text, fe.bytes), fe.tree)) return {};
      for (const auto& b : fe.bytes) edits.push_back({fe.file, Span{b.begin, b.end}, b.text});
    }
    return edits;
  };
}

}  // namespace halint::cli
