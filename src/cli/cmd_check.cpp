#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/output_plan.h"
#include "config/load.h"
#include "report/report.h"

namespace halint::cli {

bool prepare_run(const std::string& config_path, engine::CheckOptions& options, std::string& fail_on,
                 const rules::Catalog& catalog) {
  std::string start = options.paths.empty() ? "." : options.paths.front();
  auto loaded = config::load_config(config_path, start, catalog);
  if (auto* err = std::get_if<config::ConfigError>(&loaded)) {
    // Each line already starts with the file (and line:col) it is about, compiler-style.
    std::cerr << err->message << '\n';
    return false;
  }
  options.config = std::get<config::Config>(std::move(loaded));
  if (fail_on.empty()) fail_on = options.config.fail_on.value_or("warning");
  std::vector<std::string> unknown;
  engine::resolve_rules(options.select, catalog, unknown);
  engine::resolve_rules(options.ignore, catalog, unknown);
  for (const auto& u : unknown) std::cerr << "halint: unknown rule \"" << u << "\" (see `halint rules`)\n";
  return unknown.empty();
}

static bool use_color(const OutputSpec& out, bool to_stdout) {
  if (out.color == "always") return true;
  if (out.color == "never") return false;
  return to_stdout && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
}

// Where the step summary goes: --step-summary FILE, else $GITHUB_STEP_SUMMARY when the
// github format is requested (SPEC §4); empty: none.
static std::string step_summary_path(const OutputSpec& out, const OutputPlan& plan) {
  if (!out.step_summary.empty()) return out.step_summary;
  bool github = std::any_of(plan.targets.begin(), plan.targets.end(), [](auto& t) { return t.format == "github"; });
  const char* env = std::getenv("GITHUB_STEP_SUMMARY");
  return github && env ? env : "";
}

static std::string env_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::optional<std::string> check_output_spec(const OutputSpec& out) {
  auto plan = plan_outputs(out.formats, out.output);
  if (auto* err = std::get_if<std::string>(&plan)) return *err;
  return std::nullopt;
}

bool emit_reports(const engine::CheckResult& result, const OutputSpec& out, const rules::Catalog& catalog,
                  report::FixPlanner plan_fix) {
  report::ReportInput in{result.findings, result.summary, result.analysis, catalog, std::move(plan_fix)};
  auto planned = plan_outputs(out.formats, out.output);
  if (auto* err = std::get_if<std::string>(&planned)) {
    std::cerr << "halint: " << *err << '\n';
    return false;
  }
  const OutputPlan& plan = std::get<OutputPlan>(planned);
  for (const auto& target : plan.targets) {
    std::ofstream file;
    if (!target.file.empty()) {
      file.open(target.file, std::ios::binary | std::ios::trunc);
      if (!file) {
        std::cerr << "halint: cannot write " << target.file << '\n';
        return false;
      }
    }
    std::ostream& os = target.file.empty() ? std::cout : static_cast<std::ostream&>(file);
    const std::string& fmt = target.format;
    if (fmt == "json") report::write_json(in, os);
    else if (fmt == "sarif") report::write_sarif(in, os);
    else if (fmt == "github") report::write_github(in, os);
    else report::write_text(in, os, {use_color(out, target.file.empty()), out.quiet});
    os.flush();
    if (!os) {
      std::cerr << "halint: cannot write " << (target.file.empty() ? "to stdout" : target.file) << '\n';
      return false;
    }
  }
  if (std::string path = step_summary_path(out, plan); !path.empty()) {
    // Appended: every step of a job shares the file, as the runner documents.
    std::ofstream summary(path, std::ios::binary | std::ios::app);
    report::SummaryLinks links{env_or_empty("GITHUB_SERVER_URL"), env_or_empty("GITHUB_REPOSITORY"),
                               env_or_empty("GITHUB_SHA")};
    if (summary) report::write_step_summary(in, summary, links);
    if (!summary) {
      std::cerr << "halint: cannot write the step summary to " << path << '\n';
      return false;
    }
  }
  return true;
}

int cmd_check(CheckArgs args, const rules::Catalog& catalog) {
  // A bad combination of formats is a usage error before any work is done.
  if (auto err = check_output_spec(args.out)) {
    std::cerr << "halint: " << *err << '\n';
    return 2;
  }
  if (!prepare_run(args.config_path, args.options, args.fail_on, catalog)) return 2;
  // Left to the operating system at exit, on purpose: freeing a repository's trees node
  // by node was a tenth of a check's time (SPEC §9), and nothing runs after this.
  engine::CheckResult& result = *new engine::CheckResult(engine::run_check(args.options, catalog));
  for (const auto& e : result.errors) std::cerr << "halint: " << e << '\n';
  // Suppression problems (unknown rule in an ignore, unused ignores): compiler-style lines.
  for (const auto& w : result.warnings) std::cerr << w << '\n';
  // SARIF carries the fix engine's edits as `fixes`.
  if (!emit_reports(result, args.out, catalog, fix_planner())) return 2;
  if (!result.errors.empty()) return 2;
  int code = engine::exit_code_for(result.findings, args.fail_on);
  // --report-unused-ignores is a lint of the suppressions themselves: it fails the run.
  if (result.unused_suppressions > 0) code = std::max(code, 1);
  return code;
}

}  // namespace halint::cli
