#pragma once
// Rule metadata, read from the rules/*.yaml files compiled into the binary. `halint rules`,
// `halint explain`, reporters (names, SARIF rule metadata) all read it from here.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"

namespace halint::rules {

struct Reference {
  std::string title;
  std::string url;
};

struct RuleMeta {
  std::string code;
  std::string name;
  Severity severity = Severity::Warning;
  std::string summary;
  std::string rationale;
  std::string example_bad;
  std::string example_good;
  std::string fix_safety;  // safe | unsafe | none
  std::string fix_description;
  std::vector<Reference> references;
  bool topology = false;
  std::string file;  // rules/HA101-missing-topology-spread.yaml
  std::string help_uri() const;
};

class Catalog {
 public:
  // Parses the embedded rule files; throws nothing: a bad file is a build-time test failure.
  static Catalog load();
  const std::vector<RuleMeta>& rules() const { return rules_; }
  // By code ("HA101", case-insensitive) or name ("missing-topology-spread").
  const RuleMeta* find(std::string_view code_or_name) const;
  std::vector<std::string> errors() const { return errors_; }

 private:
  std::vector<RuleMeta> rules_;
  std::vector<std::string> errors_;
};

}  // namespace halint::rules
