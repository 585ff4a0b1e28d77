// HA002 duplicate-key: a mapping that repeats a key. The API server's strict decoding
// rejects it; lenient tools silently keep one of the values.
#include "rules/registry.h"

namespace halint::rules {
namespace {

class DuplicateKey : public Rule {
 public:
  std::string_view code() const override { return "HA002"; }
  void check(const RuleContext& ctx, std::vector<Finding>& out) const override {
    for (FileId id : ctx.analysis.linted_files) {
      const SourceFile& f = ctx.analysis.files[id];
      for (const auto& d : f.duplicates) {
        Finding x;
        x.rule = "HA002";
        LineCol first = f.locate(d.first.begin);
        x.message = "duplicate key \"" + d.key + "\" (first defined at line " + std::to_string(first.line) +
                    "); strict decoding rejects the object and lenient decoding keeps only the last value";
        x.location = Origin{id, d.duplicate};
        x.help = "remove one of the two entries";
        out.push_back(std::move(x));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha002_duplicate_key() { return std::make_unique<DuplicateKey>(); }

}  // namespace halint::rules
