#include "engine/check.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "core/loader.h"
#include "fs/walk.h"
#include "model/graph.h"
#include "render/render.h"
#include "rules/rule.h"

namespace halint::engine {

std::vector<std::string> resolve_rules(const std::vector<std::string>& names, const rules::Catalog& catalog,
                                       std::vector<std::string>& unknown) {
  std::vector<std::string> codes;
  for (const auto& raw : names) {
    // Accept comma-separated lists too: --select HA101,HA102.
    size_t start = 0;
    while (start <= raw.size()) {
      size_t comma = raw.find(',', start);
      std::string n = raw.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      n.erase(0, n.find_first_not_of(" \t"));
      n.erase(n.find_last_not_of(" \t") + 1);
      if (!n.empty()) {
        if (const auto* r = catalog.find(n)) codes.push_back(r->code);
        else unknown.push_back(n);
      }
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return codes;
}

int exit_code_for(const std::vector<Finding>& findings, const std::string& fail_on) {
  if (fail_on == "never") return 0;
  Severity threshold = parse_severity(fail_on).value_or(Severity::Warning);
  for (const auto& f : findings)
    if (f.severity >= threshold) return 1;
  return 0;
}

static bool inside(const std::string& path, const std::string& dir) {
  return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/';
}

CheckResult run_check(const CheckOptions& options, const rules::Catalog& catalog) {
  namespace stdfs = std::filesystem;
  CheckResult result;
  Analysis& a = result.analysis;
  std::vector<std::string> paths = options.paths.empty() ? std::vector<std::string>{"."} : options.paths;

  // A file argument (what pre-commit passes) is linted in the context of its repository:
  // walk the repository, show only findings located in the named files.
  std::vector<std::string> roots;
  std::set<std::string> only_files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (stdfs::is_regular_file(p, ec)) {
      std::string abs = stdfs::weakly_canonical(p, ec).string();
      only_files.insert(abs);
      roots.push_back(fs::repository_root(abs));
    } else {
      roots.push_back(p);
    }
  }
  if (!only_files.empty()) {
    // Directories given together with files are shown in full.
    for (const auto& p : paths) {
      std::error_code ec;
      if (stdfs::is_directory(p, ec)) only_files.clear();
    }
  }
  std::sort(roots.begin(), roots.end());
  roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
  a.repository_root = fs::repository_root(roots.front());

  fs::WalkOptions wopt;
  std::vector<std::string> excludes = options.config.exclude;
  if (!excludes.empty())
    wopt.excluded = [excludes](const std::string& rel) {
      for (const auto& g : excludes)
        if (fs::glob_match(g, rel) || (rel.ends_with("/") && fs::glob_match(g, rel + "x"))) return true;
      return false;
    };
  auto walked = fs::walk(roots, wopt);
  for (const auto& e : walked.errors) result.errors.push_back(e);
  a.skipped_helm_templates = walked.skipped_helm_templates;
  a.skipped_jinja = walked.skipped_jinja;
  // Explicitly named files are read even when an exclude glob matches their directory walk.
  for (const auto& f : only_files)
    if (std::find(walked.files.begin(), walked.files.end(), f) == walked.files.end()) walked.files.push_back(f);

  load_files(walked.files, a.files, options.jobs);
  // A file that exists but cannot be read (permissions, a FIFO named *.yaml) is an
  // unreadable path: exit 2 (SPEC §1), after reporting what could be read.
  for (FileId i = 0; i < a.files.size(); ++i)
    if (a.files[i].read_error) result.errors.push_back(a.files[i].path + ": " + *a.files[i].read_error);
  for (FileId i = 0; i < a.files.size(); ++i) a.linted_files.push_back(i);

  render::render_repository(a, render::RenderOptions{options.render});
  model::Graph graph(a.objects);

  rules::RuleSettings settings;
  settings.kubernetes_version = options.config.kubernetes_version;
  settings.rollout_fix = options.config.fix_rollout;
  settings.pdb_max_unavailable = options.config.fix_pdb_max_unavailable;
  settings.has_topology = !options.config.nodes.empty();
  rules::RuleContext ctx{a, graph, settings};

  std::vector<std::string> unknown;
  auto selected = resolve_rules(options.select, catalog, unknown);
  auto ignored = resolve_rules(options.ignore, catalog, unknown);
  auto enabled = [&](const std::string& code) {
    if (!selected.empty() && std::find(selected.begin(), selected.end(), code) == selected.end()) return false;
    if (std::find(ignored.begin(), ignored.end(), code) != ignored.end()) return false;
    auto it = options.config.rule_levels.find(code);
    return !(it != options.config.rule_levels.end() && it->second == "off");
  };

  std::vector<Finding> raw;
  for (const auto& rule : rules::make_all_rules()) {
    if (!enabled(std::string(rule->code()))) continue;
    rule->check(ctx, raw);
  }

  // Severity: the catalog's default, or the config's override.
  for (auto& f : raw) {
    if (const auto* meta = catalog.find(f.rule)) f.severity = meta->severity;
    auto it = options.config.rule_levels.find(f.rule);
    if (it != options.config.rule_levels.end())
      if (auto s = parse_severity(it->second)) f.severity = *s;
  }

  // One source problem seen through several renders is one finding listing the renders.
  std::map<std::tuple<std::string, FileId, uint32_t, uint32_t, std::string>, size_t> seen;
  std::vector<Finding> merged;
  for (auto& f : raw) {
    auto key = std::make_tuple(f.rule, f.location.file, f.location.span.begin, f.location.span.end, f.message);
    auto [it, inserted] = seen.emplace(key, merged.size());
    if (inserted) {
      merged.push_back(std::move(f));
      continue;
    }
    auto& via = merged[it->second].via;
    for (auto& v : f.via)
      if (std::find(via.begin(), via.end(), v) == via.end()) via.push_back(v);
  }

  if (!only_files.empty()) {
    std::erase_if(merged, [&](const Finding& f) {
      return !f.location.known() || !only_files.count(a.files[f.location.file].abs_path);
    });
  }
  for (auto& f : merged) std::sort(f.via.begin(), f.via.end());
  std::sort(merged.begin(), merged.end(), [&](const Finding& x, const Finding& y) {
    auto pos = [&](const Finding& f) {
      std::string path = f.location.known() ? a.files[f.location.file].path : "";
      return std::make_tuple(path, f.location.span.begin, f.rule, f.message);
    };
    return pos(x) < pos(y);
  });
  result.findings = std::move(merged);

  Summary& s = result.summary;
  s.files = a.linted_files.size();
  s.objects = a.objects.size();
  s.renders = a.renders.size();
  s.skipped_helm_templates = a.skipped_helm_templates;
  s.skipped_jinja = a.skipped_jinja;
  for (const auto& f : result.findings) {
    if (f.severity == Severity::Error) ++s.errors;
    else if (f.severity == Severity::Warning) ++s.warnings;
    else ++s.infos;
    if (f.fix) ++s.fixable;
  }
  return result;
}

}  // namespace halint::engine
