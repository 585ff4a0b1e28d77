#include <gtest/gtest.h>

#include <random>

#include "core/file_table.h"

namespace halint {
namespace {

// The facts as plain searches say, to compare the block-wise pass with.
TextFacts naive(std::string_view t) {
  TextFacts f;
  bool escape = t.find('\\') != std::string_view::npos;
  f.dollar = escape || t.find('$') != std::string_view::npos;
  f.halint_bytes = t.find("halint") != std::string_view::npos;
  f.halint = escape || f.halint_bytes;
  f.descheduler = escape || t.find("DeschedulerPolicy") != std::string_view::npos;
  f.dollar_at.clear();
  if (f.dollar)
    for (size_t i = 0; i < t.size(); ++i)
      if (t[i] == '$' || t[i] == '\\') f.dollar_at.push_back(static_cast<uint32_t>(i));
  return f;
}

void expect_same(std::string_view t) {
  TextFacts a = text_facts(t), b = naive(t);
  EXPECT_EQ(a.dollar, b.dollar) << t;
  EXPECT_EQ(a.halint_bytes, b.halint_bytes) << t;
  EXPECT_EQ(a.halint, b.halint) << t;
  EXPECT_EQ(a.descheduler, b.descheduler) << t;
  EXPECT_EQ(a.dollar_at, b.dollar_at) << t;
}

TEST(TextFacts, WordsAndMarksAtEveryBlockPosition) {
  for (std::string word : {"halint", "DeschedulerPolicy", "$", "\\", "${VAR}", "hal", "Deschedule"})
    for (size_t at = 0; at < 40; ++at) {
      std::string t(at, 'x');
      t += word;
      for (size_t tail = 0; tail < 20; ++tail) expect_same(t + std::string(tail, 'h'));
    }
}

TEST(TextFacts, RandomTexts) {
  std::mt19937 rng(7);
  const std::string alphabet = "haDe$\\lintx \n";
  for (int n = 0; n < 500; ++n) {
    std::string t;
    for (size_t i = rng() % 200; i > 0; --i) t += alphabet[rng() % alphabet.size()];
    if (rng() % 3 == 0) t.insert(rng() % (t.size() + 1), "halint");
    if (rng() % 5 == 0) t.insert(rng() % (t.size() + 1), "DeschedulerPolicy");
    expect_same(t);
  }
}

TEST(TextFacts, DollarInSpans) {
  TextFacts f = text_facts("a: 1\nb: ${X}\nc: 3\n");
  EXPECT_FALSE(f.dollar_in(0, 5));
  EXPECT_TRUE(f.dollar_in(5, 12));
  EXPECT_FALSE(f.dollar_in(13, 18));
  EXPECT_FALSE(text_facts("a: 1\n").dollar_in(0, 5));
  TextFacts unknown;  // defaults: not computed, so anything may hold one
  EXPECT_TRUE(unknown.dollar_in(0, 1));
}

}  // namespace
}  // namespace halint
