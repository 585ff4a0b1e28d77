#include "yaml/embedded.h"

#include <gtest/gtest.h>

namespace halint::yaml {
namespace {

// The text at a node's (mapped) origin in the outer file.
std::string at(const std::string& file, const Node& n) {
  return file.substr(n.origin().span.begin, n.origin().span.end - n.origin().span.begin);
}

const Node& value_of(const ParseResult& r, std::string_view key) { return *r.documents[0].root.path({"data", key}); }

TEST(Embedded, LiteralBlockMapsToFileBytes) {
  std::string file =
      "kind: ConfigMap\n"
      "data:\n"
      "  policy.yaml: |\n"
      "    kind: DeschedulerPolicy\n"
      "\n"
      "    plugins:\n"
      "      balance:\n"
      "        enabled:\n"
      "          - \"RemovePodsViolatingNodeAffinity\" # a comment\n";
  auto outer = parse(file, 7);
  ASSERT_FALSE(outer.error);
  auto e = parse_embedded(value_of(outer, "policy.yaml"), file, 7);
  ASSERT_TRUE(e.ok);
  ASSERT_TRUE(e.precise);
  const Node& root = e.documents[0].root;
  EXPECT_EQ(root.origin().file, 7u);
  const Node* item = &root.path({"plugins", "balance", "enabled"})->at(0);
  EXPECT_EQ(at(file, *item), "\"RemovePodsViolatingNodeAffinity\"");
  EXPECT_EQ(at(file, *root.get("kind")), "DeschedulerPolicy");
  EXPECT_EQ(at(file, *root.path({"plugins"})->find_key("balance")), "balance");
}

TEST(Embedded, StripChompingAndCrlf) {
  std::string file = "data:\r\n  p.yaml: |-\r\n    a: 1\r\n    b:\r\n      - xy\r\nother: 2\r\n";
  auto outer = parse(file, 0);
  ASSERT_FALSE(outer.error);
  const Node* v = outer.documents[0].root.path({"data", "p.yaml"});
  ASSERT_TRUE(v);
  auto e = parse_embedded(*v, file, 0);
  ASSERT_TRUE(e.precise);
  const Node& root = e.documents[0].root;
  EXPECT_EQ(at(file, root.get("b")->at(0)), "xy");
  EXPECT_EQ(at(file, *root.get("a")), "1");
}

TEST(Embedded, FoldedAndQuotedGetCoarsePositions) {
  std::string file = "data:\n  p.yaml: \"a: 1\\nb: 2\\n\"\n";
  auto outer = parse(file, 0);
  const Node& v = value_of(outer, "p.yaml");
  auto e = parse_embedded(v, file, 0);
  ASSERT_TRUE(e.ok);
  EXPECT_FALSE(e.precise);
  EXPECT_EQ(e.documents[0].root.get("b")->origin(), v.origin());
}

TEST(Embedded, ExplicitIndentationIndicatorIsCoarse) {
  std::string file = "data:\n  p.yaml: |2\n      a: 1\n";
  auto outer = parse(file, 0);
  auto e = parse_embedded(value_of(outer, "p.yaml"), file, 0);
  EXPECT_FALSE(e.precise);
}

TEST(Embedded, SyntaxErrorIsNotOk) {
  std::string file = "data:\n  p.yaml: |\n    a: [1\n";
  auto outer = parse(file, 0);
  auto e = parse_embedded(value_of(outer, "p.yaml"), file, 0);
  EXPECT_FALSE(e.ok);
}

}  // namespace
}  // namespace halint::yaml
