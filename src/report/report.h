#pragma once
// Reporters turn findings into text, JSON, SARIF or GitHub workflow commands. They read
// rule metadata from the catalog and never know a rule's logic.
#include <ostream>
#include <string>
#include <vector>

#include "core/analysis.h"
#include "engine/check.h"
#include "rules/catalog.h"

namespace halint::report {

struct ReportInput {
  const std::vector<Finding>& findings;
  const engine::Summary& summary;
  const Analysis& analysis;
  const rules::Catalog& catalog;
};

// Where a finding is, 1-based, for every format.
struct Location {
  std::string path;  // empty when the finding has no file
  LineCol start, end;
};
Location locate(const Finding& f, const Analysis& a);

struct TextOptions {
  bool color = false;
  bool quiet = false;  // findings only, no source excerpt, no summary
};
void write_text(const ReportInput& in, std::ostream& out, const TextOptions& opt);
void write_json(const ReportInput& in, std::ostream& out);

// The one-line summary ("3 errors, 2 warnings, 1 info in 12 files (4 fixable)").
std::string summary_line(const engine::Summary& s);

}  // namespace halint::report
