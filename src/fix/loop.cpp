#include "fix/loop.h"

#include <set>

#include "fix/apply.h"

namespace halint::fix {

std::string fix_signature(const Fix& f) {
  std::string s;
  for (const auto& e : f.edits) {
    s += std::to_string(static_cast<int>(e.op)) + '|' + std::to_string(e.target.file) + ':' +
         std::to_string(e.target.span.begin) + '-' + std::to_string(e.target.span.end) + '|' + e.key + '|' +
         e.after_key + '|' + e.path + '|' + yaml::to_flow(e.value, 1 << 20) + '\n';
  }
  return s;
}

static std::string where(const Finding& f, const Analysis& a) {
  if (!f.location.known() || f.location.file >= a.files.size()) return "<repository>";
  const SourceFile& sf = a.files[f.location.file];
  LineCol lc = sf.locate(f.location.span.begin);
  return sf.path + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column);
}

// Renders that fail (HA004): a fix must never break a kustomization or Flux
// Kustomization that built before (SPEC §7).
static size_t render_errors(const engine::CheckResult& c) {
  size_t n = 0;
  for (const auto& f : c.analysis.render_findings) n += f.rule == "HA004";
  for (const auto& f : c.analysis.model_findings) n += f.rule == "HA004";
  return n;
}

LoopResult fix_loop(engine::CheckOptions options, const rules::Catalog& catalog, bool unsafe_fixes, size_t max_passes) {
  LoopResult out;
  size_t baseline_render_errors = 0;
  // What the last pass changed, to undo it if it broke a render.
  std::map<std::string, std::string> prev_overlay;
  std::map<std::string, std::optional<std::string>> prev_originals;
  std::map<std::string, std::string> prev_edited;
  std::vector<Refusal> last_applied;
  size_t last_applied_count = 0;
  for (size_t pass = 0;; ++pass) {
    engine::CheckResult check = engine::run_check(options, catalog);
    if (pass == 0 && !check.errors.empty()) {
      out.errors = check.errors;
      out.final = std::move(check);
      return out;
    }
    if (pass == 0) baseline_render_errors = render_errors(check);
    if (pass > 0 && render_errors(check) > baseline_render_errors) {
      options.overlay = std::move(prev_overlay);
      out.originals = std::move(prev_originals);
      out.edited = std::move(prev_edited);
      out.applied -= last_applied_count;
      for (auto& r : last_applied) {
        r.reason = "a kustomization or Flux Kustomization that built before would fail to build";
        out.refused.push_back(std::move(r));
      }
      out.final = engine::run_check(options, catalog);
      return out;
    }
    std::vector<const Fix*> fixes;
    std::vector<const Finding*> owners;
    std::set<std::string> seen;
    size_t unsafe = 0;
    for (const auto& f : check.findings) {
      if (!f.fix) continue;
      if (!f.fix->safe && !unsafe_fixes) {
        ++unsafe;
        continue;
      }
      if (!seen.insert(fix_signature(*f.fix)).second) continue;
      fixes.push_back(&*f.fix);
      owners.push_back(&f);
    }
    out.unsafe_skipped = unsafe;
    if (!fixes.empty() && pass >= max_passes) {
      // Still reported after the last pass: they kept meeting other fixes.
      out.refused.clear();
      for (const Finding* f : owners)
        out.refused.push_back({f->rule, where(*f, check.analysis),
                               "not applied within " + std::to_string(max_passes) + " passes"});
    }
    if (fixes.empty() || pass >= max_passes) {
      out.final = std::move(check);
      return out;
    }
    PassResult pr = run_pass(check.analysis.files, fixes);
    out.refused.clear();
    size_t applied = 0;
    last_applied.clear();
    for (size_t i = 0; i < fixes.size(); ++i) {
      const Outcome& o = pr.outcomes[i];
      if (o.status == Outcome::Status::Applied) {
        ++applied;
        last_applied.push_back({owners[i]->rule, where(*owners[i], check.analysis), ""});
      } else if (o.status == Outcome::Status::Refused)
        out.refused.push_back({owners[i]->rule, where(*owners[i], check.analysis), o.reason});
    }
    // No progress: nothing to write, or only bytes the overlay already holds (a file the
    // check read outside the overlay, e.g. one only a render reached).
    bool progress = false;
    for (const auto& fr : pr.files) {
      auto it = options.overlay.find(fr.abs_path);
      if (it == options.overlay.end() || it->second != fr.after) progress = true;
    }
    if (!progress) {
      out.final = std::move(check);
      return out;
    }
    ++out.passes;
    prev_overlay = options.overlay;
    prev_originals = out.originals;
    prev_edited = out.edited;
    last_applied_count = applied;
    out.applied += applied;
    for (auto& fr : pr.files) {
      if (!out.originals.count(fr.abs_path))
        out.originals[fr.abs_path] = fr.file == kNoFile ? std::nullopt : std::optional<std::string>(fr.before);
      out.edited[fr.abs_path] = fr.after;
      options.overlay[fr.abs_path] = std::move(fr.after);
    }
  }
}

}  // namespace halint::fix
