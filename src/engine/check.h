#pragma once
// One run of the pipeline: walk -> read and parse -> render -> graph -> rules ->
// severities, filters, suppressions -> sorted, de-duplicated findings.
#include <map>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/analysis.h"
#include "rules/catalog.h"

namespace halint::engine {

struct CheckOptions {
  std::vector<std::string> paths;     // default "."
  unsigned jobs = 0;                  // 0: all cores
  bool render = true;                 // --no-render turns it off
  bool helm = true;                   // --no-helm: HelmReleases counted, not modelled
  std::vector<std::string> select;    // codes or names; empty: all
  std::vector<std::string> ignore;
  bool report_unused_ignores = false;
  config::Config config;
  // abs path -> bytes to use instead of the file on disk (the fix loop checks its edits
  // before writing anything). A path that does not exist is a file the fix creates.
  std::map<std::string, std::string> overlay;
};

struct Summary {
  size_t files = 0, objects = 0, renders = 0;
  size_t workloads = 0;  // Deployments, StatefulSets, DaemonSets evaluated (written, rendered or modelled)
  size_t helm_releases = 0, helm_modelled = 0;  // HelmRelease definitions, and those modelled
  size_t errors = 0, warnings = 0, infos = 0;
  // Findings whose fix `halint fix` applies (safe), and those only --unsafe-fixes applies.
  size_t fixable = 0, unsafe_fixable = 0;
  size_t skipped_helm_templates = 0, skipped_jinja = 0;
};

struct CheckResult {
  Analysis analysis;
  std::vector<Finding> findings;
  Summary summary;
  std::vector<std::string> errors;  // usage-level errors (unreadable path): exit 2
  // Problems in suppressions, compiler-style ("path:line:col: warning: ..."), for stderr.
  std::vector<std::string> warnings;
  size_t unused_suppressions = 0;   // with report_unused_ignores: > 0 makes the exit code >= 1
};

CheckResult run_check(const CheckOptions& options, const rules::Catalog& catalog);

// Resolves a list of codes/names to codes; unknown entries are returned in `unknown`.
std::vector<std::string> resolve_rules(const std::vector<std::string>& names, const rules::Catalog& catalog,
                                       std::vector<std::string>& unknown);

// Exit status for findings given --fail-on (error|warning|info|never).
int exit_code_for(const std::vector<Finding>& findings, const std::string& fail_on);

}  // namespace halint::engine
