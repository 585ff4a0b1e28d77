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

LoopResult fix_loop(engine::CheckOptions options, const rules::Catalog& catalog, bool unsafe_fixes, size_t max_passes) {
  LoopResult out;
  for (size_t pass = 0;; ++pass) {
    engine::CheckResult check = engine::run_check(options, catalog);
    if (pass == 0 && !check.errors.empty()) {
      out.errors = check.errors;
      out.final = std::move(check);
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
    if (fixes.empty() || pass >= max_passes) {
      out.final = std::move(check);
      return out;
    }
    PassResult pr = run_pass(check.analysis.files, fixes);
    out.refused.clear();
    size_t applied = 0;
    for (size_t i = 0; i < fixes.size(); ++i) {
      const Outcome& o = pr.outcomes[i];
      if (o.status == Outcome::Status::Applied) ++applied;
      else if (o.status == Outcome::Status::Refused)
        out.refused.push_back({owners[i]->rule, where(*owners[i], check.analysis), o.reason});
    }
    if (pr.files.empty()) {
      out.final = std::move(check);
      return out;
    }
    ++out.passes;
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
