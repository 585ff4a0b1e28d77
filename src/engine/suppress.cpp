#include "engine/suppress.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "engine/suppress_scan.h"

namespace halint::engine {

namespace {

bool same_resource(const ResourceRef& a, const ResourceRef& b) {
  return a.kind == b.kind && a.name == b.name && a.name_space == b.name_space;
}

bool covers(const Suppression& s, const Finding& f, uint32_t line) {
  switch (s.scope) {
    case Suppression::Scope::Annotation:
      return f.resource && same_resource(*f.resource, s.resource);
    case Suppression::Scope::File:
      return f.location.file == s.file;
    case Suppression::Scope::Line:
      return f.location.file == s.file && line == s.line;
    case Suppression::Scope::Object:
      return f.location.file == s.file && s.span.begin <= f.location.span.begin &&
             f.location.span.begin < s.span.end;
  }
  return false;
}

// Where a token is written, as the same string for every rendered copy of it.
using TokenKey = std::tuple<FileId, uint32_t, std::string>;
TokenKey key_of(const RuleToken& t) { return {t.at.file, t.at.span.begin, t.text}; }

}  // namespace

SuppressResult apply_suppressions(std::vector<Finding>& findings, const Analysis& a, const rules::Catalog& catalog,
                                  const SuppressOptions& options) {
  SuppressResult result;
  std::vector<Suppression> sups;
  std::vector<ScanProblem> problems;
  for (FileId id = 0; id < a.files.size(); ++id) scan_comments(a.files[id], id, catalog, sups, problems);
  scan_annotations(a, catalog, sups);

  // Matching: a finding goes when any suppression covering it names its rule (or all).
  // Only the suppressions of the finding's file, or of its resource, can cover it: found
  // by those keys, so that matching grows with the findings, not findings x suppressions.
  std::unordered_map<FileId, std::vector<const Suppression*>> by_file;
  std::map<std::tuple<std::string_view, std::string_view, std::string_view>, std::vector<const Suppression*>>
      by_resource;
  for (const auto& s : sups) {
    if (s.scope == Suppression::Scope::Annotation)
      by_resource[{s.resource.kind, s.resource.name, s.resource.name_space}].push_back(&s);
    else
      by_file[s.file].push_back(&s);
  }
  std::set<TokenKey> used;
  std::vector<Finding> kept;
  kept.reserve(findings.size());
  for (auto& f : findings) {
    uint32_t line = 0;
    bool suppressed = false;
    auto try_all = [&](const std::vector<const Suppression*>& candidates) {
      for (const Suppression* s : candidates) {
        if (!covers(*s, f, line)) continue;
        for (const auto& t : s->rules)
          if (t.code == "*" || t.code == f.rule) {
            used.insert(key_of(t));
            suppressed = true;
          }
      }
    };
    if (f.location.known())
      if (auto it = by_file.find(f.location.file); it != by_file.end()) {
        line = a.files[f.location.file].locate(f.location.span.begin).line;
        try_all(it->second);
      }
    if (f.resource)
      if (auto it = by_resource.find({f.resource->kind, f.resource->name, f.resource->name_space});
          it != by_resource.end())
        try_all(it->second);
    if (suppressed) ++result.suppressed;
    else kept.push_back(std::move(f));
  }
  findings = std::move(kept);

  // Diagnostics, once per written token, sorted by place.
  auto shown = [&](FileId file) {
    if (file == kNoFile || file >= a.files.size()) return false;
    return !options.shown_files || options.shown_files->empty() ||
           options.shown_files->count(a.files[file].abs_path) > 0;
  };
  std::map<std::tuple<std::string, uint32_t, std::string>, std::string> out;  // (path, offset, text) -> line
  auto emit = [&](const Origin& at, const std::string& what) {
    const SourceFile& file = a.files[at.file];
    LineCol lc = file.locate(at.span.begin);
    out.emplace(std::make_tuple(file.path, at.span.begin, what),
                file.path + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column) + ": warning: " + what);
  };
  for (const auto& p : problems)
    if (shown(p.at.file)) emit(p.at, p.message);
  std::set<TokenKey> reported;
  for (const auto& s : sups) {
    for (const auto& t : s.rules) {
      if (!shown(t.at.file) || !reported.insert(key_of(t)).second) continue;
      if (t.code.empty()) {
        // A typo must not look like a working suppression.
        emit(t.at, "unknown rule \"" + t.text + "\" in " + s.directive);
        continue;
      }
      if (!options.report_unused || used.count(key_of(t))) continue;
      bool ran = t.code == "*" ? true : (!options.rule_ran || options.rule_ran(t.code));
      if (!ran) continue;
      emit(t.at, "unused suppression \"" + t.text + "\"");
      ++result.unused;
    }
  }
  for (auto& [k, line] : out) result.warnings.push_back(std::move(line));
  return result;
}

}  // namespace halint::engine
