#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <set>
#include <sstream>

#include "report/fingerprint.h"
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

// SARIF is JSON, which yaml-cpp reads as YAML.
YAML::Node sarif_of(const Analysis& a, const std::vector<Finding>& findings, FixPlanner plan = {}) {
  static const auto catalog = rules::Catalog::load();
  engine::Summary summary;
  std::ostringstream out;
  write_sarif({findings, summary, a, catalog, std::move(plan)}, out);
  return YAML::Load(out.str());
}

TEST(Sarif, RunWithCatalogRulesAndRelativeLocations) {
  Analysis a = make_analysis({{"apps/my app/web.yaml", kDeploy}});
  auto doc = sarif_of(a, {finding_at(a, 0, "replicas: 3")});
  EXPECT_EQ(doc["version"].as<std::string>(), "2.1.0");
  ASSERT_EQ(doc["runs"].size(), 1u);
  auto run = doc["runs"][0];
  auto driver = run["tool"]["driver"];
  EXPECT_EQ(driver["name"].as<std::string>(), "halint");
  EXPECT_EQ(driver["rules"].size(), rules::Catalog::load().rules().size());
  auto result = run["results"][0];
  size_t idx = result["ruleIndex"].as<size_t>();
  auto rule = driver["rules"][idx];
  EXPECT_EQ(rule["id"].as<std::string>(), "HA101");
  EXPECT_EQ(rule["name"].as<std::string>(), "missing-topology-spread");
  EXPECT_EQ(rule["defaultConfiguration"]["level"].as<std::string>(), "warning");
  EXPECT_EQ(rule["helpUri"].as<std::string>(), "https://halint.io/rules/HA101-missing-topology-spread");
  EXPECT_NE(rule["help"]["markdown"].as<std::string>().find("```yaml"), std::string::npos);
  EXPECT_EQ(result["level"].as<std::string>(), "warning");
  EXPECT_EQ(result["message"]["text"].as<std::string>(), "Deployment \"web\" has 3 replicas.");
  auto loc = result["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"].as<std::string>(), "apps/my%20app/web.yaml");
  EXPECT_EQ(loc["artifactLocation"]["uriBaseId"].as<std::string>(), "%SRCROOT%");
  EXPECT_EQ(run["originalUriBaseIds"]["%SRCROOT%"]["uri"].as<std::string>(), "file:///repo/");
  auto region = loc["region"];
  EXPECT_EQ(region["startLine"].as<int>(), 6);
  EXPECT_EQ(region["startColumn"].as<int>(), 3);
  EXPECT_EQ(region["endLine"].as<int>(), 6);
  EXPECT_EQ(region["endColumn"].as<int>(), 14);
  EXPECT_EQ(region["snippet"]["text"].as<std::string>(), "replicas: 3");
  EXPECT_EQ(loc["contextRegion"]["startLine"].as<int>(), 4);
  EXPECT_EQ(loc["contextRegion"]["endLine"].as<int>(), 7);  // the empty line after the last newline
  EXPECT_EQ(run["artifacts"][0]["location"]["uri"].as<std::string>(), "apps/my%20app/web.yaml");
  EXPECT_EQ(result["properties"]["resource"]["name"].as<std::string>(), "web");
  EXPECT_TRUE(result["properties"]["via"].IsSequence());
}

std::string fingerprint_of(const YAML::Node& doc, size_t i = 0) {
  return doc["runs"][0]["results"][i]["partialFingerprints"]["halint/v1"].as<std::string>();
}

TEST(Sarif, FingerprintSurvivesEditsAboveTheFinding) {
  Analysis before = make_analysis({{"web.yaml", kDeploy}});
  Analysis after = make_analysis({{"web.yaml", std::string("# a new comment\n---\n# and another\n") + kDeploy}});
  auto d1 = sarif_of(before, {finding_at(before, 0, "replicas: 3")});
  auto d2 = sarif_of(after, {finding_at(after, 0, "replicas: 3")});
  EXPECT_NE(d1["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"].as<int>(),
            d2["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"].as<int>());
  EXPECT_EQ(fingerprint_of(d1), fingerprint_of(d2));
}

TEST(Sarif, FingerprintTellsFindingsApart) {
  Analysis a = make_analysis({{"web.yaml", kDeploy}, {"other.yaml", kDeploy}});
  Finding base = finding_at(a, 0, "replicas: 3");
  Finding other_rule = base;
  other_rule.rule = "HA402";
  Finding other_object = base;
  other_object.resource->name = "api";
  Finding other_file = finding_at(a, 1, "replicas: 3");
  Finding other_line = finding_at(a, 0, "spec");
  Finding same_again = base;  // e.g. two identical lines in one object
  auto doc = sarif_of(a, {base, other_rule, other_object, other_file, other_line, same_again});
  std::set<std::string> seen;
  for (size_t i = 0; i < 6; ++i) seen.insert(fingerprint_of(doc, i));
  EXPECT_EQ(seen.size(), 6u);
  EXPECT_EQ(fingerprint_of(doc, 0).substr(0, 16), fingerprint_of(doc, 5).substr(0, 16));
  EXPECT_TRUE(fingerprint_of(doc, 0).ends_with(":1"));
  EXPECT_TRUE(fingerprint_of(doc, 5).ends_with(":2"));
}

TEST(Sarif, FingerprintIgnoresIndentation) {
  EXPECT_EQ(normalize_line("   replicas:\t 3  \r"), "replicas: 3");
  Finding f;
  f.rule = "HA101";
  EXPECT_EQ(finding_fingerprint(f, "a.yaml", "  replicas: 3"), finding_fingerprint(f, "a.yaml", "replicas:   3"));
  EXPECT_EQ(hex_hash("").size(), 16u);
}

TEST(Sarif, FixesOnlyWithConcreteEdits) {
  Analysis a = make_analysis({{"web.yaml", kDeploy}});
  Finding f = finding_at(a, 0, "replicas: 3");
  f.fix = Fix{"set replicas", true, {}};
  // Without the fix engine's edits, a SARIF fix (artifactChanges is required) is omitted.
  auto plain = sarif_of(a, {f});
  EXPECT_FALSE(plain["runs"][0]["results"][0]["fixes"]);
  EXPECT_EQ(plain["runs"][0]["results"][0]["properties"]["fixSafety"].as<std::string>(), "safe");

  uint32_t at = static_cast<uint32_t>(a.files[0].text.find("3\n"));
  FixPlanner planner = [&](const Finding&, const Analysis&) {
    return std::vector<TextEdit>{{0, Span{at, at + 1}, "2"}, {0, Span{0, 0}, "# fixed\n"}};
  };
  auto fixed = sarif_of(a, {f}, planner);
  auto fix = fixed["runs"][0]["results"][0]["fixes"][0];
  ASSERT_TRUE(fix);
  EXPECT_EQ(fix["description"]["text"].as<std::string>(), "set replicas.");
  auto change = fix["artifactChanges"][0];
  EXPECT_EQ(change["artifactLocation"]["uri"].as<std::string>(), "web.yaml");
  // Replacements come in file order.
  auto r0 = change["replacements"][0];
  EXPECT_EQ(r0["deletedRegion"]["startLine"].as<int>(), 1);
  EXPECT_EQ(r0["deletedRegion"]["endColumn"].as<int>(), 1);
  EXPECT_EQ(r0["insertedContent"]["text"].as<std::string>(), "# fixed\n");
  auto r1 = change["replacements"][1];
  EXPECT_EQ(r1["deletedRegion"]["startLine"].as<int>(), 6);
  EXPECT_EQ(r1["deletedRegion"]["startColumn"].as<int>(), 13);
  EXPECT_EQ(r1["deletedRegion"]["endColumn"].as<int>(), 14);
  EXPECT_EQ(r1["insertedContent"]["text"].as<std::string>(), "2");
}

// Findings on a whole block (a pod spec, an object) span several lines: the region must
// end where the span ends, not on its first line (19 of the corpus's results do).
TEST(Sarif, MultiLineRegionsEndOnTheirLastLine) {
  Analysis a = make_analysis({{"web.yaml", kDeploy}});
  Finding f = finding_at(a, 0, "metadata:\n  name: web\nspec:");
  f.fix = Fix{"rewrite", true, {}};
  uint32_t from = static_cast<uint32_t>(a.files[0].text.find("kind:")), to = static_cast<uint32_t>(a.files[0].text.find("  name"));
  FixPlanner planner = [&](const Finding&, const Analysis&) { return std::vector<TextEdit>{{0, Span{from, to}, "x"}}; };
  auto doc = sarif_of(a, {f}, planner);
  auto result = doc["runs"][0]["results"][0];
  auto region = result["locations"][0]["physicalLocation"]["region"];
  EXPECT_EQ(region["startLine"].as<int>(), 3);
  EXPECT_EQ(region["startColumn"].as<int>(), 1);
  EXPECT_EQ(region["endLine"].as<int>(), 5);
  EXPECT_EQ(region["endColumn"].as<int>(), 6);
  EXPECT_EQ(region["snippet"]["text"].as<std::string>(), "metadata:\n  name: web\nspec:");
  auto context = result["locations"][0]["physicalLocation"]["contextRegion"];
  EXPECT_EQ(context["startLine"].as<int>(), 1);
  EXPECT_EQ(context["endLine"].as<int>(), 7);
  auto deleted = result["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"];
  EXPECT_EQ(deleted["startLine"].as<int>(), 2);
  EXPECT_EQ(deleted["startColumn"].as<int>(), 1);
  EXPECT_EQ(deleted["endLine"].as<int>(), 4);
  EXPECT_EQ(deleted["endColumn"].as<int>(), 1);
}

TEST(Sarif, FilesOutsideTheRootUseAbsoluteUris) {
  Analysis a = make_analysis({{"web.yaml", kDeploy}});
  a.repository_root = "/elsewhere";
  auto doc = sarif_of(a, {finding_at(a, 0, "spec")});
  auto loc = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
  EXPECT_EQ(loc["uri"].as<std::string>(), "file:///repo/web.yaml");
  EXPECT_FALSE(loc["uriBaseId"]);
}

}  // namespace
}  // namespace halint::report
