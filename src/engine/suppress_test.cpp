#include "engine/suppress.h"

#include <gtest/gtest.h>

#include "core/loader.h"
#include "engine/suppress_scan.h"
#include "model/object.h"

namespace halint::engine {
namespace {

const rules::Catalog& catalog() {
  static const rules::Catalog c = rules::Catalog::load();
  return c;
}

FileId add_file(Analysis& a, const std::string& path, const std::string& text) {
  FileId id = static_cast<FileId>(a.files.size());
  a.files.add(parse_text(path, text, id));
  return id;
}

// A finding of `rule` at the first occurrence of `needle` in the file.
Finding at(const Analysis& a, FileId file, const std::string& needle, const std::string& rule,
           std::optional<ResourceRef> resource = std::nullopt) {
  Finding f;
  f.rule = rule;
  auto pos = a.files[file].text.find(needle);
  EXPECT_NE(pos, std::string::npos) << needle;
  f.location = Origin{file, {static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + needle.size())}};
  f.resource = resource;
  return f;
}

TEST(Suppress, RuleListTokens) {
  auto t = parse_rule_list(" HA101, missing-pdb ha102,all  bogus", Origin{0, {10, 10}}, catalog());
  ASSERT_EQ(t.size(), 5u);
  EXPECT_EQ(t[0].code, "HA101");
  EXPECT_EQ(t[0].at.span.begin, 11u);
  EXPECT_EQ(t[1].code, "HA301");
  EXPECT_EQ(t[2].code, "HA102");  // codes are case-insensitive
  EXPECT_EQ(t[3].code, "*");
  EXPECT_EQ(t[4].code, "");
  EXPECT_EQ(t[4].text, "bogus");
}

TEST(Suppress, CommentScopes) {
  Analysis a;
  FileId f = add_file(a, "/r/a.yaml",
                      "# halint:ignore HA301\n"          // 1: above the first document: object
                      "apiVersion: v1\n"                 // 2
                      "kind: ConfigMap\n"                // 3
                      "metadata:\n"                      // 4
                      "  # halint:ignore HA101\n"        // 5: line above 6
                      "  name: x  # halint:ignore HA102 -- reason, with words\n"  // 6: trailing
                      "data:\n"                          // 7
                      "  s: |\n"                         // 8
                      "    # halint:ignore HA103\n"      // 9: text of a block scalar
                      "---\n"                            // 10
                      "# halint:ignore-file HA401\n");  // 11
  std::vector<Suppression> s;
  std::vector<ScanProblem> problems;
  scan_comments(a.files[f], f, catalog(), s, problems);
  EXPECT_TRUE(problems.empty());
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].scope, Suppression::Scope::Object);
  EXPECT_EQ(s[0].span, a.files[f].documents[0].span);
  EXPECT_EQ(s[1].scope, Suppression::Scope::Line);
  EXPECT_EQ(s[1].line, 6u);
  EXPECT_EQ(s[2].scope, Suppression::Scope::Line);
  EXPECT_EQ(s[2].line, 6u);
  ASSERT_EQ(s[2].rules.size(), 1u);  // the reason is not a rule list
  EXPECT_EQ(s[2].rules[0].code, "HA102");
  EXPECT_EQ(s[3].scope, Suppression::Scope::File);
  EXPECT_EQ(s[3].rules[0].code, "HA401");
}

TEST(Suppress, CrlfAndUtf8BeforeTheComment) {
  Analysis a;
  FileId f = add_file(a, "/r/a.yaml",
                      "apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: caf\xC3\xA9 # halint:ignore HA101\r\n"
                      "  # halint:ignore HA102\r\n  labels: {}\r\n");
  std::vector<Suppression> s;
  std::vector<ScanProblem> problems;
  scan_comments(a.files[f], f, catalog(), s, problems);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].scope, Suppression::Scope::Line);  // trailing, not own-line
  EXPECT_EQ(s[0].line, 4u);
  EXPECT_EQ(s[0].rules[0].text, "HA101");
  EXPECT_EQ(s[1].scope, Suppression::Scope::Line);
  EXPECT_EQ(s[1].line, 6u);
}

TEST(Suppress, MatchesFindingsAndReportsUnused) {
  Analysis a;
  FileId f = add_file(a, "/r/a.yaml",
                      "apiVersion: apps/v1\n"
                      "kind: Deployment\n"
                      "metadata:\n"
                      "  name: web  # halint:ignore HA101, HA102\n"
                      "spec:\n"
                      "  replicas: 3\n");
  FileId g = add_file(a, "/r/b.yaml", "replicas: 2\n");
  std::vector<Finding> findings{at(a, f, "web", "HA101"), at(a, f, "replicas: 3", "HA101"),
                                at(a, g, "replicas", "HA101")};
  SuppressOptions opt;
  opt.report_unused = true;
  auto r = apply_suppressions(findings, a, catalog(), opt);
  EXPECT_EQ(r.suppressed, 1u);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].location.span.begin, a.files[f].text.find("replicas: 3"));
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], "/r/a.yaml:4:37: warning: unused suppression \"HA102\"");
  EXPECT_EQ(r.unused, 1u);
  // A rule that did not run is not "unused".
  opt.rule_ran = [](const std::string& code) { return code == "HA101"; };
  findings = {at(a, f, "web", "HA101")};
  r = apply_suppressions(findings, a, catalog(), opt);
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(r.unused, 0u);
}

// A rendered object: its tree is a copy whose nodes keep their origins in the base file,
// and its annotation (written in the base, or added by the overlay) comes along.
TEST(Suppress, AnnotationOnARenderedObjectAndItsPodTemplate) {
  Analysis a;
  FileId base = add_file(a, "/r/base/deploy.yaml",
                         "apiVersion: apps/v1\n"
                         "kind: Deployment\n"
                         "metadata:\n"
                         "  name: web\n"
                         "spec:\n"
                         "  template:\n"
                         "    metadata:\n"
                         "      annotations:\n"
                         "        halint.io/ignore: \"missing-pdb, HA1O1\"\n"
                         "    spec: {}\n");
  auto tree = std::make_shared<yaml::Node>(a.files[base].documents[0].root);
  // The overlay set the namespace (a synthesised node).
  tree->get("metadata")->set("namespace", yaml::Node::string("prod"));
  auto obj = model::make_object(tree, base, 0, "kustomize overlays/prod");
  ASSERT_TRUE(obj);
  a.objects.push_back(*obj);
  ResourceRef prod{"apps/v1", "Deployment", "prod", "web"};
  ResourceRef staging{"apps/v1", "Deployment", "staging", "web"};
  std::vector<Finding> findings{at(a, base, "name: web", "HA301", prod), at(a, base, "spec: {}", "HA101", prod),
                                at(a, base, "name: web", "HA301", staging)};
  SuppressOptions opt;
  opt.report_unused = true;
  auto r = apply_suppressions(findings, a, catalog(), opt);
  EXPECT_EQ(r.suppressed, 1u);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].rule, "HA101");
  EXPECT_EQ(findings[1].resource->name_space, "staging");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], "/r/base/deploy.yaml:9:41: warning: unknown rule \"HA1O1\" in halint.io/ignore");
}

TEST(Suppress, ShownFilesLimitWarnings) {
  Analysis a;
  FileId f = add_file(a, "/r/a.yaml", "# halint:ignore HA999\nx: 1\n");
  std::set<std::string> shown{"/r/other.yaml"};
  std::vector<Finding> none;
  SuppressOptions opt;
  opt.shown_files = &shown;
  EXPECT_TRUE(apply_suppressions(none, a, catalog(), opt).warnings.empty());
  shown.clear();
  auto r = apply_suppressions(none, a, catalog(), opt);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], "/r/a.yaml:1:17: warning: unknown rule \"HA999\" in halint:ignore");
  (void)f;
}

}  // namespace
}  // namespace halint::engine
