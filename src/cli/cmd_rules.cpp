#include <iostream>
#include <set>

#include "cli/commands.h"
#include "core/json.h"
#include "rules/rule.h"

namespace halint::cli {

// Codes with an implementation; the rest of the catalog is planned.
static std::set<std::string> implemented_codes() {
  std::set<std::string> codes;
  for (const auto& r : rules::make_all_rules()) codes.insert(std::string(r->code()));
  return codes;
}

int cmd_rules(const std::string& format, const rules::Catalog& catalog) {
  auto implemented = implemented_codes();
  if (format == "json") {
    json::Writer w(std::cout);
    w.begin_array();
    for (const auto& r : catalog.rules()) {
      w.begin_object();
      w.field("code", r.code).field("name", r.name).field("severity", severity_name(r.severity));
      w.field("summary", r.summary).field("fix", r.fix_safety.empty() ? "none" : r.fix_safety);
      w.field("topology", r.topology).field("helpUri", r.help_uri());
      w.field("implemented", implemented.count(r.code) > 0);
      w.end_object();
    }
    w.end_array();
    std::cout << '\n';
    return 0;
  }
  for (const auto& r : catalog.rules()) {
    std::string fix = r.fix_safety.empty() || r.fix_safety == "none" ? "" : " [fix: " + r.fix_safety + "]";
    std::cout << r.code << "  " << r.name << std::string(r.name.size() < 34 ? 34 - r.name.size() : 1, ' ')
              << severity_name(r.severity) << std::string(9 - std::string(severity_name(r.severity)).size(), ' ')
              << r.summary << fix << (implemented.count(r.code) ? "" : " (planned)") << '\n';
  }
  return 0;
}

int cmd_explain(const std::string& rule, const rules::Catalog& catalog) {
  const auto* r = catalog.find(rule);
  if (!r) {
    std::cerr << "halint: unknown rule \"" << rule << "\" (see `halint rules`)\n";
    return 2;
  }
  std::cout << r->code << " " << r->name << " (" << severity_name(r->severity) << ")\n\n";
  std::cout << r->summary << "\n\n";
  std::cout << "Why\n---\n" << r->rationale << "\n";
  if (!r->example_bad.empty()) std::cout << "Fails\n-----\n" << r->example_bad << "\n";
  if (!r->example_good.empty()) std::cout << "Passes\n------\n" << r->example_good << "\n";
  std::cout << "Fix (" << (r->fix_safety.empty() ? "none" : r->fix_safety) << ")\n---\n" << r->fix_description << "\n";
  if (!r->references.empty()) {
    std::cout << "\nReferences\n----------\n";
    for (const auto& ref : r->references) std::cout << "- " << ref.title << ": " << ref.url << '\n';
  }
  return 0;
}

}  // namespace halint::cli
