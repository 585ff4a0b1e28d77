// HA001 yaml-syntax: a file that is not valid YAML, with the parser's reason and position.
#include "rules/registry.h"

namespace halint::rules {
namespace {

class YamlSyntax : public Rule {
 public:
  std::string_view code() const override { return "HA001"; }
  void check(const RuleContext& ctx, std::vector<Finding>& out) const override {
    for (FileId id : ctx.analysis.linted_files) {
      const SourceFile& f = ctx.analysis.files[id];
      if (!f.syntax_error) continue;
      Finding x;
      x.rule = "HA001";
      x.message = "invalid YAML: " + f.syntax_error->reason;
      uint32_t at = f.syntax_error->offset;
      x.location = Origin{id, Span{at, at}};
      x.help = "fix the syntax: kubectl, kustomize and Flux reject this file";
      out.push_back(std::move(x));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha001_yaml_syntax() { return std::make_unique<YamlSyntax>(); }

}  // namespace halint::rules
