#pragma once
// One function per subcommand; app.cpp parses flags into these option structs.
#include <optional>
#include <string>
#include <vector>

#include "engine/check.h"
#include "report/report.h"
#include "rules/catalog.h"

namespace halint::cli {

struct OutputSpec {
  std::vector<std::string> formats{"text"};  // text | json | sarif | github
  std::string output;                        // --output FILE ("" = stdout); see output_plan.h
  std::string step_summary;                  // --step-summary FILE (Markdown, appended)
  std::string color = "auto";
  bool quiet = false;
};

struct CheckArgs {
  engine::CheckOptions options;
  OutputSpec out;
  std::string config_path;
  std::string fail_on;  // empty: config or "warning"
};

struct FixArgs {
  engine::CheckOptions options;
  std::string config_path;
  bool diff = false;
  bool unsafe_fixes = false;
  std::string fail_on;
  OutputSpec out;
};

int cmd_check(CheckArgs args, const rules::Catalog& catalog);
int cmd_fix(FixArgs args, const rules::Catalog& catalog);
int cmd_render(const std::string& path, bool origin, bool helm, const rules::Catalog& catalog);
int cmd_rules(const std::string& format, const rules::Catalog& catalog);
int cmd_explain(const std::string& rule, const rules::Catalog& catalog);
int cmd_charts(const std::string& format, const std::string& config_path, const rules::Catalog& catalog);

// What check and fix do before any work: load and validate the config into options
// (fail_on defaults from it) and reject unknown rules in --select/--ignore. Prints the
// problem and returns false: the caller exits 2.
bool prepare_run(const std::string& config_path, engine::CheckOptions& options, std::string& fail_on,
                 const rules::Catalog& catalog);
// The fix engine's verified byte edits for a finding's fix, for SARIF `fixes`.
report::FixPlanner fix_planner();
// A usage error in the requested formats/--output, if any (see output_plan.h).
std::optional<std::string> check_output_spec(const OutputSpec& out);
// Writes the report in every requested format, and the step summary. Returns false on an
// I/O error. plan_fix: the fix engine's byte edits for SARIF `fixes` (unset: none).
bool emit_reports(const engine::CheckResult& result, const OutputSpec& out, const rules::Catalog& catalog,
                  report::FixPlanner plan_fix = {});

}  // namespace halint::cli
