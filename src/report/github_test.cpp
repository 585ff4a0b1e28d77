#include "report/github.h"

#include <gtest/gtest.h>

#include <sstream>

#include "report/report.h"
#include "report/test_support.h"

namespace halint::report {
namespace {

using testing::finding_at;
using testing::make_analysis;

const char* kDeploy =
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  name: web\n"
    "spec:\n"
    "  replicas: 3\n";

TEST(GithubEscape, DataEscapesPercentAndLineBreaksOnly) {
  EXPECT_EQ(github_escape_data("50% of a\r\nb: c, d"), "50%25 of a%0D%0Ab: c, d");
  EXPECT_EQ(github_escape_data("%0A"), "%250A");  // already-escaped text stays literal
}

TEST(GithubEscape, PropertiesAlsoEscapeColonAndComma) {
  EXPECT_EQ(github_escape_property("HA101 a:b,c%\n"), "HA101 a%3Ab%2Cc%25%0A");
}

TEST(GithubFormat, OneCommandPerFindingWithFullRegion) {
  Analysis a = make_analysis({{"apps/web, prod/deploy.yaml", kDeploy}});
  auto catalog = rules::Catalog::load();
  Finding warn = finding_at(a, 0, "replicas: 3");
  warn.fix = Fix{"add topologySpreadConstraints", true, {}};
  Finding info = finding_at(a, 0, "spec", "HA304", Severity::Info, "50% done\nsecond line");
  std::vector<Finding> findings{warn, info};
  engine::Summary summary;
  std::ostringstream out;
  write_github({findings, summary, a, catalog}, out);
  std::string text = out.str();
  EXPECT_EQ(text,
            "::warning file=apps/web%2C prod/deploy.yaml,line=6,col=3,endLine=6,endColumn=14,"
            "title=HA101 missing-topology-spread::Deployment \"web\" has 3 replicas"
            "%0Afix: add topologySpreadConstraints (halint fix)%0Amore: halint explain HA101\n"
            "::notice file=apps/web%2C prod/deploy.yaml,line=5,col=1,endLine=5,endColumn=5,"
            "title=HA304 pdb-unhealthy-eviction-policy::50%25 done%0Asecond line%0Amore: halint explain HA304\n");
}

TEST(GithubFormat, ErrorWithoutFileHasNoPosition) {
  Analysis a = make_analysis({});
  auto catalog = rules::Catalog::load();
  Finding f;
  f.rule = "HA004";
  f.severity = Severity::Error;
  f.message = "cycle";
  std::vector<Finding> findings{f};
  engine::Summary summary;
  std::ostringstream out;
  write_github({findings, summary, a, catalog}, out);
  EXPECT_EQ(out.str(), "::error title=HA004 render-error::cycle%0Amore: halint explain HA004\n");
}

TEST(StepSummary, CountsByRuleAndLinksToTheCommit) {
  Analysis a = make_analysis({{"apps/web.yaml", kDeploy}});
  auto catalog = rules::Catalog::load();
  std::vector<Finding> findings{finding_at(a, 0, "replicas: 3"), finding_at(a, 0, "spec"),
                                finding_at(a, 0, "kind", "HA002", Severity::Error, "duplicate | key <b>")};
  engine::Summary summary;
  summary.errors = 1;
  summary.warnings = 2;
  summary.files = 1;
  std::ostringstream out;
  write_step_summary({findings, summary, a, catalog}, out, {"https://github.com", "o/r", "abc123"});
  std::string md = out.str();
  // The error rule comes first in the counts, then HA101 with its 2 findings.
  size_t ha002 = md.find("| [HA002 duplicate-key](https://halint.io/rules/HA002-duplicate-key) | 🔴 error | 1 |");
  size_t ha101 = md.find("| [HA101 missing-topology-spread](");
  ASSERT_NE(ha002, std::string::npos) << md;
  ASSERT_NE(ha101, std::string::npos) << md;
  EXPECT_LT(ha002, ha101);
  EXPECT_NE(md.find("| 2 | `halint explain HA101` |"), std::string::npos) << md;
  EXPECT_NE(md.find("[`apps/web.yaml:2`](https://github.com/o/r/blob/abc123/apps/web.yaml#L2)"), std::string::npos) << md;
  EXPECT_NE(md.find("duplicate \\| key &lt;b&gt;"), std::string::npos) << md;
  EXPECT_NE(md.find("1 error, 2 warnings"), std::string::npos) << md;
}

// A rule whose verdict sets the severity (HA201 is info without topology) reports
// findings of two severities: each is counted under its own, never under the worst.
TEST(StepSummary, CountsEachSeverityOfARuleApart) {
  Analysis a = make_analysis({{"apps/web.yaml", kDeploy}});
  auto catalog = rules::Catalog::load();
  std::vector<Finding> findings{finding_at(a, 0, "replicas: 3", "HA201", Severity::Warning, "pinned"),
                                finding_at(a, 0, "spec", "HA201", Severity::Info, "selector"),
                                finding_at(a, 0, "kind", "HA304", Severity::Info, "policy")};
  engine::Summary summary;
  summary.warnings = 1;
  summary.infos = 2;
  summary.fixable = 1;
  summary.unsafe_fixable = 2;
  std::ostringstream out;
  write_step_summary({findings, summary, a, catalog}, out, {});
  std::string md = out.str();
  EXPECT_NE(md.find("| [HA201 node-selector-blocks-failover](https://halint.io/rules/HA201-node-selector-blocks-failover) "
                    "| 🟡 warning | 1 |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| [HA201 node-selector-blocks-failover](https://halint.io/rules/HA201-node-selector-blocks-failover) "
                    "| 🔵 info | 1 |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| 🔵 info | 1 | `halint explain HA304` |"), std::string::npos) << md;
  // Warnings before infos.
  EXPECT_LT(md.find("🟡 warning | 1 |"), md.find("🔵 info | 1 |")) << md;
  EXPECT_EQ(md.find("🟡 warning | 2 |"), std::string::npos) << md;
  // Only safe fixes are what `halint fix` applies.
  EXPECT_NE(md.find("1 of these can be fixed automatically: run `halint fix`."), std::string::npos) << md;
  EXPECT_NE(md.find("2 have a fix that may change behaviour: review it with `halint fix --unsafe-fixes --diff`."),
            std::string::npos)
      << md;
}

TEST(SummaryLine, CountsSafeFixesAndUnsafeOnesApart) {
  engine::Summary s;
  s.files = 3;
  s.warnings = 4;
  s.fixable = 3;
  s.unsafe_fixable = 1;
  EXPECT_EQ(summary_line(s),
            "0 errors, 4 warnings, 0 infos in 3 files (0 objects, 0 renders, 0 workloads, 3 fixable with `halint fix` "
            "(+1 with `--unsafe-fixes`))");
  s.fixable = 0;
  EXPECT_EQ(summary_line(s),
            "0 errors, 4 warnings, 0 infos in 3 files (0 objects, 0 renders, 0 workloads, 1 fixable with `halint fix "
            "--unsafe-fixes`)");
  s.unsafe_fixable = 0;
  EXPECT_EQ(summary_line(s), "0 errors, 4 warnings, 0 infos in 3 files (0 objects, 0 renders, 0 workloads)");
}

TEST(StepSummary, PlainPathsWithoutRunContextAndCleanRun) {
  Analysis a = make_analysis({{"apps/web.yaml", kDeploy}});
  auto catalog = rules::Catalog::load();
  std::vector<Finding> findings{finding_at(a, 0, "spec")};
  engine::Summary summary;
  std::ostringstream out;
  write_step_summary({findings, summary, a, catalog}, out, {});
  EXPECT_NE(out.str().find("| `apps/web.yaml:5` |"), std::string::npos) << out.str();
  std::vector<Finding> none;
  std::ostringstream clean;
  write_step_summary({none, summary, a, catalog}, clean, {});
  EXPECT_NE(clean.str().find("No findings"), std::string::npos);
}

}  // namespace
}  // namespace halint::report
