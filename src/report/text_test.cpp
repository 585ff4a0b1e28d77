#include <gtest/gtest.h>

#include <sstream>

#include "report/report.h"
#include "report/test_support.h"

namespace halint::report {
namespace {

TEST(TextReport, CompilerStyleLineWithCaretUnderTheSpan) {
  Analysis a = testing::make_analysis({{"app.yaml", "kind: Deployment\nspec:\n  replicas: 3\n"}});
  std::vector<Finding> findings{testing::finding_at(a, 0, "replicas")};
  engine::Summary s;
  auto catalog = rules::Catalog::load();
  std::ostringstream out;
  write_text({findings, s, a, catalog}, out, {});
  std::string text = out.str();
  EXPECT_NE(text.find(":3:3: warning[HA101 missing-topology-spread]: Deployment \"web\" has 3 replicas"),
            std::string::npos) << text;
  EXPECT_NE(text.find("3 |   replicas: 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  |   ^^^^^^^^\n"), std::string::npos) << text;
}

TEST(TextReport, ControlCharactersFromFilesNeverReachTheTerminal) {
  Analysis a = testing::make_analysis({{"app.yaml", "a: \"\x1b[2Jboom\"\nreplicas: 3\n"}});
  std::vector<Finding> findings{testing::finding_at(a, 0, "boom", "HA101", Severity::Warning, "bad \x1b]0;title\x07")};
  engine::Summary s;
  auto catalog = rules::Catalog::load();
  std::ostringstream out;
  write_text({findings, s, a, catalog}, out, {});
  EXPECT_EQ(out.str().find('\x1b'), std::string::npos);
  EXPECT_EQ(out.str().find('\x07'), std::string::npos);
}

TEST(TextReport, RuleFileHelpIsOneLine) {
  // No fix and no help of its own: the rule file's fix text (a wrapped `|` block) is shown.
  Analysis a = testing::make_analysis({{"pdb.yaml", "kind: PodDisruptionBudget\nspec:\n  selector: {}\n"}});
  std::vector<Finding> findings{testing::finding_at(a, 0, "selector", "HA303")};
  engine::Summary s;
  auto catalog = rules::Catalog::load();
  std::ostringstream out;
  write_text({findings, s, a, catalog}, out, {});
  std::string text = out.str();
  size_t help = text.find("  = help: No automatic fix");
  ASSERT_NE(help, std::string::npos) << text;
  std::string line = text.substr(help, text.find('\n', help) - help);
  EXPECT_NE(line.find("Set the selector to the"), std::string::npos) << text;  // the next wrapped line, joined
}

}  // namespace
}  // namespace halint::report
