// `halint charts`: the chart profiles a check would use (the user's from the config's
// `charts:`, then the shipped ones they do not replace) and the versions they cover.
#include <iostream>

#include "cli/commands.h"
#include "config/load.h"
#include "core/json.h"
#include "helm/profile/set.h"

namespace halint::cli {

int cmd_charts(const std::string& format, const std::string& config_path, const rules::Catalog& catalog) {
  auto loaded = config::load_config(config_path, ".", catalog);
  if (auto* err = std::get_if<config::ConfigError>(&loaded)) {
    std::cerr << err->message << '\n';
    return 2;
  }
  const auto& cfg = std::get<config::Config>(loaded);
  const auto& shipped = helm::profile::shipped_profiles();
  for (const auto& e : shipped.errors()) std::cerr << "halint: internal error: " << e << '\n';
  std::vector<const helm::profile::Profile*> all;
  if (cfg.chart_profiles)
    for (const auto* p : cfg.chart_profiles->profiles()) all.push_back(p);
  for (const auto* p : shipped.profiles())
    if (!(cfg.chart_profiles && cfg.chart_profiles->has(p->name))) all.push_back(p);

  if (format == "json") {
    json::Writer w(std::cout);
    w.begin_array();
    for (const auto* p : all) {
      w.begin_object();
      w.field("name", p->name).field("shipped", p->shipped).field("file", p->source_file);
      w.field("versions", p->base.label);
      w.key("charts").begin_array();
      for (const auto& c : p->charts) w.value(c);
      w.end_array();
      w.key("sources").begin_array();
      for (const auto& s : p->sources) w.value(s);
      w.end_array();
      w.key("overrides").begin_array();
      for (const auto& o : p->overrides) w.value(o.label);
      w.end_array();
      w.key("workloads").begin_array();
      for (const auto& wl : p->base.workloads) w.value(wl.id);
      w.end_array();
      w.key("verified").begin_array();
      for (const auto& v : p->verified) w.value(v);
      w.end_array();
      w.end_object();
    }
    w.end_array();
    std::cout << '\n';
    return 0;
  }
  for (const auto* p : all) {
    std::string charts;
    for (const auto& c : p->charts) charts += (charts.empty() ? "" : ", ") + c;
    std::string line = p->name + (p->name.size() < 36 ? std::string(36 - p->name.size(), ' ') : " ") + p->base.label;
    if (!p->overrides.empty()) {
      line += " (differs for";
      for (const auto& o : p->overrides) line += " " + o.label + ";";
      line.back() = ')';
    }
    if (charts != p->name) line += "  chart " + charts;
    if (!p->shipped) line += "  [" + p->source_file + "]";
    std::cout << line << '\n';
  }
  std::cout << all.size() << " chart profiles (" << (cfg.chart_profiles ? cfg.chart_profiles->profiles().size() : 0)
            << " from the config); app-template is modelled natively\n";
  return 0;
}

}  // namespace halint::cli
