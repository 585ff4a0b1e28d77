#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "config/load.h"
#include "report/report.h"

namespace halint::cli {

bool apply_config(const std::string& config_path, engine::CheckOptions& options, std::string& fail_on,
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
  return true;
}

bool apply_config(const std::string& config_path, engine::CheckOptions& options, std::string& fail_on) {
  return apply_config(config_path, options, fail_on, rules::Catalog::load());
}

static bool use_color(const OutputSpec& out, bool to_stdout) {
  if (out.color == "always") return true;
  if (out.color == "never") return false;
  return to_stdout && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
}

bool emit_reports(const engine::CheckResult& result, const OutputSpec& out, const rules::Catalog& catalog) {
  report::ReportInput in{result.findings, result.summary, result.analysis, catalog};
  // The first machine format goes to --output when given; text always goes to stdout
  // unless it is the only format and --output is set.
  bool output_used = false;
  for (const auto& fmt : out.formats) {
    bool to_file = !out.output.empty() && !output_used && (fmt != "text" || out.formats.size() == 1);
    std::ofstream file;
    if (to_file) {
      file.open(out.output, std::ios::binary | std::ios::trunc);
      if (!file) {
        std::cerr << "halint: cannot write " << out.output << '\n';
        return false;
      }
      output_used = true;
    }
    std::ostream& os = to_file ? static_cast<std::ostream&>(file) : std::cout;
    if (fmt == "json") {
      report::write_json(in, os);
    } else if (fmt == "text") {
      report::write_text(in, os, {use_color(out, !to_file), out.quiet});
    } else {
      std::cerr << "halint: format " << fmt << " is not available in this build\n";
      return false;
    }
  }
  return true;
}

int cmd_check(CheckArgs args, const rules::Catalog& catalog) {
  if (!apply_config(args.config_path, args.options, args.fail_on, catalog)) return 2;
  std::vector<std::string> unknown;
  engine::resolve_rules(args.options.select, catalog, unknown);
  engine::resolve_rules(args.options.ignore, catalog, unknown);
  for (const auto& u : unknown) {
    std::cerr << "halint: unknown rule \"" << u << "\" (see `halint rules`)\n";
    return 2;
  }
  engine::CheckResult result = engine::run_check(args.options, catalog);
  for (const auto& e : result.errors) std::cerr << "halint: " << e << '\n';
  // Suppression problems (unknown rule in an ignore, unused ignores): compiler-style lines.
  for (const auto& w : result.warnings) std::cerr << w << '\n';
  if (!emit_reports(result, args.out, catalog)) return 2;
  if (!result.errors.empty()) return 2;
  int code = engine::exit_code_for(result.findings, args.fail_on);
  // --report-unused-ignores is a lint of the suppressions themselves: it fails the run.
  if (result.unused_suppressions > 0) code = std::max(code, 1);
  return code;
}

}  // namespace halint::cli
