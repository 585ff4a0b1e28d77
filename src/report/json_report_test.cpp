// The JSON report (SPEC §4): positions are 1-based and a finding on a block ends on the
// block's last line; the summary counts what `halint fix` applies apart from unsafe fixes.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

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

// JSON is YAML: yaml-cpp reads the report.
YAML::Node json_of(const Analysis& a, const std::vector<Finding>& findings, const engine::Summary& summary = {}) {
  static const auto catalog = rules::Catalog::load();
  std::ostringstream out;
  write_json({findings, summary, a, catalog}, out);
  return YAML::Load(out.str());
}

TEST(JsonReport, PositionsOfOneLineAndMultiLineFindings) {
  Analysis a = make_analysis({{"web.yaml", kDeploy}});
  auto doc = json_of(a, {finding_at(a, 0, "replicas: 3"), finding_at(a, 0, "metadata:\n  name: web\nspec:")});
  auto one = doc["findings"][0];
  EXPECT_EQ(one["file"].as<std::string>(), "/repo/web.yaml");
  EXPECT_EQ(one["line"].as<int>(), 6);
  EXPECT_EQ(one["column"].as<int>(), 3);
  EXPECT_EQ(one["endLine"].as<int>(), 6);
  EXPECT_EQ(one["endColumn"].as<int>(), 14);
  auto block = doc["findings"][1];
  EXPECT_EQ(block["line"].as<int>(), 3);
  EXPECT_EQ(block["column"].as<int>(), 1);
  EXPECT_EQ(block["endLine"].as<int>(), 5);
  EXPECT_EQ(block["endColumn"].as<int>(), 6);
}

TEST(JsonReport, SummaryCountsSafeAndUnsafeFixesApart) {
  Analysis a = make_analysis({{"web.yaml", kDeploy}});
  engine::Summary s;
  s.warnings = 3;
  s.fixable = 2;
  s.unsafe_fixable = 1;
  auto doc = json_of(a, {}, s);
  EXPECT_EQ(doc["summary"]["fixable"].as<int>(), 2);
  EXPECT_EQ(doc["summary"]["unsafeFixable"].as<int>(), 1);
  EXPECT_EQ(doc["summary"]["warnings"].as<int>(), 3);
}

}  // namespace
}  // namespace halint::report
