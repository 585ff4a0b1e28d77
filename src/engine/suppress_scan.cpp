#include "engine/suppress_scan.h"

#include <string.h>

#include <algorithm>
#include <set>
#include <tuple>

namespace halint::engine {

namespace {

constexpr std::string_view kAnnotation = "halint.io/ignore";

bool is_blank(char c) { return c == ' ' || c == '\t'; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// True when `offset` lies inside a scalar written in the file (a block scalar, a quoted
// string): a `#` there is text, not a comment.
bool inside_scalar(const yaml::Node& n, FileId id, uint32_t offset) {
  if (n.is_scalar())
    return n.origin().file == id && !n.has_flag(yaml::kFromAlias) && n.origin().span.begin <= offset &&
           offset < n.origin().span.end;
  for (const auto& k : n.children())
    if (inside_scalar(k, id, offset)) return true;
  return false;
}

// Line of a 1-based line's content, without the line break.
std::string_view line_at(const SourceFile& f, uint32_t line) { return f.lines().line_text(f.text, line); }

bool comment_only(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && is_blank(s[i])) ++i;
  return i < s.size() && s[i] == '#';
}

// The object scope an own-line comment above `line` selects, if `line` is the first line
// of a document (its `---`, or its first key) or of an item of a `kind: List`.
std::optional<Span> object_starting_at(const SourceFile& f, uint32_t line) {
  for (const auto& doc : f.documents) {
    if (!doc.has_content) continue;
    uint32_t first = f.locate(doc.span.begin).line;
    uint32_t first_key = f.locate(doc.root.origin().span.begin).line;
    if (line == first || line == first_key) return doc.span;
    const yaml::Node* kind = doc.root.get("kind");
    const yaml::Node* items = doc.root.get("items");
    if (kind && kind->str().ends_with("List") && items && items->is_seq())
      for (const auto& item : items->items())
        if (item.is_map() && f.locate(item.origin().span.begin).line == line) return item.origin().span;
  }
  return std::nullopt;
}

}  // namespace

std::vector<RuleToken> parse_rule_list(std::string_view text, Origin base, const rules::Catalog& catalog) {
  std::vector<RuleToken> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (is_blank(text[i]) || text[i] == ',')) ++i;
    size_t start = i;
    while (i < text.size() && !is_blank(text[i]) && text[i] != ',') ++i;
    if (i == start) break;
    RuleToken t;
    t.text = std::string(text.substr(start, i - start));
    t.at = base;
    t.at.span = {static_cast<uint32_t>(base.span.begin + start), static_cast<uint32_t>(base.span.begin + i)};
    if (iequals(t.text, "all")) t.code = "*";
    else if (const auto* meta = catalog.find(t.text)) t.code = meta->code;
    out.push_back(std::move(t));
  }
  return out;
}

void scan_comments(const SourceFile& f, FileId id, const rules::Catalog& catalog, std::vector<Suppression>& out,
                   std::vector<ScanProblem>& problems) {
  constexpr std::string_view kMarker = "halint:ignore";
  if (!f.facts.halint_bytes) return;  // known when the file was read: no second pass over its bytes
  std::string_view text = f.text;
  // memmem (two-way search) rather than string_view::find, which stops at every 'h':
  // this runs over every byte of the repository.
  auto next = [&](size_t from) -> size_t {
    if (from >= text.size()) return std::string_view::npos;
    const void* hit = ::memmem(text.data() + from, text.size() - from, kMarker.data(), kMarker.size());
    return hit ? static_cast<size_t>(static_cast<const char*>(hit) - text.data()) : std::string_view::npos;
  };
  for (size_t pos = next(0); pos != std::string_view::npos; pos = next(pos + 1)) {
    // Only `# halint:...` (spaces allowed after the hash) at a comment start counts.
    size_t hash = pos;
    while (hash > 0 && is_blank(text[hash - 1])) --hash;
    if (hash == 0 || text[hash - 1] != '#') continue;
    --hash;
    if (hash > 0 && !is_blank(text[hash - 1]) && text[hash - 1] != '\n' && text[hash - 1] != '\r') continue;
    bool in_scalar = false;
    for (const auto& doc : f.documents) in_scalar = in_scalar || inside_scalar(doc.root, id, static_cast<uint32_t>(hash));
    if (in_scalar) continue;

    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view rest = text.substr(pos + kMarker.size(), eol - pos - kMarker.size());
    if (!rest.empty() && rest.back() == '\r') rest.remove_suffix(1);
    Suppression s;
    size_t args = pos + kMarker.size();
    if (rest.starts_with("-file")) {
      s.directive = "halint:ignore-file";
      s.scope = Suppression::Scope::File;
      rest.remove_prefix(5);
      args += 5;
    } else {
      s.directive = "halint:ignore";
    }
    if (!rest.empty() && !is_blank(rest[0])) {
      // "halint:ignore-line", "halint:ignored": a typo must not look like it worked.
      size_t end = 0;
      while (end < rest.size() && !is_blank(rest[end])) ++end;
      Origin at{id, {static_cast<uint32_t>(pos), static_cast<uint32_t>(args + end)}};
      problems.push_back({at, "unknown directive \"" + std::string(text.substr(pos, args + end - pos)) +
                                  "\" (expected halint:ignore or halint:ignore-file)"});
      continue;
    }
    // The reason after " -- " is for humans.
    size_t dashes = rest.find("--");
    std::string_view list = rest.substr(0, dashes);
    s.rules = parse_rule_list(list, Origin{id, {static_cast<uint32_t>(args), static_cast<uint32_t>(args)}}, catalog);
    s.file = id;
    if (s.rules.empty()) {
      // A bare `# halint:ignore` silences every rule there, like ruff's bare `# noqa`.
      RuleToken all;
      all.text = "all";
      all.code = "*";
      all.at = Origin{id, {static_cast<uint32_t>(hash), static_cast<uint32_t>(pos + kMarker.size())}};
      s.rules.push_back(all);
    }
    if (s.scope == Suppression::Scope::File) {
      out.push_back(std::move(s));
      continue;
    }
    uint32_t line = f.locate(static_cast<uint32_t>(hash)).line;
    uint32_t line_begin = f.lines().line_start(line);
    std::string_view before = text.substr(line_begin, hash - line_begin);
    bool own_line = std::all_of(before.begin(), before.end(), is_blank);
    if (own_line) {
      // Applies to the next line that is not itself a comment (directives may stack).
      uint32_t target = line + 1;
      while (target <= f.lines().line_count() && comment_only(line_at(f, target))) ++target;
      if (auto obj = object_starting_at(f, target)) {
        s.scope = Suppression::Scope::Object;
        s.span = *obj;
      } else {
        s.scope = Suppression::Scope::Line;
        s.line = target;
      }
    } else {
      // Trailing: that line; on a `---` line nothing is ever located, so it means the document.
      std::string_view content = line_at(f, line);
      size_t i = 0;
      while (i < content.size() && is_blank(content[i])) ++i;
      auto obj = content.substr(i).starts_with("---") ? object_starting_at(f, line) : std::nullopt;
      if (obj) {
        s.scope = Suppression::Scope::Object;
        s.span = *obj;
      } else {
        s.scope = Suppression::Scope::Line;
        s.line = line;
      }
    }
    out.push_back(std::move(s));
  }
}

namespace {

// Kinds whose pod template (spec.template) may carry the annotation.
bool has_pod_template(const std::string& kind) {
  return kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" || kind == "ReplicaSet" ||
         kind == "Job" || kind == "ReplicationController" || kind == "PodTemplate";
}

}  // namespace

void scan_annotations(const Analysis& a, const rules::Catalog& catalog, std::vector<Suppression>& out) {
  // No file can spell the annotation: no object carries it (known from the bytes read).
  bool any = false;
  for (FileId i = 0; i < a.files.size() && !any; ++i) any = a.files[i].facts.halint;
  if (!any) return;
  std::set<std::tuple<std::string, std::string, std::string, FileId, uint32_t>> seen;
  for (const auto& obj : a.objects) {
    const yaml::Node& root = obj.root();
    // The object's own annotations, and its pod template's (Deployment/StatefulSet/
    // DaemonSet/Job, and CronJob's job template): only where the kind has one, so that
    // a pass over every object reads little of each.
    // An object modelled from a HelmRelease's chart is silenced by the HelmRelease's
    // annotation too: that is where its author writes.
    const yaml::Node* release_annotations =
        obj.helm && obj.helm->release < a.objects.size() ? a.objects[obj.helm->release].annotations() : nullptr;
    const yaml::Node* places[] = {
        obj.annotations_node(),
        has_pod_template(obj.kind) ? root.path({"spec", "template", "metadata", "annotations"}) : nullptr,
        obj.kind == "CronJob" ? root.path({"spec", "jobTemplate", "spec", "template", "metadata", "annotations"})
                              : nullptr,
        release_annotations,
    };
    for (const yaml::Node* ann : places) {
      if (!ann || !ann->is_map()) continue;
      if (ann->has_flag(yaml::kVerbatim) && ann->origin().file < a.files.size() &&
          !a.files[ann->origin().file].facts.halint)
        continue;
      const yaml::Node* value = ann->get(kAnnotation);
      if (!value || !value->is_scalar()) continue;
      Origin o = value->origin();
      if (!o.known()) o = Origin{obj.file, {}};
      if (!seen.emplace(obj.kind, obj.name_space, obj.name, o.file, o.span.begin).second) continue;
      Suppression s;
      s.scope = Suppression::Scope::Annotation;
      s.directive = std::string(kAnnotation);
      s.resource = obj.ref();
      s.file = o.file;
      // Token offsets are exact for a one-line plain or quoted scalar (the usual form).
      Origin base = o;
      bool quoted = value->style() == yaml::Style::SingleQuoted || value->style() == yaml::Style::DoubleQuoted;
      bool exact = value->origin().known() && (value->style() == yaml::Style::Plain || quoted) &&
                   value->origin().span.end - value->origin().span.begin == value->str().size() + (quoted ? 2 : 0);
      base.span.begin = exact ? o.span.begin + (quoted ? 1 : 0) : o.span.begin;
      s.rules = parse_rule_list(value->str(), base, catalog);
      if (!exact)
        for (auto& t : s.rules) t.at = o;
      if (s.rules.empty()) continue;  // an empty annotation says nothing
      out.push_back(std::move(s));
    }
  }
}

}  // namespace halint::engine
