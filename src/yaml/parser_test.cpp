#include "yaml/parser.h"

#include <gtest/gtest.h>

namespace halint::yaml {
namespace {

TEST(Parser, SpansOfScalarsAreExactBytes) {
  std::string text = "a: b\nc: \"quoted\"\n";
  auto r = parse(text, 0);
  ASSERT_FALSE(r.error);
  ASSERT_EQ(r.documents.size(), 1u);
  const Node& root = r.documents[0].root;
  const Node* c = root.get("c");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->str(), "quoted");
  EXPECT_EQ(c->style(), Style::DoubleQuoted);
  EXPECT_EQ(text.substr(c->origin().span.begin, c->origin().span.end - c->origin().span.begin), "\"quoted\"");
}

TEST(Parser, BomCrlfAndUtf8MapToBytes) {
  std::string text = "\xEF\xBB\xBF" "a: b\r\nc: \"\xC3\xA9x\"\r\nd: z\r\n";
  auto r = parse(text, 0);
  ASSERT_FALSE(r.error);
  const Node* d = r.documents[0].root.get("d");
  ASSERT_TRUE(d);
  EXPECT_EQ(text.substr(d->origin().span.begin, 1), "z");
  const Node* c = r.documents[0].root.get("c");
  EXPECT_EQ(text.substr(c->origin().span.begin, c->origin().span.end - c->origin().span.begin), "\"\xC3\xA9x\"");
}

// Long non-ASCII text: code point marks are converted incrementally and from
// checkpoints; every scalar's span must still cover exactly its bytes, wherever it is.
TEST(Parser, ManyMultibyteScalarsMapToBytes) {
  std::string text = "# \xE2\x80\x94 comment\nitems:\n";
  std::vector<std::string> values;
  for (int i = 0; i < 300; ++i) {
    std::string v = "v" + std::to_string(i) + (i % 3 == 0 ? "\xC3\xA9\xF0\x9F\x98\x80" : "") +
                     (i % 7 == 0 ? std::string(150, 'x') : "");
    values.push_back(v);
    text += "  - {k\xC3\xBC: " + v + ", n: " + std::to_string(i) + "}\n";
  }
  auto r = parse(text, 0);
  ASSERT_FALSE(r.error) << r.error->reason;
  const Node* items = r.documents[0].root.get("items");
  ASSERT_TRUE(items);
  ASSERT_EQ(items->size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    const Node& item = items->at(i);
    const Node* v = item.get("k\xC3\xBC");
    ASSERT_TRUE(v);
    Span s = v->origin().span;
    EXPECT_EQ(text.substr(s.begin, s.end - s.begin), values[i]) << i;
    Span m = item.origin().span;  // the flow map: from '{' to '}'
    EXPECT_EQ(text[m.begin], '{') << i;
    EXPECT_EQ(text[m.end - 1], '}') << i;
  }
}

TEST(Parser, BlockCollectionEndsAtLastDescendant) {
  std::string text = "spec:\n  a: 1\n  b: [x, y]\n# trailing comment\n\nother: 2\n";
  auto r = parse(text, 0);
  const Node* spec = r.documents[0].root.get("spec");
  ASSERT_TRUE(spec);
  EXPECT_EQ(text.substr(spec->origin().span.begin, spec->origin().span.end - spec->origin().span.begin),
            "a: 1\n  b: [x, y]");
}

TEST(Parser, ScalarTypesFollowYaml12Core) {
  auto r = parse("a: 1\nb: '1'\nc: true\nd: yes\ne: ~\nf: 1.5\ng: 0x1F\nh: =\ni: !env_var FOO\n", 0);
  const Node& m = r.documents[0].root;
  EXPECT_EQ(m.get("a")->scalar_type(), ScalarType::Int);
  EXPECT_EQ(m.get("b")->scalar_type(), ScalarType::String);
  EXPECT_EQ(m.get("c")->scalar_type(), ScalarType::Bool);
  EXPECT_EQ(m.get("d")->scalar_type(), ScalarType::String);
  EXPECT_EQ(m.get("e")->scalar_type(), ScalarType::Null);
  EXPECT_EQ(m.get("f")->scalar_type(), ScalarType::Float);
  EXPECT_EQ(m.get("g")->as_int(), 31);
  EXPECT_EQ(m.get("h")->str(), "=");
  EXPECT_EQ(m.get("i")->str(), "FOO");
  EXPECT_TRUE(m.get("i")->has_flag(kTagged));
}

TEST(Parser, RedefinedAnchorLaterWinsAndMergeKeysExpand) {
  auto r = parse("a: &x 1\nb: &x 2\nc: *x\nbase: &b {k: v, j: w}\nd:\n  <<: *b\n  j: own\n", 0);
  ASSERT_FALSE(r.error);
  const Node& m = r.documents[0].root;
  EXPECT_EQ(m.get("c")->str(), "2");
  EXPECT_TRUE(m.get("c")->has_flag(kFromAlias));
  const Node* d = m.get("d");
  EXPECT_EQ(d->get("k")->str(), "v");
  EXPECT_TRUE(d->get("k")->has_flag(kFromMerge));
  EXPECT_EQ(d->get("j")->str(), "own");
  EXPECT_EQ(d->get("<<"), nullptr);
}

TEST(Parser, DuplicateKeysAreReportedAndLaterWins) {
  auto r = parse("a: 1\nb: 2\na: 3\n", 0);
  ASSERT_EQ(r.duplicates.size(), 1u);
  EXPECT_EQ(r.duplicates[0].key, "a");
  EXPECT_EQ(r.documents[0].root.get("a")->str(), "3");
  EXPECT_EQ(r.documents[0].root.size(), 2u);
}

TEST(Parser, SyntaxErrorKeepsEarlierDocumentsAndGivesPosition) {
  std::string text = "a: 1\n---\nb: [1, 2\nc: 3\n";
  auto r = parse(text, 0);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.documents.size(), 1u);
  EXPECT_FALSE(r.error->reason.empty());
}

TEST(Parser, RejectsInvalidUtf8AndBinary) {
  EXPECT_TRUE(parse(std::string("a: \xff\xfe\n"), 0).error);
  EXPECT_TRUE(parse(std::string("\x00\x01\x02", 3), 0).error);
}

TEST(Parser, EmptyInputIsNoDocument) {
  auto r = parse("", 0);
  EXPECT_FALSE(r.error);
  EXPECT_TRUE(r.documents.empty());
}

TEST(Parser, DeepNestingIsCappedNotCrashing) {
  std::string deep(100000, '[');
  auto r = parse(deep, 0);
  ASSERT_TRUE(r.error);
  EXPECT_NE(r.error->reason.find("nesting"), std::string::npos);
}

TEST(Parser, BillionLaughsIsCapped) {
  std::string text = "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; ++c) {
    text += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) text += std::string(i ? "," : "") + "*" + prev;
    text += "]\n";
    prev = c;
  }
  auto r = parse(text, 0);
  ASSERT_TRUE(r.error);
  EXPECT_NE(r.error->reason.find("aliasing"), std::string::npos);
}

TEST(Parser, UndefinedAliasIsAnError) {
  auto r = parse("a: *nope\n", 0);
  ASSERT_TRUE(r.error);
}

}  // namespace
}  // namespace halint::yaml
