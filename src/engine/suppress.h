#pragma once
// The suppression stage of the pipeline (SPEC §6), after severities: removes findings that
// a `# halint:ignore` comment, a `# halint:ignore-file` comment or a `halint.io/ignore`
// annotation silences, and reports suppressions that name an unknown rule (always) or
// silence nothing (with --report-unused-ignores).
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "core/analysis.h"
#include "rules/catalog.h"

namespace halint::engine {

struct SuppressOptions {
  bool report_unused = false;
  // Whether a rule ran in this run: an ignore for a rule that did not run (--select,
  // --ignore, `off` in the config) is not "unused", it just had nothing to do.
  std::function<bool(const std::string& code)> rule_ran;
  // Absolute paths of the files the user named (pre-commit): warnings about suppressions
  // elsewhere are not theirs to act on. Empty: every file.
  const std::set<std::string>* shown_files = nullptr;
};

struct SuppressResult {
  // "path:line:col: warning: unknown rule \"HA999\" in halint:ignore",
  // "path:line:col: warning: unused suppression \"HA101\"", in file order.
  std::vector<std::string> warnings;
  size_t suppressed = 0;  // findings removed
  size_t unused = 0;      // unused suppressions reported (0 unless report_unused)
};

SuppressResult apply_suppressions(std::vector<Finding>& findings, const Analysis& a, const rules::Catalog& catalog,
                                  const SuppressOptions& options);

}  // namespace halint::engine
