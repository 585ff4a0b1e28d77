#include "rules/catalog.h"

#include <algorithm>
#include <cctype>

#include "core/embedded.h"
#include "yaml/parser.h"

namespace halint::rules {

std::string RuleMeta::help_uri() const { return "https://halint.io/rules/" + code + "-" + name; }

static std::string text(const yaml::Node& m, std::string_view key) {
  const yaml::Node* n = m.get(key);
  return n && n->is_scalar() && !n->is_null() ? n->str() : "";
}

Catalog Catalog::load() {
  Catalog c;
  for (const auto& f : embedded_files()) {
    if (!f.path.starts_with("rules/") || !f.path.ends_with(".yaml")) continue;
    auto parsed = yaml::parse(f.data, kNoFile);
    if (parsed.error || parsed.documents.empty() || !parsed.documents[0].root.is_map()) {
      c.errors_.push_back(std::string(f.path) + ": not a valid rule file");
      continue;
    }
    const yaml::Node& m = parsed.documents[0].root;
    RuleMeta r;
    r.file = std::string(f.path);
    r.code = text(m, "code");
    r.name = text(m, "name");
    r.severity = parse_severity(text(m, "severity")).value_or(Severity::Warning);
    r.summary = text(m, "summary");
    r.rationale = text(m, "rationale");
    if (const auto* ex = m.get("example")) {
      r.example_bad = text(*ex, "bad");
      r.example_good = text(*ex, "good");
    }
    if (const auto* fx = m.get("fix")) {
      r.fix_safety = text(*fx, "safety");
      r.fix_description = text(*fx, "description");
    }
    if (const auto* refs = m.get("references"); refs && refs->is_seq())
      for (const auto& ref : refs->items()) r.references.push_back({text(ref, "title"), text(ref, "url")});
    if (const auto* t = m.get("topology")) r.topology = t->as_bool().value_or(false);
    if (r.code.empty() || r.name.empty()) {
      c.errors_.push_back(r.file + ": missing code or name");
      continue;
    }
    c.rules_.push_back(std::move(r));
  }
  std::sort(c.rules_.begin(), c.rules_.end(), [](const RuleMeta& a, const RuleMeta& b) { return a.code < b.code; });
  return c;
}

const RuleMeta* Catalog::find(std::string_view key) const {
  std::string upper(key);
  for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  for (const auto& r : rules_)
    if (r.code == upper || r.name == key) return &r;
  return nullptr;
}

}  // namespace halint::rules
