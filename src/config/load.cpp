#include "config/load.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/discover.h"
#include "config/nodes.h"
#include "core/source.h"
#include "fs/walk.h"
#include "helm/profile/set.h"
#include "schema/validator.h"
#include "yaml/parser.h"

namespace halint::config {

namespace stdfs = std::filesystem;

namespace {

// The config file's text and how to point into it.
struct ConfigText {
  std::string shown;  // path as shown to the user
  std::string text;
  LineIndex lines;

  std::string at(uint32_t offset) const {
    LineCol lc = lines.locate(text, offset);
    return shown + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column) + ": ";
  }
  std::string at(const yaml::Node& n) const { return at(n.origin().span.begin); }
};

std::string parent_of(const std::string& path) {
  size_t dot = path.rfind('.');
  size_t bracket = path.rfind('[');
  size_t cut = std::max(dot == std::string::npos ? 0 : dot, bracket == std::string::npos ? 0 : bracket);
  return (dot == std::string::npos && bracket == std::string::npos) ? "" : path.substr(0, cut);
}

std::string describe(const schema::Violation& v) {
  std::string msg;
  if (v.kind == schema::Violation::Kind::UnknownField) {
    std::string key = !v.key ? v.path : v.key->is_scalar() ? v.key->str() : yaml::to_flow(*v.key, 60);
    // The validator's path is "<parent>.<key>" (the key itself may hold dots or brackets).
    std::string parent = v.path == key ? ""
                         : v.path.ends_with("." + key) ? v.path.substr(0, v.path.size() - key.size() - 1)
                                                       : parent_of(v.path);
    if (parent == "rules")
      msg = "unknown rule \"" + key + "\"";
    else if (parent == "flux.sourceRoots")
      return "unknown source \"" + key +
             "\" in \"flux.sourceRoots\" (expected OCIRepository/<namespace>/<name> or Bucket/<namespace>/<name>)";
    else
      msg = "unknown key \"" + key + "\"" + (parent.empty() ? "" : " in \"" + parent + "\"");
    if (!v.suggestion.empty()) msg += " (did you mean \"" + v.suggestion + "\"?)";
    else if (parent == "rules") msg += " (see `halint rules`)";
    return msg;
  }
  msg = (v.path.empty() ? "" : v.path + ": ") + v.message;
  if (!v.suggestion.empty()) msg += " (did you mean \"" + v.suggestion + "\"?)";
  // The classic YAML trap: an unquoted 1.30 is the number 1.3.
  if (v.path == "kubernetesVersion" && v.kind == schema::Violation::Kind::WrongType && v.node &&
      v.node->scalar_type() == yaml::ScalarType::Float)
    msg += "; quote it: kubernetesVersion: \"" + v.node->str() + "\"";
  return msg;
}

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

// Rule keys (code or name) -> codes, levels from "off" or {severity: ...}.
std::vector<std::string> map_rules(const yaml::Node& rules, const ConfigText& ct, const rules::Catalog& catalog,
                                   Config& cfg) {
  std::vector<std::string> errors;
  std::map<std::string, const yaml::Node*> seen;  // code -> first key naming it
  for (size_t i = 0; i < rules.size(); ++i) {
    const yaml::Node& key = rules.key_at(i);
    const yaml::Node& value = rules.value_at(i);
    const auto* meta = catalog.find(key.str());
    if (!meta) {
      // The schema lists every rule, so this only happens if schema and catalog disagree.
      errors.push_back(ct.at(key) + "unknown rule \"" + key.str() + "\" (see `halint rules`)");
      continue;
    }
    auto [it, inserted] = seen.emplace(meta->code, &key);
    if (!inserted) {
      LineCol first = ct.lines.locate(ct.text, it->second->origin().span.begin);
      errors.push_back(ct.at(key) + "rule " + meta->code + " is configured twice (also as \"" + it->second->str() +
                       "\" on line " + std::to_string(first.line) + ")");
      continue;
    }
    const yaml::Node* level = value.is_map() ? value.get("severity") : &value;
    if (level) cfg.rule_levels[meta->code] = level->str();
  }
  return errors;
}

std::variant<Config, ConfigError> load_file(const std::string& path, const rules::Catalog& catalog) {
  std::error_code ec;
  std::string abs = stdfs::weakly_canonical(path, ec).string();
  if (ec) abs = path;
  ConfigText ct;
  ct.shown = fs::display_path(abs);
  if (stdfs::is_directory(abs, ec)) return ConfigError{ct.shown + ": is a directory, not a config file"};
  std::ifstream in(abs, std::ios::binary);
  if (!in) return ConfigError{ct.shown + ": cannot read config file: " + (stdfs::exists(abs, ec) ? "permission denied" : "no such file")};
  std::stringstream ss;
  ss << in.rdbuf();
  ct.text = ss.str();
  ct.lines = LineIndex(ct.text);

  Config cfg;
  cfg.source = abs;
  cfg.base_dir = stdfs::path(abs).parent_path().string();

  auto parsed = yaml::parse(ct.text, 0);
  if (parsed.error) return ConfigError{ct.at(parsed.error->offset) + "YAML syntax error: " + parsed.error->reason};
  std::vector<std::string> errors;
  for (const auto& d : parsed.duplicates) {
    LineCol first = ct.lines.locate(ct.text, d.first.begin);
    errors.push_back(ct.at(d.duplicate.begin) + "duplicate key \"" + d.key + "\" (first on line " +
                     std::to_string(first.line) + ")");
  }
  const yaml::Document* doc = nullptr;
  for (const auto& d : parsed.documents) {
    if (!d.has_content) continue;
    if (doc) {
      errors.push_back(ct.at(d.span.begin) + "a config file holds one YAML document");
      break;
    }
    doc = &d;
  }
  if (!errors.empty()) return ConfigError{join(errors)};
  // An empty file (or only comments) is a valid config: the defaults.
  if (!doc || doc->root.is_null()) return cfg;

  auto loaded = schema::Schema::from_embedded("schemas/config.schema.json");
  if (auto* e = std::get_if<std::string>(&loaded)) return ConfigError{ct.shown + ": internal error: " + *e};
  auto violations = std::get<schema::Schema>(loaded).validate(doc->root);
  std::stable_sort(violations.begin(), violations.end(), [](const auto& a, const auto& b) {
    return a.node->origin().span.begin < b.node->origin().span.begin;
  });
  for (const auto& v : violations) errors.push_back(ct.at(*v.node) + describe(v));
  if (!errors.empty()) return ConfigError{join(errors)};

  const yaml::Node& root = doc->root;
  if (const auto* n = root.get("failOn")) cfg.fail_on = n->str();
  if (const auto* n = root.get("kubernetesVersion")) cfg.kubernetes_version = n->str();
  if (const auto* n = root.get("exclude"))
    for (const auto& g : n->items()) cfg.exclude.push_back(g.str());
  if (const auto* n = root.get("rules"); n && n->is_map()) {
    auto e = map_rules(*n, ct, catalog, cfg);
    errors.insert(errors.end(), e.begin(), e.end());
  }
  if (const auto* n = root.path({"fix", "rollout"})) cfg.fix_rollout = n->str();
  if (const auto* n = root.path({"fix", "pdb", "maxUnavailable"})) cfg.fix_pdb_max_unavailable = n->str();

  if (const auto* cluster = root.get("cluster"); cluster && cluster->is_map()) {
    if (const auto* from = cluster->get("nodesFrom")) {
      // Relative to the config file, so the config works from any working directory.
      stdfs::path p = from->str();
      if (p.is_relative()) p = stdfs::path(cfg.base_dir) / p;
      p = p.lexically_normal();
      cfg.nodes_from = p.string();
      if (!stdfs::is_regular_file(p, ec)) {
        errors.push_back(ct.at(*from) + "cluster.nodesFrom: cannot read \"" + from->str() + "\" (" +
                         fs::display_path(p.string()) + "): " + (stdfs::exists(p, ec) ? "not a file" : "no such file"));
      } else {
        auto nodes = read_nodes_file(p.string(), fs::display_path(p.string()));
        if (auto* e = std::get_if<std::string>(&nodes))
          errors.push_back(*e + " (read for cluster.nodesFrom in " + ct.shown + ")");
        else
          cfg.nodes = std::get<std::vector<ClusterNode>>(std::move(nodes));
      }
    }
    if (const auto* inline_nodes = cluster->get("nodes")) {
      for (auto& n : nodes_from_config(*inline_nodes)) {
        auto same = std::find_if(cfg.nodes.begin(), cfg.nodes.end(), [&](const auto& x) { return x.name == n.name; });
        if (same != cfg.nodes.end()) *same = std::move(n);
        else cfg.nodes.push_back(std::move(n));
      }
    }
  }
  if (const auto* roots = root.path({"flux", "sourceRoots"}); roots && roots->is_map()) {
    for (size_t i = 0; i < roots->size(); ++i) {
      const yaml::Node& key = roots->key_at(i);
      const yaml::Node& value = roots->value_at(i);
      // Relative to the config file, like every path in it (the schema checked the form).
      stdfs::path p = value.str();
      if (p.is_relative()) p = stdfs::path(cfg.base_dir) / p;
      p = p.lexically_normal();
      std::string dir = p.string();
      while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
      if (!stdfs::is_directory(dir, ec)) {
        errors.push_back(ct.at(value) + "flux.sourceRoots: \"" + value.str() + "\" (" + fs::display_path(dir) +
                         ") is not a directory");
        continue;
      }
      cfg.flux_source_roots[key.str()] = dir;
    }
  }
  if (const auto* charts = root.get("charts"); charts && charts->is_seq() && errors.empty()) {
    // Relative to the config file, like nodesFrom.
    for (const auto& c : charts->items()) {
      stdfs::path p = c.str();
      if (p.is_relative()) p = stdfs::path(cfg.base_dir) / p;
      p = p.lexically_normal();
      if (!stdfs::exists(p, ec)) {
        errors.push_back(ct.at(c) + "charts: cannot read \"" + c.str() + "\" (" + fs::display_path(p.string()) +
                         "): no such file or directory");
        continue;
      }
      cfg.charts.push_back(p.string());
    }
    if (errors.empty()) {
      auto set = std::make_shared<helm::profile::ProfileSet>(helm::profile::load_user_profiles(cfg.charts));
      for (const auto& e : set->errors()) errors.push_back(e + " (chart profile named in " + ct.shown + ")");
      cfg.chart_profiles = std::move(set);
    }
  }
  if (!errors.empty()) return ConfigError{join(errors)};
  return cfg;
}

}  // namespace

std::variant<Config, ConfigError> load_config(const std::string& explicit_path, const std::string& start,
                                              const rules::Catalog& catalog) {
  if (!explicit_path.empty()) return load_file(explicit_path, catalog);
  if (auto found = discover_config(start)) return load_file(*found, catalog);
  return Config{};
}

std::variant<Config, ConfigError> load_config(const std::string& explicit_path, const std::string& start) {
  return load_config(explicit_path, start, rules::Catalog::load());
}

}  // namespace halint::config
