// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, rule metadata
// from the catalog, real regions, stable partialFingerprints, fixes when the fix engine
// gives byte edits.
#include <map>

#include "core/json.h"
#include "report/fingerprint.h"
#include "report/report.h"

namespace halint::report {
namespace {

constexpr const char* kSrcRoot = "%SRCROOT%";
constexpr const char* kFingerprintKey = "halint/v1";

const char* sarif_level(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "note";
  }
  return "warning";
}

// SARIF viewers show messages as sentences (the validator asks for the final period).
std::string sentence(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.pop_back();
  if (!s.empty() && s.back() != '.' && s.back() != '!' && s.back() != '?') s += '.';
  return s;
}

std::string help_text(const rules::RuleMeta& r) {
  std::string t = sentence(r.summary) + "\n\n" + r.rationale;
  if (!r.example_bad.empty()) t += "\nFlagged:\n\n" + r.example_bad;
  if (!r.example_good.empty()) t += "\nPasses:\n\n" + r.example_good;
  if (r.fix_safety == "safe" || r.fix_safety == "unsafe")
    t += "\nFix (" + r.fix_safety + ", `halint fix" + (r.fix_safety == "unsafe" ? " --unsafe-fixes" : "") + "`): " +
         r.fix_description;
  for (const auto& ref : r.references) t += "\n" + ref.title + ": " + ref.url;
  t += "\n\nMore: halint explain " + r.code + "\n";
  return t;
}

std::string help_markdown(const rules::RuleMeta& r) {
  std::string m = "**" + sentence(r.summary) + "**\n\n" + r.rationale;
  if (!r.example_bad.empty()) m += "\n#### Flagged\n\n```yaml\n" + r.example_bad + "```\n";
  if (!r.example_good.empty()) m += "\n#### Passes\n\n```yaml\n" + r.example_good + "```\n";
  if (r.fix_safety == "safe" || r.fix_safety == "unsafe")
    m += "\n#### Fix (" + r.fix_safety + ")\n\n`halint fix" + std::string(r.fix_safety == "unsafe" ? " --unsafe-fixes" : "") +
         "`: " + r.fix_description;
  if (!r.references.empty()) {
    m += "\n#### References\n\n";
    for (const auto& ref : r.references) m += "- [" + ref.title + "](" + ref.url + ")\n";
  }
  m += "\nRun `halint explain " + r.code + "` for the full explanation.\n";
  return m;
}

void write_rule(json::Writer& w, const rules::RuleMeta& r) {
  w.begin_object();
  w.field("id", r.code);
  w.field("name", r.name);
  w.key("shortDescription").begin_object().field("text", sentence(r.summary)).end_object();
  w.key("fullDescription").begin_object().field("text", r.rationale.empty() ? sentence(r.summary) : r.rationale).end_object();
  w.key("help").begin_object().field("text", help_text(r)).field("markdown", help_markdown(r)).end_object();
  w.field("helpUri", r.help_uri());
  w.key("defaultConfiguration").begin_object().field("level", sarif_level(r.severity)).end_object();
  // GitHub code scanning reads tags and precision from here.
  w.key("properties").begin_object();
  w.key("tags").begin_array().value("reliability").value("kubernetes").value("high-availability").end_array();
  w.field("precision", "high");
  w.end_object();
  w.end_object();
}

// Files are addressed relative to the repository root through %SRCROOT%, so the SARIF
// means the same on the CI machine and on the code scanning server.
struct ArtifactTable {
  const Analysis& a;
  std::map<FileId, size_t> index;
  std::vector<FileId> order;

  size_t add(FileId id) {
    auto [it, inserted] = index.emplace(id, order.size());
    if (inserted) order.push_back(id);
    return it->second;
  }
  bool in_root(FileId id) const { return repo_relative_path(a.files[id], a) != a.files[id].abs_path; }
  void write_location(json::Writer& w, FileId id) {
    size_t i = add(id);
    w.begin_object();
    if (in_root(id)) {
      w.field("uri", uri_encode_path(repo_relative_path(a.files[id], a)));
      w.field("uriBaseId", kSrcRoot);
    } else {
      w.field("uri", "file://" + uri_encode_path(a.files[id].abs_path));
    }
    w.field("index", i);
    w.end_object();
  }
};

void write_region(json::Writer& w, const SourceFile& file, Span span) {
  LineCol b = file.locate(span.begin), e = file.locate(std::max(span.begin, span.end));
  w.begin_object();
  w.field("startLine", b.line).field("startColumn", b.column);
  w.field("endLine", e.line).field("endColumn", e.column);
  w.end_object();
}

// Regions longer than this (a whole object) get no snippet: viewers show the file anyway
// and the log would carry the repository twice.
constexpr uint32_t kMaxSnippetLines = 20;
constexpr uint32_t kContextLines = 2;

// The result's region with its snippet, and a contextRegion of whole lines around it, so
// a viewer without the checkout still shows the code.
void write_result_regions(json::Writer& w, const SourceFile& file, Span span) {
  uint32_t end_offset = std::max(span.begin, span.end);
  LineCol b = file.locate(span.begin), e = file.locate(end_offset);
  bool small = e.line - b.line < kMaxSnippetLines && end_offset <= file.text.size();
  w.key("region").begin_object();
  w.field("startLine", b.line).field("startColumn", b.column);
  w.field("endLine", e.line).field("endColumn", e.column);
  if (small && end_offset > span.begin)
    w.key("snippet").begin_object().field("text", file.text.substr(span.begin, end_offset - span.begin)).end_object();
  w.end_object();
  if (!small) return;
  uint32_t first = b.line > kContextLines ? b.line - kContextLines : 1;
  uint32_t last = std::min(e.line + kContextLines, file.lines().line_count());
  // A region ending at column 1 ends before that line: no need to show it.
  uint32_t from = file.lines().line_start(first);
  uint32_t to = last < file.lines().line_count() ? file.lines().line_start(last + 1) : static_cast<uint32_t>(file.text.size());
  if (to <= from) return;
  w.key("contextRegion").begin_object();
  w.field("startLine", first).field("endLine", last);
  w.key("snippet").begin_object().field("text", file.text.substr(from, to - from)).end_object();
  w.end_object();
}

void write_fixes(json::Writer& w, const Finding& f, const std::vector<TextEdit>& edits, ArtifactTable& artifacts) {
  // One artifactChange per file, replacements in file order as SARIF requires.
  std::map<FileId, std::vector<const TextEdit*>> by_file;
  for (const auto& e : edits)
    if (e.file < artifacts.a.files.size()) by_file[e.file].push_back(&e);
  if (by_file.empty()) return;
  w.key("fixes").begin_array().begin_object();
  w.key("description").begin_object().field("text", sentence(f.fix->description)).end_object();
  w.key("artifactChanges").begin_array();
  for (auto& [file, list] : by_file) {
    std::stable_sort(list.begin(), list.end(),
                     [](const TextEdit* x, const TextEdit* y) { return x->span.begin < y->span.begin; });
    w.begin_object();
    w.key("artifactLocation");
    artifacts.write_location(w, file);
    w.key("replacements").begin_array();
    for (const TextEdit* e : list) {
      w.begin_object();
      w.key("deletedRegion");
      write_region(w, artifacts.a.files[file], e->span);
      if (!e->replacement.empty()) w.key("insertedContent").begin_object().field("text", e->replacement).end_object();
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object().end_array();
}

}  // namespace

void write_sarif(const ReportInput& in, std::ostream& out) {
  const Analysis& a = in.analysis;
  json::Writer w(out);
  w.begin_object();
  w.field("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  w.field("version", "2.1.0");
  w.key("runs").begin_array().begin_object();

  std::map<std::string, size_t> rule_index;
  w.key("tool").begin_object().key("driver").begin_object();
  w.field("name", "halint");
  w.field("version", HALINT_VERSION).field("semanticVersion", HALINT_VERSION);
  w.field("informationUri", "https://halint.io");
  w.key("rules").begin_array();
  for (const auto& r : in.catalog.rules()) {
    rule_index.emplace(r.code, rule_index.size());
    write_rule(w, r);
  }
  w.end_array();
  w.end_object().end_object();

  std::string root = a.repository_root;
  if (!root.empty() && root.back() != '/') root += '/';
  if (!root.empty()) {
    w.key("originalUriBaseIds").begin_object().key(kSrcRoot).begin_object();
    w.field("uri", "file://" + uri_encode_path(root));
    w.end_object().end_object();
  }
  w.field("columnKind", "unicodeCodePoints");

  ArtifactTable artifacts{a, {}, {}};
  std::map<std::string, int> seen;  // fingerprint -> occurrences so far
  w.key("results").begin_array();
  for (const Finding& f : in.findings) {
    w.begin_object();
    w.field("ruleId", f.rule);
    if (auto it = rule_index.find(f.rule); it != rule_index.end()) w.field("ruleIndex", it->second);
    w.field("level", sarif_level(f.severity));
    w.key("message").begin_object().field("text", sentence(f.message)).end_object();
    if (f.location.known() && f.location.file < a.files.size()) {
      const SourceFile& file = a.files[f.location.file];
      w.key("locations").begin_array().begin_object().key("physicalLocation").begin_object();
      w.key("artifactLocation");
      artifacts.write_location(w, f.location.file);
      write_result_regions(w, file, f.location.span);
      w.end_object().end_object().end_array();

      // Identical findings in one file (same rule, object and line text) are told apart
      // by their order, as GitHub does for its own line hashes.
      LineCol start = file.locate(f.location.span.begin);
      std::string fp = finding_fingerprint(f, repo_relative_path(file, a), file.lines().line_text(file.text, start.line));
      int n = ++seen[fp];
      w.key("partialFingerprints").begin_object().field(kFingerprintKey, fp + ":" + std::to_string(n)).end_object();
    }
    if (f.fix && in.plan_fix) write_fixes(w, f, in.plan_fix(f, a), artifacts);
    w.key("properties").begin_object();
    w.key("via").begin_array();
    for (const auto& v : f.via) w.value(v);
    w.end_array();
    if (f.resource) {
      w.key("resource").begin_object();
      w.field("apiVersion", f.resource->api_version).field("kind", f.resource->kind);
      if (!f.resource->name_space.empty()) w.field("namespace", f.resource->name_space);
      w.field("name", f.resource->name);
      w.end_object();
    }
    if (f.fix) w.field("fixSafety", f.fix->safe ? "safe" : "unsafe");
    w.end_object();
    w.end_object();
  }
  w.end_array();

  w.key("artifacts").begin_array();
  for (FileId id : artifacts.order) {
    w.begin_object().key("location").begin_object();
    if (artifacts.in_root(id)) {
      w.field("uri", uri_encode_path(repo_relative_path(a.files[id], a))).field("uriBaseId", kSrcRoot);
    } else {
      w.field("uri", "file://" + uri_encode_path(a.files[id].abs_path));
    }
    w.end_object();
    w.field("mimeType", "application/yaml");
    w.end_object();
  }
  w.end_array();

  w.end_object().end_array();
  w.end_object();
  out << '\n';
}

}  // namespace halint::report
