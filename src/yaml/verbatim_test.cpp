// yaml::kVerbatim: set on what the parser built from the file's own text, cleared by any
// change at or below a node, kept by copies.
#include <gtest/gtest.h>

#include "yaml/parser.h"

namespace halint::yaml {
namespace {

Node parse_one(const std::string& text) {
  auto r = parse(text, 0);
  return r.documents.empty() ? Node() : r.documents[0].root;
}

TEST(Verbatim, ParsedTreesAreVerbatim) {
  Node root = parse_one("a: 1\nb:\n  c: [x, y]\n  d: \"q\"\n");
  EXPECT_TRUE(root.has_flag(kVerbatim));
  EXPECT_TRUE(root.get("b")->has_flag(kVerbatim));
  EXPECT_TRUE(root.path({"b", "c"})->at(1).has_flag(kVerbatim));
}

TEST(Verbatim, AliasesAndMergesAreTextFromElsewhere) {
  Node root = parse_one("base: &b {x: 1}\nuse: *b\nmerged:\n  <<: *b\n  y: 2\nplain: {z: 3}\n");
  EXPECT_FALSE(root.has_flag(kVerbatim));                  // holds an alias copy
  EXPECT_TRUE(root.get("use")->has_flag(kVerbatim));      // the copy itself is the anchor's text
  EXPECT_FALSE(root.get("merged")->has_flag(kVerbatim));  // merged entries are written elsewhere
  EXPECT_TRUE(root.get("plain")->has_flag(kVerbatim));
  EXPECT_TRUE(root.get("base")->has_flag(kVerbatim));
}

TEST(Verbatim, ChangesClearItOnTheWayDownCopiesKeepIt) {
  Node root = parse_one("a:\n  b:\n    c: 1\n  d: 2\n");
  Node copy = root;
  EXPECT_TRUE(copy.has_flag(kVerbatim));
  // A write below needs writing access through every ancestor.
  copy.get("a")->get("b")->get("c")->set_str("2");
  EXPECT_FALSE(copy.has_flag(kVerbatim));
  EXPECT_FALSE(copy.get("a")->has_flag(kVerbatim));
  EXPECT_TRUE(std::as_const(copy).get("a")->get("d")->has_flag(kVerbatim));  // not touched
  EXPECT_TRUE(root.has_flag(kVerbatim));  // the original is unchanged
  EXPECT_EQ(root.path({"a", "b", "c"})->str(), "1");
  Node n = Node::scalar("x");
  EXPECT_FALSE(n.has_flag(kVerbatim));  // made, not parsed
  Node m = parse_one("k: v\n");
  m.set("l", Node::scalar("w"));
  EXPECT_FALSE(m.has_flag(kVerbatim));
  Node o = parse_one("k: v\n");
  o.set_origin(Origin{3, {0, 1}});
  EXPECT_FALSE(o.has_flag(kVerbatim));
}

}  // namespace
}  // namespace halint::yaml
