#include "engine/check.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "core/loader.h"
#include "engine/suppress.h"
#include "fs/walk.h"
#include "helm/stage.h"
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

// `path` relative to `dir` when inside it ('/'-separated), else "".
static std::string relative_inside(const std::string& path, const std::string& dir) {
  if (dir == "/") return path.size() > 1 ? path.substr(1) : "";
  return inside(path, dir) ? path.substr(dir.size() + 1) : "";
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

  // Exclude globs are relative to the config file's directory (the repository root when
  // there is no config), whatever directory was named on the command line: the walk
  // reports paths relative to its own root, so each root is walked with its own prefix.
  const std::vector<std::string>& excludes = options.config.exclude;
  // A --config file kept outside the repository (a shared /etc/halint.yaml) cannot anchor
  // globs for this repository: its globs are then relative to the repository root.
  const std::string& cfg_dir = options.config.base_dir;
  std::string exclude_base =
      cfg_dir.empty() || !(cfg_dir == a.repository_root || inside(cfg_dir, a.repository_root)) ? a.repository_root
                                                                                               : cfg_dir;
  auto excluded_abs = [&](const std::string& abs, bool is_dir) {
    if (excludes.empty()) return false;
    std::string rel = relative_inside(abs, exclude_base);
    if (rel.empty()) return false;
    for (const auto& g : excludes) {
      if (fs::glob_match(g, rel)) return true;
      // A directory is excluded when everything under it would be ("**/.archive/**").
      if (is_dir && fs::glob_match(g, rel + "/x")) return true;
    }
    return false;
  };
  fs::WalkResult walked;
  auto dirs = std::make_unique<fs::DirCache>();  // the walk's listings, reused by the renderer
  for (const auto& root : roots) {
    std::error_code ec;
    std::string abs_root = stdfs::weakly_canonical(root, ec).string();
    fs::WalkOptions wopt;
    wopt.cache = dirs.get();
    if (!excludes.empty())
      wopt.excluded = [&, abs_root](const std::string& rel) {
        bool dir = rel.ends_with("/");
        std::string r = dir ? rel.substr(0, rel.size() - 1) : rel;
        return excluded_abs(r.empty() || r == "." ? abs_root : abs_root + "/" + r, dir);
      };
    auto w = fs::walk({root}, wopt);
    walked.files.insert(walked.files.end(), w.files.begin(), w.files.end());
    walked.errors.insert(walked.errors.end(), w.errors.begin(), w.errors.end());
    walked.skipped_helm_templates += w.skipped_helm_templates;
    walked.skipped_jinja += w.skipped_jinja;
  }
  std::sort(walked.files.begin(), walked.files.end());
  walked.files.erase(std::unique(walked.files.begin(), walked.files.end()), walked.files.end());
  for (const auto& e : walked.errors) result.errors.push_back(e);
  a.skipped_helm_templates = walked.skipped_helm_templates;
  a.skipped_jinja = walked.skipped_jinja;
  // Explicitly named files are read even when the walk did not reach them, unless an
  // exclude glob names them: pre-commit passes every changed file, and an excluded file
  // must stay excluded there too (ruff's force-exclude, on by default).
  for (const auto& f : only_files)
    if (!excluded_abs(f, false) && std::find(walked.files.begin(), walked.files.end(), f) == walked.files.end())
      walked.files.push_back(f);

  // Files a fix pass creates are read from the overlay like the others.
  for (const auto& overlay_entry : options.overlay) {
    const std::string& path = overlay_entry.first;
    std::error_code ec;
    if (stdfs::exists(path, ec)) continue;
    bool under_root = std::any_of(roots.begin(), roots.end(), [&](const std::string& r) {
      std::string abs = stdfs::weakly_canonical(r, ec).string();
      return inside(path, abs);
    });
    if (under_root && std::find(walked.files.begin(), walked.files.end(), path) == walked.files.end()) {
      walked.files.push_back(path);
      dirs->add_file(path);  // renders list directories: they must see it too
    }
  }
  load_files(walked.files, a.files, options.jobs);
  std::vector<std::string>().swap(walked.files);  // the file table has the paths now (peak memory)
  for (FileId i = 0; i < a.files.size(); ++i)
    if (auto it = options.overlay.find(a.files[i].abs_path); it != options.overlay.end())
      a.files[i] = std::move(*parse_text(it->first, it->second, i));
  // A file that exists but cannot be read (permissions, a FIFO named *.yaml) is an
  // unreadable path: exit 2 (SPEC §1), after reporting what could be read.
  for (FileId i = 0; i < a.files.size(); ++i)
    if (a.files[i].read_error) result.errors.push_back(a.files[i].path + ": " + *a.files[i].read_error);
  for (FileId i = 0; i < a.files.size(); ++i) a.linted_files.push_back(i);

  render::render_repository(a, render::RenderOptions{options.render, dirs.get(), &options.config.flux_source_roots});
  dirs.reset();  // only the renders list directories (peak memory comes later, with the rules)
  helm::Stage helm_stage;
  helm_stage.run(a, helm::StageOptions{options.helm, options.config.chart_profiles});
  model::Graph graph(a.objects);

  rules::RuleSettings settings;
  settings.kubernetes_version = options.config.kubernetes_version;
  settings.rollout_fix = options.config.fix_rollout;
  settings.pdb_max_unavailable = options.config.fix_pdb_max_unavailable;
  settings.has_topology = !options.config.nodes.empty();
  settings.nodes = options.config.nodes;
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
  std::set<std::string> ran;  // rules that had a chance to report (for unused suppressions)
  for (const auto& rule : rules::make_all_rules()) {
    if (!enabled(std::string(rule->code()))) continue;
    ran.insert(std::string(rule->code()));
    rule->check(ctx, raw);
  }
  // Fixes of modelled objects become edits of the HelmRelease values (or are dropped).
  helm_stage.adapt_fixes(raw, a);

  // Severity: the rule's per-finding verdict, else the catalog's default; the config's
  // override wins over both.
  for (auto& f : raw) {
    if (f.severity_override) f.severity = *f.severity_override;
    else if (const auto* meta = catalog.find(f.rule)) f.severity = meta->severity;
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

  // Findings located in an excluded file (reached through a render) are skipped too.
  if (!excludes.empty())
    std::erase_if(merged, [&](const Finding& f) {
      return f.location.known() && excluded_abs(a.files[f.location.file].abs_path, false);
    });

  // Suppressions (comments, annotations), after severities so `off` rules are already gone.
  SuppressOptions sopt;
  sopt.report_unused = options.report_unused_ignores;
  sopt.rule_ran = [&](const std::string& code) { return ran.count(code) > 0; };
  sopt.shown_files = &only_files;
  auto sres = apply_suppressions(merged, a, catalog, sopt);
  result.warnings = std::move(sres.warnings);
  result.unused_suppressions = sres.unused;

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
  for (const auto& w : graph.workloads())
    if (w.kind != model::WorkloadKind::ReplicaSet) ++s.workloads;
  s.helm_releases = helm_stage.total_releases();
  s.helm_modelled = helm_stage.modelled_releases();
  s.skipped_helm_templates = a.skipped_helm_templates;
  s.skipped_jinja = a.skipped_jinja;
  for (const auto& f : result.findings) {
    if (f.severity == Severity::Error) ++s.errors;
    else if (f.severity == Severity::Warning) ++s.warnings;
    else ++s.infos;
    if (f.fix) ++(f.fix->safe ? s.fixable : s.unsafe_fixable);
  }
  return result;
}

}  // namespace halint::engine
