#include "cli/app.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"

namespace halint::cli {

static void add_rule_filters(CLI::App* cmd, engine::CheckOptions& o) {
  // Several values per flag (SPEC: --select RULE...; the engine also splits commas). They
  // would swallow the file names pre-commit appends after a hook's args: such args end
  // with `--` (docs/integrations.md).
  cmd->add_option("--select", o.select, "Only these rules (codes or names)")->take_all();
  cmd->add_option("--ignore", o.ignore, "Skip these rules (codes or names)")->take_all();
}

int run(int argc, char** argv) {
  try {
    rules::Catalog catalog = rules::Catalog::load();
    CLI::App app{"halint: find and fix the manifest mistakes that take workloads down when a node fails"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("halint ") + HALINT_VERSION);

    CheckArgs check;
    auto* c = app.add_subcommand("check", "Lint paths (default .)");
    c->add_option("paths", check.options.paths, "Files or directories");
    // One value per occurrence (repeat it, or separate with commas), so it never takes
    // the paths that follow it for formats.
    c->add_option("--format", check.out.formats, "text|json|sarif|github (repeatable, comma-separated)")
        ->expected(1)
        ->allow_extra_args(false)
        ->delimiter(',')
        ->check(CLI::IsMember({"text", "json", "sarif", "github"}))
        ->take_all();
    c->add_option("--output", check.out.output,
                  "Write the report to FILE (with several formats: the json or sarif one; text and github stay on stdout)");
    c->add_option("--step-summary", check.out.step_summary,
                  "Append a Markdown summary to FILE (default with --format github: $GITHUB_STEP_SUMMARY)");
    c->add_option("--config", check.config_path, "Config file (default: .halint.yaml discovered)");
    c->add_option("--fail-on", check.fail_on, "error|warning|info|never")
        ->check(CLI::IsMember({"error", "warning", "info", "never"}));
    add_rule_filters(c, check.options);
    c->add_option("--jobs,-j", check.options.jobs, "Parallel jobs (default: all cores)");
    c->add_option("--color", check.out.color, "auto|always|never")->check(CLI::IsMember({"auto", "always", "never"}));
    c->add_flag("--quiet,-q", check.out.quiet, "Findings only");
    c->add_flag("--report-unused-ignores", check.options.report_unused_ignores, "Report suppressions that suppress nothing");
    bool no_render = false;
    c->add_flag("--no-render", no_render, "Evaluate objects as written, without kustomize/Flux rendering");
    bool no_helm = false;
    c->add_flag("--no-helm", no_helm, "Do not model the workloads of HelmReleases (count them only)");

    FixArgs fix;
    auto* f = app.add_subcommand("fix", "Apply fixes in place");
    f->add_option("paths", fix.options.paths, "Files or directories");
    f->add_flag("--diff", fix.diff, "Print a unified diff instead of writing");
    f->add_flag("--unsafe-fixes", fix.unsafe_fixes, "Also apply unsafe fixes");
    f->add_option("--config", fix.config_path, "Config file");
    f->add_option("--fail-on", fix.fail_on, "error|warning|info|never")
        ->check(CLI::IsMember({"error", "warning", "info", "never"}));
    add_rule_filters(f, fix.options);
    f->add_option("--jobs,-j", fix.options.jobs, "Parallel jobs");
    f->add_option("--color", fix.out.color, "auto|always|never")->check(CLI::IsMember({"auto", "always", "never"}));
    f->add_flag("--quiet,-q", fix.out.quiet, "Findings only");
    bool fix_no_render = false;
    f->add_flag("--no-render", fix_no_render, "Evaluate objects as written");
    bool fix_no_helm = false;
    f->add_flag("--no-helm", fix_no_helm, "Do not model the workloads of HelmReleases");

    std::string render_path;
    bool render_origin = false;
    auto* r = app.add_subcommand("render", "Print rendered objects (like kustomize build)");
    r->add_option("path", render_path, "Directory, or a file (read in the context of its repository)")->required();
    r->add_flag("--origin", render_origin, "Annotate each node with its source file:line");
    bool render_no_helm = false;
    r->add_flag("--no-helm", render_no_helm, "Leave out the objects modelled from HelmReleases");

    std::string rules_format = "text";
    auto* rl = app.add_subcommand("rules", "List the rule catalog");
    rl->add_option("--format", rules_format, "text|json")->check(CLI::IsMember({"text", "json"}));

    std::string explain_rule;
    auto* ex = app.add_subcommand("explain", "Explain a rule");
    ex->add_option("rule", explain_rule, "Code or name")->required();

    std::string charts_format = "text", charts_config;
    auto* ch = app.add_subcommand("charts", "List the chart profiles (shipped and from the config) and their versions");
    ch->add_option("--format", charts_format, "text|json")->check(CLI::IsMember({"text", "json"}));
    ch->add_option("--config", charts_config, "Config file (default: .halint.yaml discovered)");

    auto* ver = app.add_subcommand("version", "Print the version");

    try {
      app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
      app.exit(e);
      return 0;
    } catch (const CLI::CallForAllHelp& e) {
      app.exit(e);
      return 0;
    } catch (const CLI::CallForVersion& e) {
      app.exit(e);
      return 0;
    } catch (const CLI::ParseError& e) {
      app.exit(e);
      return 2;
    }

    for (const auto& err : catalog.errors()) std::cerr << "halint: internal error: " << err << '\n';
    if (*c) {
      check.options.render = !no_render;
      check.options.helm = !no_helm;
      return cmd_check(std::move(check), catalog);
    }
    if (*f) {
      fix.options.render = !fix_no_render;
      fix.options.helm = !fix_no_helm;
      return cmd_fix(std::move(fix), catalog);
    }
    if (*r) return cmd_render(render_path, render_origin, !render_no_helm, catalog);
    if (*rl) return cmd_rules(rules_format, catalog);
    if (*ex) return cmd_explain(explain_rule, catalog);
    if (*ch) return cmd_charts(charts_format, charts_config, catalog);
    if (*ver) {
      std::cout << "halint " << HALINT_VERSION << '\n';
      return 0;
    }
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "halint: internal error: " << e.what() << '\n';
    return 2;
  }
}

}  // namespace halint::cli
