// Hostile inputs for the parser: whatever a file holds, parse() returns (no crash, no
// hang, bounded memory), and a rejected file says where and why. The CLI-level
// counterpart (directories, symlink loops, unreadable files, 50 MB) is
// tests/robustness_test.sh.
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>

#include "yaml/parser.h"

namespace halint::yaml {
namespace {

std::string repeat(std::string_view s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(Robustness, EmptyAndCommentOnlyFilesHaveNoDocuments) {
  for (std::string text : {"", "\n\n", "# just a comment\n", "\xEF\xBB\xBF"}) {
    auto r = parse(text, 0);
    EXPECT_FALSE(r.error) << text;
    EXPECT_TRUE(r.documents.empty()) << text;
  }
}

TEST(Robustness, NulByteIsRejectedAtItsOffset) {
  std::string text("a: b\0c: d\n", 10);
  auto r = parse(text, 0);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->offset, 4u);  // libyaml's reader error carries a byte offset, not a mark
  EXPECT_NE(r.error->reason.find("control characters"), std::string::npos) << r.error->reason;
  EXPECT_NE(r.error->reason.find("#x0"), std::string::npos) << r.error->reason;
}

TEST(Robustness, InvalidUtf8IsRejectedAtItsOffset) {
  std::string text = "key: caf\xC3\xA9\nbad: \xFF\xFE\n";
  auto r = parse(text, 0);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->offset, text.find('\xFF'));
  EXPECT_NE(r.error->reason.find("UTF-8"), std::string::npos) << r.error->reason;
}

TEST(Robustness, BinaryDataIsRejectedNotCrashed) {
  std::mt19937 rng(42);
  for (int round = 0; round < 200; ++round) {
    std::string text(1 + rng() % 4096, '\0');
    for (auto& c : text) c = static_cast<char>(rng());
    auto r = parse(text, 0);
    if (r.error) {
      EXPECT_LE(r.error->offset, text.size());
    }
  }
}

TEST(Robustness, DeepFlowNestingIsCapped) {
  for (std::string open : {"[", "{a: ", "- ", "[{a: "}) {
    std::string text = repeat(open, 100'000) + "x\n";
    auto r = parse(text, 0);
    ASSERT_TRUE(r.error) << open;
    EXPECT_NE(r.error->reason.find("nesting deeper than 1000"), std::string::npos) << r.error->reason;
  }
}

TEST(Robustness, DeepBlockNestingIsCapped) {
  // 100,000 levels of indentation would be 5 GB of spaces; 3,000 (4.5 MB) passes the cap.
  std::string text;
  for (size_t i = 0; i < 3000; ++i) text += std::string(i, ' ') + "a:\n";
  auto r = parse(text, 0);
  ASSERT_TRUE(r.error);
  EXPECT_NE(r.error->reason.find("nesting deeper"), std::string::npos);
}

TEST(Robustness, NestingJustUnderTheCapParses) {
  std::string text = repeat("[", 999) + repeat("]", 999) + "\n";
  auto r = parse(text, 0);
  EXPECT_FALSE(r.error) << r.error->reason;
}

TEST(Robustness, BillionLaughsIsCappedQuickly) {
  std::string text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  char prev = 'a';
  for (char n = 'b'; n <= 'j'; ++n) {
    text += std::string(1, n) + ": &" + n + " [";
    for (int i = 0; i < 9; ++i) text += std::string(i ? ", *" : "*") + prev;
    text += "]\n";
    prev = n;
  }
  auto start = std::chrono::steady_clock::now();
  auto r = parse(text, 0);
  ASSERT_TRUE(r.error);
  EXPECT_NE(r.error->reason.find("excessive aliasing"), std::string::npos);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 10.0);
}

TEST(Robustness, AliasBombThroughMergeKeysIsCapped) {
  std::string text = "a: &a {k0: 1, k1: 1, k2: 1, k3: 1, k4: 1, k5: 1, k6: 1, k7: 1}\n";
  char prev = 'a';
  for (char n = 'b'; n <= 'z'; ++n) {
    text += std::string(1, n) + ": &" + n + " [";
    for (int i = 0; i < 8; ++i) text += std::string(i ? ", *" : "*") + prev;
    text += "]\n";
    prev = n;
  }
  auto r = parse(text, 0);
  ASSERT_TRUE(r.error);
}

TEST(Robustness, UndefinedAliasIsASyntaxError) {
  auto r = parse("a: *nope\n", 0);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->offset, 3u);
}

TEST(Robustness, CrlfAndBomKeepByteOffsets) {
  std::string text = "\xEF\xBB\xBF" "apiVersion: v1\r\nkind: ConfigMap\r\nbad: [\r\n";
  auto r = parse(text, 0);
  ASSERT_TRUE(r.error);
  EXPECT_LE(r.error->offset, text.size());
  ASSERT_EQ(r.documents.size(), 0u);
  auto ok = parse("\xEF\xBB\xBF" "a: 1\r\nb: |\r\n  x\r\n  y\r\n", 0);
  ASSERT_FALSE(ok.error);
  EXPECT_EQ(ok.documents[0].root.get("b")->str(), "x\ny\n");
}

TEST(Robustness, Utf16IsRejectedWithAReason) {
  auto r = parse(std::string("\xFF\xFE" "a\0:\0 \0b\0", 10), 0);
  ASSERT_TRUE(r.error);
  EXPECT_NE(r.error->reason.find("UTF-16"), std::string::npos);
}

TEST(Robustness, KubernetesQuirksAreAccepted) {
  // Everything the Kubernetes decoder accepts and PyYAML does not (corpus STATS.md §2).
  auto r = parse(
      "a: &x 1\nb: &x 2\nc: *x\n"          // a redefined anchor: the later wins
      "matchType: =\n"                     // plain '='
      "api_key: !env_var SONARR_API_KEY\n"  // custom tag
      "emoji: !!python/name:material.extensions.emoji.twemoji\n",
      0);
  ASSERT_FALSE(r.error) << r.error->reason;
  EXPECT_EQ(r.documents[0].root.get("c")->str(), "2");
  EXPECT_EQ(r.documents[0].root.get("matchType")->str(), "=");
  EXPECT_EQ(r.documents[0].root.get("api_key")->str(), "SONARR_API_KEY");
}

TEST(Robustness, LargeFileParsesInBoundedTime) {
  // 8 MB of small documents here; the 50 MB case runs at CLI level.
  std::string doc = "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, labels: {a: b}}\ndata:\n  k: v\n";
  std::string text = repeat(doc, 8 * 1024 * 1024 / doc.size());
  auto start = std::chrono::steady_clock::now();
  auto r = parse(text, 0);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(r.documents.size(), 8 * 1024 * 1024 / doc.size());
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 20.0);
}

std::string span_text(const std::string& text, const Node& n) {
  Span sp = n.origin().span;
  if (sp.end < sp.begin || sp.end > text.size()) return "<invalid span>";
  return text.substr(sp.begin, sp.end - sp.begin);
}

TEST(Robustness, BlockCollectionEndingInAnAliasEndsAtTheAlias) {
  // Found by the fuzzer's span invariants: the end was taken from the alias copy, whose
  // origin is the anchor's, earlier in the file: an inverted span.
  std::string text = "base: &x\n  k: v\nb:\n  - 1\n  - *x\nc: 3\n";
  auto r = parse(text, 0);
  ASSERT_FALSE(r.error);
  EXPECT_EQ(span_text(text, *r.documents[0].root.get("b")), "- 1\n  - *x");
}

TEST(Robustness, BlockMapEndingInAMergeKeyEndsAtTheMergeKey) {
  std::string text = "base: &x {k: v, z: 1}\nd:\n  own: 1\n  <<: *x\nc: 3\n";
  auto r = parse(text, 0);
  ASSERT_FALSE(r.error);
  const Node* d = r.documents[0].root.get("d");
  EXPECT_EQ(span_text(text, *d), "own: 1\n  <<: *x");
  EXPECT_EQ(d->size(), 3u);  // own, k, z
}

}  // namespace
}  // namespace halint::yaml
