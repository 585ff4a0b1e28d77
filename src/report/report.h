#pragma once
// Reporters turn findings into text, JSON, SARIF or GitHub workflow commands. They read
// rule metadata from the catalog and never know a rule's logic.
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "core/analysis.h"
#include "engine/check.h"
#include "rules/catalog.h"

namespace halint::report {

// One byte-level replacement on the original bytes of a file: what the fix engine makes
// of a Fix's tree edits. SARIF `fixes` need these; the other formats only describe fixes.
struct TextEdit {
  FileId file = kNoFile;
  Span span;                // bytes replaced ([begin, begin) for an insertion)
  std::string replacement;  // new bytes
};
// Turns a finding's fix into text edits; returns nothing when it cannot. cli::fix_planner()
// is the fix engine's; reporters never depend on the engine itself.
using FixPlanner = std::function<std::vector<TextEdit>(const Finding&, const Analysis&)>;

struct ReportInput {
  const std::vector<Finding>& findings;
  const engine::Summary& summary;
  const Analysis& analysis;
  const rules::Catalog& catalog;
  // Unset, or empty for a finding: SARIF omits its `fixes` (a SARIF fix must carry
  // artifactChanges, so a description alone would not validate).
  FixPlanner plan_fix = {};
};

// Where a finding is, 1-based, for every format.
struct Location {
  std::string path;  // empty when the finding has no file
  LineCol start, end;
};
Location locate(const Finding& f, const Analysis& a);

// A path relative to the repository root ('/'-separated) when the file is inside it, else
// the absolute path. SARIF and GitHub annotations address files this way, whatever the
// working directory.
std::string repo_relative_path(const SourceFile& file, const Analysis& a);
// Percent-encodes a path for a URI (RFC 3986 unreserved characters and '/' kept).
std::string uri_encode_path(std::string_view path);

struct TextOptions {
  bool color = false;
  bool quiet = false;  // findings only, no source excerpt, no summary
};
void write_text(const ReportInput& in, std::ostream& out, const TextOptions& opt);
void write_json(const ReportInput& in, std::ostream& out);
void write_sarif(const ReportInput& in, std::ostream& out);

// GitHub Actions workflow commands (::error file=...::message), one per finding.
void write_github(const ReportInput& in, std::ostream& out);

// Where the Markdown step summary links to: blob URLs need the server, repository and
// commit ($GITHUB_SERVER_URL, $GITHUB_REPOSITORY, $GITHUB_SHA); empty fields: no links.
struct SummaryLinks {
  std::string server_url;
  std::string repository;
  std::string sha;
};
// The Markdown step summary: counts by rule, then the top findings.
void write_step_summary(const ReportInput& in, std::ostream& out, const SummaryLinks& links);

// The one-line summary ("3 errors, 2 warnings, 1 info in 12 files (..., 4 fixable with
// `halint fix` (+1 with `--unsafe-fixes`))").
std::string summary_line(const engine::Summary& s);

}  // namespace halint::report
